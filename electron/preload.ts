/**
 * The preload (sandboxed, context-isolated): passes the one MessagePort that
 * carries Berth's RPC from the main process to the page, and exposes nothing
 * else. Only the main process can send on this channel (renderer-to-renderer
 * IPC no longer exists), so the message needs no sender check. The target
 * origin is '*' because the message goes to this same window, which can only
 * ever show berth://app/ pages (navigation away is refused in the main process).
 */
import { ipcRenderer } from 'electron';

ipcRenderer.on('berth:port', (event) => {
  if (event.ports.length !== 1) return;
  window.postMessage('berth:port', '*', event.ports);
});
