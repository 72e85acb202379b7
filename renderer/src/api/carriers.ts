/** Browser carriers: a WebSocket to the web host, or the MessagePort Electron's preload hands over. */
import type { Carrier } from '../../../engine/rpc/carrier';

/** Open a WebSocket; resolves with a carrier once open, rejects if it closes first. */
export function openWebSocket(url: string): Promise<Carrier> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: Array<(f: string) => void> = [];
    const closes: Array<() => void> = [];
    let opened = false;
    ws.onopen = () => {
      opened = true;
      resolve({
        send: (f) => ws.readyState === WebSocket.OPEN && ws.send(f),
        onFrame: (l) => void frames.push(l),
        onClose: (l) => void closes.push(l),
        close: () => ws.close(),
      });
    };
    ws.onmessage = (e) => typeof e.data === 'string' && frames.forEach((l) => l(e.data as string));
    ws.onclose = () => (opened ? closes.forEach((l) => l()) : reject(new Error('The connection to Berth was refused.')));
  });
}

/** Wait for the port Electron's preload posts to the page. */
export function receiveElectronPort(): Promise<Carrier> {
  return new Promise((resolve) => {
    const onMessage = (e: MessageEvent) => {
      if (e.source !== window || e.data !== 'berth:port' || !e.ports[0]) return;
      window.removeEventListener('message', onMessage);
      const port = e.ports[0];
      const frames: Array<(f: string) => void> = [];
      const closes: Array<() => void> = [];
      port.onmessage = (m) => typeof m.data === 'string' && frames.forEach((l) => l(m.data as string));
      port.addEventListener('close', () => closes.forEach((l) => l()));
      port.start();
      resolve({
        send: (f) => port.postMessage(f),
        onFrame: (l) => void frames.push(l),
        onClose: (l) => void closes.push(l),
        close: () => port.close(),
      });
    };
    window.addEventListener('message', onMessage);
  });
}
