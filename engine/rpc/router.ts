/**
 * The engine side of the protocol: validates every frame and input, runs the
 * handler, and keeps track of each connection's open streams so a cancel or
 * a closed connection stops them.
 */
import {
  contract,
  type CallName,
  type DuplexName,
  type EventOf,
  type MethodName,
  type OutputOf,
  type ParsedInputOf,
  type StreamName,
  type UpOf,
} from '../contract/index.js';
import type { Carrier } from './carrier.js';
import { parseClientFrame } from './client-frames.js';
import { Credit } from './credit.js';
import { framesOf } from './frame-parts.js';
import { RpcError, toErrorShape, type ServerMessage } from './protocol.js';

/** What a stream handler writes to; `signal` aborts when the client cancels or goes away. */
export interface StreamSink<E> {
  emit(event: E): void;
  readonly signal: AbortSignal;
}
/** A sink that can tell when the client has room for more: a stream opened with a window waits for its acks. */
export interface PacedSink<E> extends StreamSink<E> {
  /** Resolves once an event may go out without overrunning the client (at once when it set no window, or on abort). */
  ready(): Promise<void>;
}
export interface DuplexSink<E, U> extends PacedSink<E> {
  /** Register the receiver of data the client pushes up. */
  onUp(listener: (data: U) => void): void;
}

/**
 * What one connection (one window or tab, one CLI run) has chosen; each handler gets its caller's.
 * A stream keeps the choice made when it was opened.
 */
export interface Connection {
  /** The engine this connection works against: an endpoint id of the Engines list, or DEFAULT_ENGINE for Berth's own. */
  engine: string;
}

/** The id of Berth's own engine, which every connection starts with. */
export const DEFAULT_ENGINE = 'berth';

type CallHandler<M extends CallName> = (input: ParsedInputOf<M>, conn: Connection) => Promise<OutputOf<M>> | OutputOf<M>;
/** Resolves when the stream is over; the router then sends `end`. */
type StreamHandler<M extends StreamName> = (input: ParsedInputOf<M>, sink: PacedSink<EventOf<M>>, conn: Connection) => Promise<void>;
type DuplexHandler<M extends DuplexName> = (input: ParsedInputOf<M>, sink: DuplexSink<EventOf<M>, UpOf<M>>, conn: Connection) => Promise<void>;

export type Handlers = { [M in CallName]: CallHandler<M> } & { [M in StreamName]: StreamHandler<M> } & {
  [M in DuplexName]: DuplexHandler<M>;
};

interface OpenStream {
  readonly abort: AbortController;
  readonly duplex: boolean;
  readonly credit: Credit;
  upListener?: (data: unknown) => void;
  /** Pushes that arrived before the handler listened, delivered when it does. */
  early?: unknown[];
}

/** Most early pushes kept for a duplex handler that has not listened yet. */
const MAX_EARLY_PUSHES = 1024;

/** Most streams one connection may hold open at once. */
const MAX_OPEN_STREAMS = 256;

export class Router {
  constructor(private readonly handlers: Handlers) {}

  /** Serve one connection until it closes. */
  serve(carrier: Carrier): void {
    const open = new Map<number, OpenStream>();
    const conn: Connection = { engine: DEFAULT_ENGINE };
    let closed = false;
    const send = (msg: ServerMessage) => {
      // A long message goes in parts, all sent at once: parts of two messages never interleave.
      if (!closed) for (const frame of framesOf(msg)) carrier.send(frame);
    };
    carrier.onClose(() => {
      closed = true;
      for (const s of open.values()) s.abort.abort();
      open.clear();
    });
    carrier.onFrame((frame) => {
      const msg = parseClientFrame(frame);
      if (msg instanceof RpcError) {
        send({ t: 'error', id: null, error: msg.toShape() });
        return;
      }
      switch (msg.t) {
        case 'cancel': {
          const s = open.get(msg.id);
          if (s) {
            open.delete(msg.id);
            s.abort.abort();
            send({ t: 'end', id: msg.id });
          }
          return;
        }
        case 'ack':
          // An ack may cross the stream's end on the wire: one for a stream no longer open is ignored.
          open.get(msg.id)?.credit.acked(msg.n);
          return;
        case 'push': {
          const s = open.get(msg.id);
          if (!s?.duplex) {
            send({ t: 'error', id: msg.id, error: { code: 'not_found', message: `No open duplex stream ${msg.id}.` } });
            return;
          }
          if (s.upListener) s.upListener(msg.data);
          else if ((s.early ??= []).length < MAX_EARLY_PUSHES) s.early.push(msg.data);
          return;
        }
        case 'call':
          this.dispatch(msg.id, msg.method, msg.input, msg.window, open, send, conn);
          return;
      }
    });
  }

