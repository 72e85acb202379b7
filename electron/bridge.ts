/** Bridge one renderer MessagePort to its own connection on the backend's control socket. */
import type { MessagePortMain } from 'electron';
import { connect } from 'node:net';

export function bridgePort(port: MessagePortMain, controlSocket: string): void {
  const socket = connect(controlSocket);
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line) port.postMessage(line);
    }
  });
  port.on('message', (e) => {
    if (typeof e.data === 'string' && !e.data.includes('\n')) socket.write(e.data + '\n');
  });
  const close = () => {
    socket.destroy();
    port.close();
  };
  socket.on('close', close);
  socket.on('error', close);
  port.on('close', close);
  port.start();
}
