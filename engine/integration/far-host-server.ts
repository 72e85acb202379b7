/**
 * The far host's HTTP server (run by far-host.ts inside its network
 * namespace with `ip netns exec`): `GET /` is a known page, `GET /bytes/<n>`
 * sends n bytes (for throughput benches); one request per connection, then
 * it closes. Plain TCP with half-open connections allowed, so a client that
 * closes its sending side after the request (`printf … | nc`) still gets
 * the whole reply. Prints `ready` once it listens.
 * Usage: node --import tsx far-host-server.ts <address> <port> <page text>
 */
import { createServer, type Socket } from 'node:net';

const CHUNK = Buffer.alloc(256 * 1024, 0x61);
const [address = '0.0.0.0', port = '80', page = 'far host\n'] = process.argv.slice(2);

const head = (status: string, length: number, type: string) =>
  `HTTP/1.1 ${status}\r\ncontent-type: ${type}\r\ncontent-length: ${length}\r\nconnection: close\r\n\r\n`;

/** Send `left` bytes, as fast as the client takes them, then close. */
function sendBytes(socket: Socket, left: number): void {
  while (left > 0) {
    const n = Math.min(left, CHUNK.length);
    left -= n;
    if (!socket.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) {
      socket.once('drain', () => sendBytes(socket, left));
      return;
    }
  }
  socket.end();
}

const server = createServer({ allowHalfOpen: true }, (socket) => {
  let request = '';
  socket.on('error', () => socket.destroy());
  socket.on('data', function onData(chunk: Buffer) {
    request += chunk.toString('latin1');
    if (!request.includes('\r\n\r\n') && !request.includes('\n\n')) return;
    socket.off('data', onData);
    socket.resume();
    const path = /^GET (\S+)/.exec(request)?.[1];
    const bytes = /^\/bytes\/(\d+)$/.exec(path ?? '');
    if (path === '/') socket.end(head('200 OK', Buffer.byteLength(page), 'text/plain') + page);
    else if (bytes) {
      socket.write(head('200 OK', Number(bytes[1]), 'application/octet-stream'));
      sendBytes(socket, Number(bytes[1]));
    } else socket.end(head('404 Not Found', 9, 'text/plain') + 'not here\n');
  });
  // A client's end of sending is not the end of the reply.
  socket.on('end', () => undefined);
});
server.listen(Number(port), address, () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
