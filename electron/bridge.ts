/**
 * One page's RPC connection: a MessagePort in the main process bridged to its
 * own connection on the backend's control socket, frame for frame. Either
 * side closing closes the other.
 */
import type { Carrier } from '../engine/rpc/carrier.js';
import { screenPageFrame } from '../engine/rpc/page-frames.js';

/** The part of Electron's MessagePortMain the bridge uses (a fake stands in for it in tests). */
export interface BridgePort {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: string): void;
  start(): void;
  close(): void;
}

/** Who ended a bridge: the page (its port went away), the backend (its socket closed) or the desktop app (close()). */
export type BridgeEnd = 'page' | 'backend' | 'app';

export interface Bridge {
  readonly closed: boolean;
  close(): void;
}

const REFUSED = JSON.stringify({
  t: 'error',
  id: null,
  error: { code: 'bad_request', message: 'Message refused: a frame must be one line of JSON text.' },
});

/**
 * Relay text frames between `port` and `backend` until either ends. Only
 * strings without a newline cross from the page (the socket is
 * newline-delimited, and JSON text never contains a raw one); anything else
 * is answered with a bad_request error, as the web host does; so are calls
 * to internal methods, which only the app's main process may make.
 */
export function bridgePort(port: BridgePort, backend: Carrier, onEnd?: (end: BridgeEnd) => void): Bridge {
  let closed = false;
  const end = (who: BridgeEnd) => {
    if (closed) return;
    closed = true;
    port.close();
    backend.close();
    onEnd?.(who);
  };
  backend.onFrame((frame) => {
    if (!closed) port.postMessage(frame);
  });
  backend.onClose(() => end('backend'));
  port.on('message', (e) => {
    if (closed) return;
    if (typeof e.data !== 'string' || e.data.includes('\n')) {
      port.postMessage(REFUSED);
      return;
    }
    const refusal = screenPageFrame(e.data);
    if (refusal) port.postMessage(refusal);
    else backend.send(e.data);
  });
  port.on('close', () => end('page'));
  port.start();
  return {
    get closed() {
      return closed;
    },
    close: () => end('app'),
  };
}