  private dispatch(
    id: number,
    method: string,
    rawInput: unknown,
    window: number | undefined,
    open: Map<number, OpenStream>,
    send: (m: ServerMessage) => void,
    conn: Connection,
  ): void {
    if (!Object.hasOwn(contract, method)) {
      send({ t: 'error', id, error: { code: 'not_found', message: `There is no method named "${method}".` } });
      return;
    }
    const name = method as MethodName;
    const def = contract[name];
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (at ${issue.path.join('.')})` : '';
      send({
        t: 'error',
        id,
        error: { code: 'bad_request', message: `Invalid input for ${name}${where}: ${(issue?.message ?? 'rejected').replace(/\.$/, '')}.` },
      });
      return;
    }
    const handler = (this.handlers as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
    if (def.kind === 'call') {
      Promise.resolve()
        .then(() => handler(parsed.data, conn))
        .then(
          (value) => send({ t: 'result', id, value: value ?? null }),
          (err) => send({ t: 'error', id, error: toErrorShape(err) }),
        );
      return;
    }
    if (open.has(id) || open.size >= MAX_OPEN_STREAMS) {
      send({
        t: 'error',
        id,
        error: { code: 'conflict', message: open.has(id) ? `Stream id ${id} is already open.` : `Too many open streams (limit ${MAX_OPEN_STREAMS}).` },
      });
      return;
    }
    const abort = new AbortController();
    const credit = new Credit(window);
    abort.signal.addEventListener('abort', () => credit.release(), { once: true });
    const entry: OpenStream = { abort, duplex: def.kind === 'duplex', credit };
    open.set(id, entry);
    const upSchema = def.kind === 'duplex' ? def.up : null;
    const sink: DuplexSink<unknown, unknown> = {
      signal: abort.signal,
      emit: (value) => {
        if (abort.signal.aborted) return;
        credit.sent();
        send({ t: 'next', id, value });
      },
      ready: () => credit.ready(),
      onUp: (listener) => {
        entry.upListener = (data) => {
          const ok = upSchema?.safeParse(data);
          if (!ok?.success) {
            // A stream fed bad data cannot be trusted to be in a sane state: end it with the error.
            if (open.get(id) === entry) open.delete(id);
            abort.abort();
            send({ t: 'error', id, error: { code: 'bad_request', message: `Invalid data pushed to ${name}; the stream was closed.` } });
            return;
          }
          listener(ok.data);
        };
        const early = entry.early ?? [];
        entry.early = undefined;
        early.forEach((d) => entry.upListener?.(d));
      },
    };
    // The stream keeps the engine chosen now, whatever the connection chooses later.
    const opened: Connection = { ...conn };
    Promise.resolve()
      .then(() => handler(parsed.data, sink, opened))
      .then(
        () => {
          if (open.get(id) === entry) {
            open.delete(id);
            send({ t: 'end', id });
          }
        },
        (err) => {
          if (open.get(id) === entry) {
            open.delete(id);
            send({ t: 'error', id, error: toErrorShape(err) });
          }
        },
      );
  }
}

/** Resolve when the signal aborts; handy for streams that live until cancelled. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
