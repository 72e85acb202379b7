/**
 * A BuildKit session with the engine (`POST /session`, upgraded to h2c), as
 * the docker CLI opens one for a build: the engine dials gRPC into it and
 * pulls the folders the build reads ("context", "dockerfile") through
 * `moby.filesync.v1.FileSync/DiffCopy` (filesync.ts), and checks it is alive
 * with `grpc.health.v1.Health/Check` every second. The build then names the
 * session (`POST /build?version=2&remote=client-session&session=<id>`) and
 * sends no tar at all: only the files the Dockerfile uses go, and only those
 * the engine does not hold from an earlier build of the same folder.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { decodePacket, sendFolder, SyncError, type Packet, type PacketPort, type SendReport, type SyncFilter } from './filesync.js';

const DIFF_COPY = '/moby.filesync.v1.FileSync/DiffCopy';
const HEALTH = '/grpc.health.v1.Health/Check';

/** gRPC status codes used here. */
const GRPC = { OK: 0, UNKNOWN: 2, NOT_FOUND: 5, UNIMPLEMENTED: 12 } as const;

export interface Transfer {
  readonly dir: string;
  readonly filter: SyncFilter;
  readonly report: SendReport;
}

export interface BuildSession {
  readonly id: string;
  /** Every finished transfer, in order. */
  readonly transfers: readonly Transfer[];
  /** File bytes sent so far, all transfers together. */
  readonly bytes: () => number;
  /** True once the connection went before the session was closed (the link to the engine dropped). */
  readonly lost: () => boolean;
  close(): void;
}

export class SessionRefused extends Error {}

/** The modem fields a request to the engine needs (the same transport dockerode uses). */
interface ModemLike {
  socketPath?: string | (() => string | Promise<string>);
  host?: string;
  port?: number | string;
  protocol?: string;
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  agent?: http.Agent;
}

/** `POST /session` upgraded to h2c: the raw connection, once the engine says 101. */
async function upgrade(docker: Docker, headers: Record<string, string | string[]>, signal?: AbortSignal): Promise<Duplex> {
  const m = docker.modem as unknown as ModemLike;
  if (m.protocol === 'ssh') throw new SessionRefused('an ssh:// engine through dockerode’s own ssh transport');
  const socketPath = typeof m.socketPath === 'function' ? await m.socketPath() : m.socketPath;
  const base: http.RequestOptions = {
    method: 'POST',
    path: '/session',
    headers: { Connection: 'Upgrade', Upgrade: 'h2c', ...headers },
    ...(socketPath ? { socketPath } : { host: m.host, port: m.port }),
    ...(m.agent ? { agent: m.agent } : {}),
    ...(signal ? { signal } : {}),
  };
  return new Promise<Duplex>((resolve, reject) => {
    const req = m.protocol === 'https' ? https.request({ ...base, ca: m.ca, cert: m.cert, key: m.key }) : http.request(base);
    req.on('upgrade', (_res, socket, head) => {
      if (head.length) socket.unshift(head);
      resolve(socket);
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c.slice(0, 2000)));
      res.on('end', () => {
        let message = body.trim();
        try {
          message = (JSON.parse(body) as { message?: string }).message ?? message;
        } catch {
          // not JSON: the text as it came
        }
        reject(new SessionRefused(`the engine answered ${res.statusCode}${message ? `: ${message}` : ''}`));
      });
    });
    req.on('error', (err) => reject(new SessionRefused(err.message)));
    req.end();
  });
}

/** Pure: gRPC's frame around one message (no compression). */
export function grpcFrame(message: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

/** The messages of a gRPC request stream, as they arrive. */
export async function* grpcMessages(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let buf: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= 5) {
      if (buf[0] !== 0) throw new SyncError('The engine sent a compressed gRPC message, which Berth did not offer.');
      const len = buf.readUInt32BE(1);
      if (buf.length < 5 + len) break;
      yield buf.subarray(5, 5 + len);
      buf = buf.subarray(5 + len);
    }
  }
}

/**
 * The values of one request header, each as sent: Node joins repeated headers with ", ", which
 * patterns may contain, and reads each byte of a value as one character, where the engine sends
 * UTF-8 (a path named `ü.md`).
 */
export function headerValues(rawHeaders: readonly string[], name: string): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if (rawHeaders[i]!.toLowerCase() === name) out.push(Buffer.from(rawHeaders[i + 1]!, 'latin1').toString('utf8'));
  return out.length ? out : undefined;
}

/**
 * A stream's chunks, for as long as the caller wants them. Leaving a `for await` over the
 * stream itself would destroy it, which resets the engine's call (RST_STREAM CANCEL) before
 * the trailers that end it well.
 */
async function* chunksOf(stream: http2.ServerHttp2Stream): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const poke = () => {
    wake?.();
    wake = undefined;
  };
  stream.on('data', (c: Buffer) => {
    queue.push(c);
    poke();
  });
  const stop = () => {
    ended = true;
    poke();
  };
  stream.on('end', stop);
  stream.on('close', stop);
  for (;;) {
    const c = queue.shift();
    if (c) yield c;
    else if (ended) return;
    else await new Promise<void>((r) => (wake = r));
  }
}

