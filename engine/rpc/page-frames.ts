/**
 * What a carrier bridging a page (the web host's WebSocket, an Electron
 * window's MessagePort) lets through to the backend's control socket. The
 * socket itself trusts its clients (same user only), so a page's frames are
 * screened here: internal methods, such as handing the backend its data key,
 * are for Berth's own processes and never for a page.
 */
import { isInternalMethod } from '../contract/index.js';
import { parseClientFrame } from './client-frames.js';
import { RpcError, type ServerMessage } from './protocol.js';

/**
 * Null when `frame` may go on to the backend; otherwise the reply frame to
 * send back to the page instead. A frame the backend would refuse as
 * malformed gets the same refusal here, so what is forwarded is exactly what
 * was checked.
 */
export function screenPageFrame(frame: string): string | null {
  const msg = parseClientFrame(frame);
  let reply: ServerMessage;
  if (msg instanceof RpcError) {
    reply = { t: 'error', id: null, error: msg.toShape() };
  } else if (msg.t === 'call' && isInternalMethod(msg.method)) {
    reply = { t: 'error', id: msg.id, error: { code: 'bad_request', message: `${msg.method} is for the Berth app itself; a page may not call it.` } };
  } else {
    return null;
  }
  return JSON.stringify(reply);
}
