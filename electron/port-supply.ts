/**
 * Keeps one page supplied with its RPC port: a fresh MessageChannelMain on
 * every page load, one end bridged to a new control-socket connection, the
 * other posted to the page as 'berth:port'. When the backend side drops
 * while the page lives, a new port follows once the backend answers again.
 */
import { MessageChannelMain, type WebContents } from 'electron';
import { connect } from 'node:net';
import { socketCarrier } from '../engine/rpc/node-carriers.js';
import { backoffDelay } from '../engine/util/backoff.js';
import { bridgePort, type Bridge } from './bridge.js';

export interface BackendAccess {
  readonly accepting: boolean;
  socketPath(): Promise<string>;
}

/**
 * The first retry waits longer than the renderer's first reconnect delay
 * (500 ms), so its listener for the next port is in place.
 */
const RETRY_BASE_MS = 1_500;
const RETRY_MAX_MS = 15_000;
const CONNECT_TIMEOUT_MS = 5_000;

/** Supply `contents` with ports until it is destroyed; returns a function that closes the current bridge. */
export function supplyPorts(contents: WebContents, backend: BackendAccess): () => void {
  let bridge: Bridge | null = null;
  let generation = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const live = (gen: number) => gen === generation && !contents.isDestroyed() && backend.accepting;

  const retryLater = (gen: number) => {
    if (!live(gen)) return;
    const delay = backoffDelay(failures++, RETRY_BASE_MS, RETRY_MAX_MS);
    timer = setTimeout(() => void handOver(), delay);
  };

  async function handOver(): Promise<void> {
    const gen = ++generation;
    clearTimeout(timer);
    bridge?.close();
    bridge = null;
    let path: string;
    try {
      path = await backend.socketPath();
    } catch {
      retryLater(gen);
      return;
    }
    if (!live(gen)) return;
    // The page only ever receives a port whose backend connection is open.
    const socket = connect(path);
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error('The backend did not accept the connection in time.')));
    socket.once('error', () => retryLater(gen));
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.removeAllListeners('error');
      if (!live(gen)) {
        socket.destroy();
        return;
      }
      failures = 0;
      const { port1, port2 } = new MessageChannelMain();
      bridge = bridgePort(port1, socketCarrier(socket), (end) => {
        if (end === 'backend') retryLater(gen);
      });
      contents.postMessage('berth:port', null, [port2]);
    });
  }

  const close = () => {
    generation++;
    clearTimeout(timer);
    bridge?.close();
    bridge = null;
  };
  // Each load (first load, reload, renderer crash recovery) gets its own port;
  // the previous page's port closed with it.
  contents.on('did-finish-load', () => {
    failures = 0;
    void handOver();
  });
  contents.once('destroyed', close);
  return close;
}