/** Write to an HTTP/2 stream, waiting for room; a closed stream is an error. */
function writer(stream: http2.ServerHttp2Stream): (b: Buffer) => Promise<void> {
  return (b) =>
    new Promise<void>((resolve, reject) => {
      if (stream.destroyed || stream.closed) return reject(new SyncError('The engine closed the sync stream.'));
      if (stream.write(b)) return resolve();
      const done = (err?: Error) => {
        stream.off('drain', ok);
        stream.off('close', closed);
        if (err) reject(err);
        else resolve();
      };
      const ok = () => done();
      const closed = () => done(new SyncError('The engine closed the sync stream.'));
      stream.on('drain', ok);
      stream.on('close', closed);
    });
}

function end(stream: http2.ServerHttp2Stream, status: number, message?: string): void {
  if (stream.destroyed || stream.closed) return;
  if (!stream.headersSent) stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.once('wantTrailers', () =>
    stream.sendTrailers({ 'grpc-status': String(status), ...(message ? { 'grpc-message': encodeURIComponent(message) } : {}) }),
  );
  stream.end();
}

/**
 * Open a session that serves `dirs` (a name the engine asks for → the folder)
 * until closed. `sharedKey` names the folders for the engine's own copy of
 * them, so the next build of the same folders sends only what changed.
 */
export async function openBuildSession(
  docker: Docker,
  opts: { dirs: Readonly<Record<string, string>>; sharedKey: string; name: string; onBytes?: (n: number) => void; signal?: AbortSignal },
): Promise<BuildSession> {
  const id = randomUUID();
  const socket = await upgrade(
    docker,
    {
      'X-Docker-Expose-Session-Uuid': id,
      'X-Docker-Expose-Session-Name': opts.name,
      'X-Docker-Expose-Session-Sharedkey': opts.sharedKey,
      'X-Docker-Expose-Session-Grpc-Method': [HEALTH, DIFF_COPY],
    },
    opts.signal,
  );
  const transfers: Transfer[] = [];
  let before = 0;
  let current = 0;
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('error', () => undefined);
  });
  server.on('stream', (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, _flags: number, rawHeaders: string[]) => {
    stream.on('error', () => undefined);
    const path = headers[':path'];
    if (path === HEALTH) {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      // HealthCheckResponse { status: SERVING }
      stream.write(grpcFrame(Buffer.from([0x08, 0x01])));
      stream.resume();
      end(stream, GRPC.OK);
      return;
    }
    if (path !== DIFF_COPY) return end(stream, GRPC.UNIMPLEMENTED, `Berth does not serve ${String(path)}`);
    const dir = headerValues(rawHeaders, 'dir-name')?.[0] ?? '';
    const root = opts.dirs[dir];
    if (!root) return end(stream, GRPC.NOT_FOUND, `no folder ${dir} in this session`);
    const filter: SyncFilter = {
      ...(headerValues(rawHeaders, 'include-patterns') ? { includePatterns: headerValues(rawHeaders, 'include-patterns') } : {}),
      ...(headerValues(rawHeaders, 'exclude-patterns') ? { excludePatterns: headerValues(rawHeaders, 'exclude-patterns') } : {}),
      ...(headerValues(rawHeaders, 'followpaths') ? { followPaths: headerValues(rawHeaders, 'followpaths') } : {}),
    };
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    const write = writer(stream);
    const port: PacketPort = {
      send: (p) => write(grpcFrame(p)),
      packets: (async function* (): AsyncGenerator<Packet> {
        for await (const m of grpcMessages(chunksOf(stream))) yield decodePacket(m);
      })(),
    };
    sendFolder(
      root,
      filter,
      port,
      (n) => {
        current = n;
        opts.onBytes?.(before + current);
      },
      opts.signal,
    ).then(
      (report) => {
        transfers.push({ dir, filter, report });
        before += report.bytes;
        current = 0;
        end(stream, GRPC.OK);
      },
      (err: unknown) => {
        before += current;
        current = 0;
        end(stream, GRPC.UNKNOWN, (err as Error).message);
      },
    );
  });
  // Over TLS the socket says that no ALPN protocol was agreed, which Node's HTTP/2 server takes for
  // an HTTP/1 client and closes: here HTTP/2 was agreed by the upgrade instead.
  if ((socket as { alpnProtocol?: unknown }).alpnProtocol === false) (socket as { alpnProtocol?: unknown }).alpnProtocol = 'h2';
  server.emit('connection', socket);
  let closing = false;
  let lost = false;
  socket.once('close', () => (lost = !closing));
  const close = () => {
    closing = true;
    for (const s of sessions) s.destroy();
    socket.destroy();
    server.close();
  };
  opts.signal?.addEventListener('abort', close, { once: true });
  return { id, transfers, bytes: () => before + current, lost: () => lost, close };
}
