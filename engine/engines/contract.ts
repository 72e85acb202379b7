/** The Engines list's part of the contract: the engines a user works with besides Berth's own, their health, and which one a window uses. */
import { z } from 'zod';
import { call, none, stream, type MethodDef } from '../contract/types.js';

/** How Berth reaches an engine. `berth` is Berth's own (native or VM). */
export type EngineKind = 'berth' | 'unix' | 'tcp' | 'tls' | 'ssh';
/** Where an entry comes from: Berth itself, added in Berth, or a context of the docker CLI (read-only here). */
export type EngineSource = 'berth' | 'added' | 'context';

/** TLS client files for a `tcp://` engine, as paths on this computer. */
export interface TlsFiles {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** One engine of the list. */
export interface EngineEndpoint {
  /** `berth` for Berth's own; `context:<name>` for a docker context; a generated id for the others. */
  readonly id: string;
  readonly name: string;
  readonly kind: EngineKind;
  readonly source: EngineSource;
  /** As the docker CLI writes it: unix:///path, tcp://host:port, ssh://user@host:port. */
  readonly host: string;
  readonly tls?: TlsFiles;
  /** The private key for ssh://, when not the agent's or ~/.ssh's default ones. */
  readonly identity?: string;
}

/** What an engine answered when last asked. */
export interface EngineHealth {
  readonly state: 'up' | 'down';
  /** Why it is down, as a sentence. */
  readonly error?: string;
  readonly version?: string;
  readonly os?: string;
  readonly arch?: string;
  readonly containers?: number;
  readonly running?: number;
  readonly images?: number;
  /** Epoch milliseconds. */
  readonly checkedAt: number;
}

export interface EngineEntry extends EngineEndpoint {
  readonly health: EngineHealth;
}

/** The fields of the Add dialog. */
export type EngineField = 'name' | 'host' | 'ca' | 'cert' | 'key' | 'identity';
/** What is wrong with one field, as a sentence. */
export interface EngineFieldError {
  readonly field: EngineField;
  readonly message: string;
}

/** The answer to `engines.add`: the new entry, or the field errors that kept it out of the list. */
export interface AddEngineResult {
  readonly engine?: EngineEntry;
  readonly errors: readonly EngineFieldError[];
}

/** The fields of the Add dialog (and of `berth engines add`). */
export const addEngineSchema = z
  .object({
    name: z.string().max(100).default(''),
    host: z.string().max(500),
    tls: z
      .object({ ca: z.string().max(4096), cert: z.string().max(4096), key: z.string().max(4096) })
      .strict()
      .optional(),
    identity: z.string().max(4096).optional(),
  })
  .strict();
export type AddEngineInput = z.output<typeof addEngineSchema>;

export const engineIdSchema = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[\w.:@-]+$/, 'An engine id is letters, digits and . : @ _ -.');

export const enginesContract = {
  /** Every engine: Berth's own first, then the added ones, then the docker CLI's contexts; each checked now. */
  'engines.list': call<EngineEntry[]>()(none),
  /** The list now, then again every few seconds with fresh health, while open. */
  'engines.watch': stream<EngineEntry[]>()(none),
  /** Check the input, reach the engine, and store it only if it answers. */
  'engines.add': call<AddEngineResult>()(addEngineSchema),
  /** Forget an added engine (a docker context is removed with `docker context rm`). */
  'engines.remove': call<{ removed: boolean }>()(z.object({ id: engineIdSchema }).strict()),
  /** Ask one engine now. */
  'engines.check': call<EngineHealth>()(z.object({ id: engineIdSchema }).strict()),
  /** The engine this connection's containers, images, volumes and networks calls work against from now on. */
  'engines.use': call<{ id: string; name: string }>()(z.object({ id: engineIdSchema }).strict()),
} as const satisfies Record<string, MethodDef>;
