/** The kinds of contract method (call, stream, duplex), the helpers the nouns' parts declare them with, and result shapes several nouns share. */
import { z } from 'zod';

export interface CallDef<S extends z.ZodType, O> {
  readonly kind: 'call';
  readonly input: S;
  /** Phantom: the output type, never set at run time. */
  readonly out?: O;
}
export interface StreamDef<S extends z.ZodType, E> {
  readonly kind: 'stream';
  readonly input: S;
  readonly event?: E;
}
export interface DuplexDef<S extends z.ZodType, E, U extends z.ZodType> {
  readonly kind: 'duplex';
  readonly input: S;
  /** Schema of each message the client pushes up the stream. */
  readonly up: U;
  readonly event?: E;
}
export type MethodDef = CallDef<z.ZodType, unknown> | StreamDef<z.ZodType, unknown> | DuplexDef<z.ZodType, unknown, z.ZodType>;

export const call =
  <O>() =>
  <S extends z.ZodType>(input: S): CallDef<S, O> => ({ kind: 'call', input });
export const stream =
  <E>() =>
  <S extends z.ZodType>(input: S): StreamDef<S, E> => ({ kind: 'stream', input });
export const duplex =
  <E>() =>
  <S extends z.ZodType, U extends z.ZodType>(input: S, up: U): DuplexDef<S, E, U> => ({ kind: 'duplex', input, up });

export const none = z.object({}).strict();
export const text = (max: number) => z.string().max(max);

/** The outcome of an action on one of several containers; one failing does not stop the others. */
export interface ActionResult {
  readonly id: string;
  readonly ok: boolean;
  /** The engine's message, verbatim, when it failed. */
  readonly error?: string;
}

export interface PruneResult {
  readonly deleted: readonly string[];
  readonly spaceReclaimed: number;
}
