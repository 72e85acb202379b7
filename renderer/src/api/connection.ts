/**
 * The renderer's one connection to Berth. Reconnects with backoff when the
 * carrier drops, and re-opens every live stream after reconnecting, so views
 * subscribe once and keep working.
 */
import { RpcClient, type StreamHandlers, type StreamOptions } from '../../../engine/rpc/client';
import { RpcError } from '../../../engine/rpc/protocol';
import type { CallName, DuplexName, EventOf, InputOf, OutputOf, StreamName, UpOf } from '../../../engine/contract/index';
import type { Carrier } from '../../../engine/rpc/carrier';
import { openWebSocket, receiveElectronPort } from './carriers';
import { nextDelay } from './backoff';
import { forgetToken, takeToken } from './token';
import { useConnection } from './connection-state';

export { useConnection, type ConnectionState } from './connection-state';

/** How long a call made while Berth is unreachable waits for the connection before it fails. */
const CALL_WAIT_MS = 15_000;

/** Handlers of a live stream; `reopen` runs before the stream is opened again after a reconnect. */
export interface LiveHandlers<E> extends StreamHandlers<E> {
  /** The stream starts over (its tail or snapshot comes again): drop what the previous opening delivered. */
  reopen?(): void;
}

interface LiveStream {
  readonly method: StreamName;
  readonly input: unknown;
  readonly handlers: LiveHandlers<unknown>;
  readonly options: StreamOptions;
  opened: boolean;
  cancel?: () => void;
}

let client: RpcClient | null = null;
const live = new Set<LiveStream>();
const waiting = new Set<() => void>();
let attempt = 0;

function openLive(s: LiveStream): void {
  if (!client) return;
  if (s.opened) s.handlers.reopen?.();
  s.opened = true;
  const sub = client.stream(
    s.method,
    s.input as never,
    {
      next: s.handlers.next as never,
      // A stream cut by a lost connection is re-opened on reconnect, not ended.
      end: (err) => {
        if (err?.code !== 'unavailable') s.handlers.end?.(err);
      },
    },
    s.options,
  );
  s.cancel = () => sub.cancel();
}

/** Electron pages (file: or berth:) get their carrier from the preload; others open a WebSocket. */
const inElectron = () => location.protocol === 'file:' || location.protocol === 'berth:';

async function carrier(): Promise<Carrier> {
  if (inElectron()) return receiveElectronPort();
  const token = takeToken();
  if (!token) {
    useConnection.setState({ state: 'no-token' });
    throw new Error('no token');
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return openWebSocket(`${scheme}://${location.host}/rpc?token=${encodeURIComponent(token)}`);
}

/** Where a tab keeps its engine: sessionStorage is per tab and survives a reload, so two tabs may look at two engines. */
const ENGINE_KEY = 'berth.engine';
const BERTH_ENGINE = { id: 'berth', name: 'Berth' } as const;

function storedEngine(): string {
  try {
    return sessionStorage.getItem(ENGINE_KEY) || BERTH_ENGINE.id;
  } catch {
    return BERTH_ENGINE.id;
  }
}

function storeEngine(id: string): void {
  try {
    if (id === BERTH_ENGINE.id) sessionStorage.removeItem(ENGINE_KEY);
    else sessionStorage.setItem(ENGINE_KEY, id);
  } catch {
    /* a page without storage keeps its choice until it reloads */
  }
}

/** On a new connection: choose this tab's engine again before anything else goes out; one that left the list falls back to Berth's. */
async function chooseEngine(c: RpcClient): Promise<void> {
  const id = storedEngine();
  if (id === BERTH_ENGINE.id) return useConnection.setState({ engine: BERTH_ENGINE });
  try {
    useConnection.setState({ engine: await c.call('engines.use', { id }), engineError: undefined });
  } catch (err) {
    storeEngine(BERTH_ENGINE.id);
    useConnection.setState({ engine: BERTH_ENGINE, engineError: `${(err as Error).message} This window went back to Berth's engine.` });
  }
}

/**
 * Point this window at another engine: calls go there from now on, and every live
 * stream (lists, logs, stats) starts over against it, as after a reconnect.
 */
export async function switchEngine(id: string): Promise<void> {
  const c = await connected(CALL_WAIT_MS);
  const engine = await c.call('engines.use', { id });
  storeEngine(engine.id);
  useConnection.setState({ engine, engineError: undefined });
  for (const s of live) {
    s.cancel?.();
    openLive(s);
  }
}

/** Connect (and keep reconnecting). Call once at start-up. */
export async function connect(): Promise<void> {
  let c: Carrier;
  try {
    c = await carrier();
  } catch {
    if (useConnection.getState().state === 'no-token') return;
    if (await tokenRefused()) {
      forgetToken();
      useConnection.setState({ state: 'stale-token' });
      return;
    }
    retry();
    return;
  }
  attempt = 0;
  const rpc = new RpcClient(c);
  let lost = false;
  c.onClose(() => {
    lost = true;
    client = null;
    retry();
  });
  await chooseEngine(rpc);
  if (lost) return;
  client = rpc;
  useConnection.setState({ state: 'open' });
  live.forEach(openLive);
  waiting.forEach((wake) => wake());
}

/**
 * After a refused WebSocket: true when the web host itself answers, which
 * means it refused our token (a restarted `berth web` has a new one), so
 * retrying cannot help.
 */
async function tokenRefused(): Promise<boolean> {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return false;
  try {
    const res = await fetch(`${location.origin}/`, { method: 'HEAD', cache: 'no-store' });
    return res.ok;
  } catch {
    return false;
  }
}

function retry(): void {
  useConnection.setState({ state: 'lost' });
  // Electron's main process posts a new port once its backend answers: listen for it at once.
  setTimeout(() => void connect(), inElectron() ? 0 : nextDelay(attempt++));
}

/** Resolves with the client once connected; rejects after `ms` (or at once without a token). */
function connected(ms: number): Promise<RpcClient> {
  if (client) return Promise.resolve(client);
  const unreachable = () => new RpcError('unavailable', 'Berth is not connected; reconnecting…');
  const state = useConnection.getState().state;
  if (state === 'no-token' || state === 'stale-token') return Promise.reject(unreachable());
  return new Promise((resolve, reject) => {
    const wake = () => {
      clearTimeout(timer);
      waiting.delete(wake);
      if (client) resolve(client);
      else reject(unreachable());
    };
    const timer = setTimeout(wake, ms);
    waiting.add(wake);
  });
}

/**
 * Request/response. A call made while Berth is (re)connecting waits for the
 * connection, so a page opened by a link can ask at once; it fails with a
 * sentence when Berth stays unreachable.
 */
export async function call<M extends CallName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const c = await connected(CALL_WAIT_MS);
  return c.call(method, input);
}

