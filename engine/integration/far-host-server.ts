/**
 * The far host's HTTP server (run by far-host.ts inside its network
 * namespace with `ip netns exec`): `/` is a known page, `/bytes/<n>` sends n
 * bytes (for throughput benches). Prints `ready` once it listens.
 * Usage: node --import tsx far-host-server.ts <address> <port> <page text>
 */
import { createServer } from 'node:http';

const CHUNK = Buffer.alloc(256 * 1024, 0x61);

const [address = '0.0.0.0', port = '80', page = 'far host\n'] = process.argv.slice(2);

const server = createServer((req, res) => {
  const bytes = /^\/bytes\/(\d+)$/.exec(req.url ?? '');
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(page) });
    res.end(page);
  } else if (bytes) {
    let left = Number(bytes[1]);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': left });
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, CHUNK.length);
        left -= n;
        if (!res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  } else {
    res.writeHead(404).end('not here\n');
  }
});
server.listen(Number(port), address, () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
