/**
 * The renderer's one connection to Berth. Reconnects with backoff when the
 * carrier drops, and re-opens every live stream after reconnecting, so views
 * subscribe once and keep working.
 */
import { create } from 'zustand';
import { RpcClient, type StreamHandlers } from '../../../engine/rpc/client';
import { RpcError } from '../../../engine/rpc/protocol';
import type { CallName, EventOf, InputOf, OutputOf, StreamName } from '../../../engine/contract/index';
import type { Carrier } from '../../../engine/rpc/carrier';
import { openWebSocket, receiveElectronPort } from './carriers';
import { takeToken } from './token';

export type ConnectionState = 'connecting' | 'open' | 'lost' | 'no-token';

export const useConnection = create<{ state: ConnectionState }>(() => ({ state: 'connecting' }));

interface LiveStream {
  readonly method: StreamName;
  readonly input: unknown;
  readonly handlers: StreamHandlers<unknown>;
  cancel?: () => void;
}

let client: RpcClient | null = null;
const live = new Set<LiveStream>();
let attempt = 0;

function openLive(s: LiveStream): void {
  if (!client) return;
  const sub = client.stream(s.method, s.input as never, {
    next: s.handlers.next as never,
    // A stream cut by a lost connection is re-opened on reconnect, not ended.
    end: (err) => {
      if (err?.code !== 'unavailable') s.handlers.end?.(err);
    },
  });
  s.cancel = () => sub.cancel();
}

async function carrier(): Promise<Carrier> {
  if (location.protocol === 'file:' || location.protocol === 'berth:') return receiveElectronPort();
  const token = takeToken();
  if (!token) {
    useConnection.setState({ state: 'no-token' });
    throw new Error('no token');
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return openWebSocket(`${scheme}://${location.host}/rpc?token=${encodeURIComponent(token)}`);
}

/** Connect (and keep reconnecting). Call once at start-up. */
export async function connect(): Promise<void> {
  let c: Carrier;
  try {
    c = await carrier();
  } catch {
    if (useConnection.getState().state === 'no-token') return;
    retry();
    return;
  }
  attempt = 0;
  client = new RpcClient(c);
  c.onClose(() => {
    client = null;
    retry();
  });
  useConnection.setState({ state: 'open' });
  live.forEach(openLive);
}

function retry(): void {
  useConnection.setState({ state: 'lost' });
  const delay = Math.min(10_000, 500 * 2 ** attempt++);
  setTimeout(() => void connect(), delay);
}

/** Request/response; rejects with a sentence when Berth is unreachable. */
export function call<M extends CallName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  if (!client) return Promise.reject(new RpcError('unavailable', 'Berth is not connected; reconnecting…'));
  return client.call(method, input);
}

/** A stream that survives reconnects; returns its cancel function. */
export function subscribe<M extends StreamName>(method: M, input: InputOf<M>, handlers: StreamHandlers<EventOf<M>>): () => void {
  const s: LiveStream = { method, input, handlers: handlers as StreamHandlers<unknown> };
  live.add(s);
  openLive(s);
  return () => {
    live.delete(s);
    s.cancel?.();
  };
}
