/**
 * The preload: sandboxed, isolated, and exposing nothing but the one
 * MessagePort that carries Berth's RPC, handed over from the main process.
 */
import { ipcRenderer } from 'electron';

ipcRenderer.on('berth:port', (event) => {
  if (event.senderId !== 0) return; // only the main process may hand over the port
  window.postMessage('berth:port', window.location.origin === 'null' ? '*' : window.location.origin, event.ports);
});
