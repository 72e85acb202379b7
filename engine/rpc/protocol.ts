/**
 * The wire protocol shared by every carrier: JSON text frames.
 * client → engine: call, push (duplex data up), ack (stream events consumed), cancel
 * engine → client: result, error, next (stream event), end
 * Zod-free, so the renderer bundle stays small; client frames are parsed in client-frames.ts.
 */

/** Frames larger than this are refused with an error reply. */
export const MAX_FRAME_BYTES = 1024 * 1024;

export type RpcErrorCode = 'bad_request' | 'too_large' | 'not_found' | 'unavailable' | 'conflict' | 'cancelled' | 'engine' | 'internal';

export interface RpcErrorShape {
  readonly code: RpcErrorCode;
  readonly message: string;
}

/** Most unacknowledged events a client may ask a stream to keep in flight. */
export const MAX_WINDOW = 1024;

export type ClientMessage =
  /** `window`: for a stream, the most events in flight before the engine waits for acks (no limit when unset). */
  | { readonly t: 'call'; readonly id: number; readonly method: string; readonly input: unknown; readonly window?: number }
  /** The client consumed `n` more events of a stream opened with a window. */
  | { readonly t: 'ack'; readonly id: number; readonly n: number }
  | { readonly t: 'push'; readonly id: number; readonly data: unknown }
  | { readonly t: 'cancel'; readonly id: number };

export type ServerMessage =
  | { readonly t: 'result'; readonly id: number; readonly value: unknown }
  | { readonly t: 'error'; readonly id: number | null; readonly error: RpcErrorShape }
  | { readonly t: 'next'; readonly id: number; readonly value: unknown }
  | { readonly t: 'end'; readonly id: number };

/** An error that carries a code across the wire; its message is shown to users as is. */
export class RpcError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
  toShape(): RpcErrorShape {
    return { code: this.code, message: this.message };
  }
}

/** Parse one engine frame on the client side; returns null for anything that is not a frame. */
export function parseServerFrame(text: string): ServerMessage | null {
  try {
    const raw = JSON.parse(text) as ServerMessage;
    if (raw && typeof raw === 'object' && typeof raw.t === 'string') return raw;
  } catch {
    /* fall through */
  }
  return null;
}

/** Turn anything thrown by a handler into an error shape fit for the wire. */
export function toErrorShape(err: unknown): RpcErrorShape {
  if (err instanceof RpcError) return err.toShape();
  if (err instanceof Error) return { code: 'internal', message: err.message };
  return { code: 'internal', message: String(err) };
}