/**
 * A stream that survives reconnects; returns its cancel function. With a window, the engine sends at most that
 * many events ahead of the `done` calls (a reconnect starts the count over).
 */
export function subscribe<M extends StreamName>(method: M, input: InputOf<M>, handlers: LiveHandlers<EventOf<M>>, options: StreamOptions = {}): () => void {
  const s: LiveStream = { method, input, handlers: handlers as LiveHandlers<unknown>, options, opened: false };
  live.add(s);
  openLive(s);
  return () => {
    live.delete(s);
    s.cancel?.();
  };
}

/**
 * A one-shot stream, for work that must not silently start again (a save, a
 * load, an import): never re-opened after a reconnect; a lost connection ends
 * it with an error. Returns its cancel function.
 */
export function transfer<M extends StreamName>(method: M, input: InputOf<M>, handlers: StreamHandlers<EventOf<M>>): () => void {
  let cancelled = false;
  let cancelOpen: (() => void) | undefined;
  connected(CALL_WAIT_MS).then(
    (c) => {
      if (cancelled) return;
      const sub = c.stream(method, input, {
        next: handlers.next,
        end: (err) =>
          handlers.end?.(
            err?.code === 'unavailable' ? new RpcError('unavailable', 'The connection to Berth was lost, which stopped this; try again once it is back.') : err,
          ),
      });
      cancelOpen = () => sub.cancel();
    },
    (err: RpcError) => {
      if (!cancelled) handlers.end?.(err);
    },
  );
  return () => {
    cancelled = true;
    cancelOpen?.();
  };
}

/** A one-shot duplex stream as the renderer holds it. */
export interface DuplexHandle<U> {
  /** Send data up; pushes made while connecting are sent once open. */
  push(data: U): void;
  cancel(): void;
}

/** Most pushes kept while the stream is still connecting. */
const MAX_QUEUED_PUSHES = 1024;

/**
 * A one-shot duplex stream (a shell session): never re-opened after a
 * reconnect, since the process behind it is gone; a lost connection ends it
 * with an `unavailable` error.
 */
export function duplex<M extends DuplexName>(method: M, input: InputOf<M>, handlers: StreamHandlers<EventOf<M>>): DuplexHandle<UpOf<M>> {
  let cancelled = false;
  let open: { push(d: UpOf<M>): void; cancel(): void } | undefined;
  const queued: UpOf<M>[] = [];
  connected(CALL_WAIT_MS).then(
    (c) => {
      if (cancelled) return;
      open = c.duplex(method, input, {
        next: handlers.next,
        end: (err) =>
          handlers.end?.(
            err?.code === 'unavailable' ? new RpcError('unavailable', 'The connection to Berth was lost, which ended this; try again once it is back.') : err,
          ),
      });
      queued.splice(0).forEach((d) => open!.push(d));
    },
    (err: RpcError) => {
      if (!cancelled) handlers.end?.(err);
    },
  );
  return {
    push: (data) => {
      if (cancelled) return;
      if (open) open.push(data);
      else if (queued.length < MAX_QUEUED_PUSHES) queued.push(data);
    },
    cancel: () => {
      cancelled = true;
      open?.cancel();
    },
  };
}
