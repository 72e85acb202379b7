/**
 * The typed client side of the protocol, used by the renderer, the CLI and
 * tests. It works over any carrier.
 */
import type { CallName, DuplexName, EventOf, InputOf, OutputOf, StreamName, UpOf } from '../contract/index.js';
import type { Carrier } from './carrier.js';
import { PartAssembler, parsePartFrame, type PartFrame } from './frame-parts.js';
import { parseServerFrame, RpcError, type RpcErrorShape, type ServerMessage } from './protocol.js';

export interface StreamHandlers<E> {
  /**
   * An event. `done` tells the engine it was consumed: a stream opened with a window gets no more than that many
   * events ahead of these calls (without a window it does nothing and may be ignored).
   */
  next(event: E, done: () => void): void;
  /** The stream ended, normally (no error) or with an error. Not called after cancel(). */
  end?(error?: RpcError): void;
}

/** How a stream is opened. */
export interface StreamOptions {
  /** The most events the engine sends before they are acknowledged with `done` (no limit when unset). */
  readonly window?: number;
}

export interface Subscription {
  cancel(): void;
}
export interface DuplexSubscription<U> extends Subscription {
  push(data: U): void;
}

interface Pending {
  resolve?: (v: unknown) => void;
  reject?: (e: RpcError) => void;
  next?: (v: unknown, done: () => void) => void;
  /** Acknowledges one event of a stream opened with a window. */
  ack?: () => void;
  end?: (e?: RpcError) => void;
}

export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;
  private readonly parts = new PartAssembler();
  /** Errors the engine could not tie to a request (e.g. an unparseable frame). */
  onStrayError?: (error: RpcErrorShape) => void;

  constructor(private readonly carrier: Carrier) {
    carrier.onFrame((frame) => this.receive(frame));
    carrier.onClose(() => {
      this.closed = true;
      const err = new RpcError('unavailable', 'The connection to Berth was closed.');
      for (const p of this.pending.values()) {
        p.reject?.(err);
        p.end?.(err);
      }
      this.pending.clear();
    });
  }

  /** Request/response. */
  call<M extends CallName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    if (this.closed) return Promise.reject(new RpcError('unavailable', 'The connection to Berth is closed.'));
    const id = this.nextId++;
    return new Promise<OutputOf<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.carrier.send(JSON.stringify({ t: 'call', id, method, input }));
    });
  }

  /** A server stream; cancel() stops it on the engine too. */
  stream<M extends StreamName>(method: M, input: InputOf<M>, handlers: StreamHandlers<EventOf<M>>, options: StreamOptions = {}): Subscription {
    return this.open(method, input, handlers, options);
  }

  /** A duplex stream: events down, pushes up. */
  duplex<M extends DuplexName>(method: M, input: InputOf<M>, handlers: StreamHandlers<EventOf<M>>): DuplexSubscription<UpOf<M>> {
    return this.open(method, input, handlers, {});
  }

  close(): void {
    this.carrier.close();
  }

  private open<E, U>(method: string, input: unknown, handlers: StreamHandlers<E>, { window }: StreamOptions): DuplexSubscription<U> {
    const id = this.nextId++;
    let active = !this.closed;
    if (active) {
      this.pending.set(id, {
        next: handlers.next as (v: unknown, done: () => void) => void,
        end: (e) => {
          active = false;
          handlers.end?.(e);
        },
        ack:
          window === undefined
            ? undefined
            : () => {
                if (active && !this.closed) this.carrier.send(JSON.stringify({ t: 'ack', id, n: 1 }));
              },
      });
      this.carrier.send(JSON.stringify(window === undefined ? { t: 'call', id, method, input } : { t: 'call', id, method, input, window }));
    } else {
      queueMicrotask(() => handlers.end?.(new RpcError('unavailable', 'The connection to Berth is closed.')));
    }
    return {
      cancel: () => {
        if (!active) return;
        active = false;
        this.pending.delete(id);
        this.parts.drop(id);
        if (!this.closed) this.carrier.send(JSON.stringify({ t: 'cancel', id }));
      },
      push: (data) => {
        if (active && !this.closed) this.carrier.send(JSON.stringify({ t: 'push', id, data }));
      },
    };
  }

  private receive(frame: string): void {
    const part = parsePartFrame(frame);
    const msg = part ? this.assemble(part) : parseServerFrame(frame);
    if (!msg) return;
    if (msg.t === 'error' && msg.id === null) {
      this.onStrayError?.(msg.error);
      return;
    }
    const id = msg.id as number;
    const p = this.pending.get(id);
    if (!p) return;
    switch (msg.t) {
      case 'result':
        this.pending.delete(id);
        p.resolve?.(msg.value);
        return;
      case 'error': {
        this.pending.delete(id);
        const err = new RpcError(msg.error.code, msg.error.message);
        p.reject?.(err);
        p.end?.(err);
        return;
      }
      case 'next': {
        const ack = p.ack;
        let acked = false;
        // Each event is acknowledged at most once, however often its `done` is called.
        const done = () => {
          if (acked || !ack) return;
          acked = true;
          ack();
        };
        p.next?.(msg.value, done);
        return;
      }
      case 'end':
        this.pending.delete(id);
        p.end?.();
        return;
    }
  }

  /** The message a part completes, if it is the last one (an error in its place when it was too long). */
  private assemble(part: PartFrame): ServerMessage | null {
    const whole = this.parts.take(part);
    if (whole === undefined) return null;
    if (whole instanceof RpcError) return { t: 'error', id: part.id, error: whole.toShape() };
    return parseServerFrame(whole);
  }
}
