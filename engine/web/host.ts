/**
 * The web host: the renderer bundle over HTTP and the RPC over a WebSocket,
 * on 127.0.0.1 only, with a fresh token each run. Each WebSocket is bridged
 * to its own connection to the backend's control socket; internal methods
 * (page-frames.ts) are refused on the way.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, sep } from 'node:path';
import { appRoot } from '../util/root.js';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Carrier } from '../rpc/carrier.js';
import { ensureBackend, openControlSocket } from '../backend/launch.js';
import { MAX_FRAME_BYTES } from '../rpc/protocol.js';
import { socketRelay, wsCarrier } from '../rpc/node-carriers.js';
import { screenPageFrame } from '../rpc/page-frames.js';
import { hostAllowed, refuseReason } from './guard.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { parseRequestTarget } from './request-target.js';

export const defaultRendererDir = join(appRoot, 'out', 'renderer');

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.json': 'application/json',
};

/** Frames a client may send before its backend connection is up. */
const MAX_EARLY_FRAMES = 256;
const HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };

/** A file whose name carries its content's hash (`main-3F2A9XQZ.js`, `chunks/x-AB12CD34.css.map`), as the renderer build names them. */
const HASHED = /-[A-Z0-9]{8}\.(?:js|css)(?:\.map)?$/;

/**
 * How long a browser may keep a file: hashed files never change, so they are cached for good
 * (a rebuild gives new names); everything else, index.html first, is fetched afresh each time.
 */
export function cacheControlOf(path: string): string {
  return HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-store';
}

/** The sentence for something that went wrong inside the host while answering. */
function failure(err: unknown): string {
  return `Berth’s web host could not answer this request (${err instanceof Error ? err.message : String(err)}); reload the page, and report it if it happens again.`;
}

/** Answer a request that failed half-way: a 500 if nothing was sent yet, else drop the connection. */
function failed(res: ServerResponse, err: unknown): void {
  try {
    if (res.headersSent) return void res.destroy();
    res.writeHead(500, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${failure(err)}\n`);
  } catch {
    res.destroy();
  }
}

/** Refuse a WebSocket handshake with a status and a sentence. */
function refuseUpgrade(socket: Duplex, status: number, statusText: string, why: string): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${why}\n`);
}

export async function startWebHost(opts: { home: string; port?: number; rendererDir?: string }): Promise<WebHost> {
  const rendererDir = opts.rendererDir ?? defaultRendererDir;
  const token = randomBytes(24).toString('base64url');
  let port = 0;

  // Every handler is guarded: whatever a client sends, the host answers it or drops it, and keeps serving.
  const server = createServer((req, res) => {
    serveStatic(req, res).catch((err: unknown) => failed(res, err));
  });
  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) {
      res.writeHead(403, { ...HEADERS, 'Content-Type': 'text/plain' }).end('This is not the host you are looking for.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, HEADERS).end();
      return;
    }
    const target = parseRequestTarget(req.url);
    if ('refused' in target) {
      res.writeHead(400, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${target.refused}\n`);
      return;
    }
    const rel = normalize(target.path === '/' ? '/index.html' : target.path);
    const file = join(rendererDir, rel);
    if (!file.startsWith(rendererDir + sep)) {
      res.writeHead(404, HEADERS).end();
      return;
    }
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, {
        ...HEADERS,
        'Cache-Control': cacheControlOf(rel),
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Frame-Options': 'DENY',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      const missingUi = rel === `${sep}index.html`;
      res
        .writeHead(missingUi ? 503 : 404, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
        .end(missingUi ? 'The Berth UI is not built: run `npm run build`.\n' : 'Not found.\n');
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES * 4 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node leaves an upgraded socket without an error listener: a client that resets it must not take the host down.
    socket.on('error', () => socket.destroy());
    try {
      const target = parseRequestTarget(req.url);
      if ('refused' in target) return void refuseUpgrade(socket, 400, 'Bad Request', target.refused);
      const refused =
        target.rawPath !== '/rpc'
          ? 'Not found.'
          : refuseReason({ host: req.headers.host, origin: req.headers.origin, token: target.query.get('token') }, port, token);
      if (refused) return void refuseUpgrade(socket, 403, 'Forbidden', refused);
      wss.handleUpgrade(req, socket, head, (ws) => bridge(ws));
    } catch (err) {
      refuseUpgrade(socket, 500, 'Internal Server Error', failure(err));
    }
  });

  /** Bridge one WebSocket to its own backend connection, starting the backend if it is gone. */
  function bridge(ws: WebSocket): void {
    const client = wsCarrier(ws);
    const early: string[] = [];
    let engine: Pick<Carrier, 'send' | 'onClose' | 'close'> | undefined;
    let backend: Socket | undefined;
    let closed = false;
    client.onFrame((frame) => {
      try {
        forward(frame);
      } catch (err) {
        client.send(JSON.stringify({ t: 'error', id: null, error: { code: 'internal', message: failure(err) } }));
      }
    });
    function forward(frame: string): void {
      if (frame.includes('\n')) {
        client.send(
          JSON.stringify({ t: 'error', id: null, error: { code: 'bad_request', message: 'Message refused: a frame may not contain a raw newline.' } }),
        );
        return;
      }
      const refusal = screenPageFrame(frame);
      if (refusal) client.send(refusal);
      else if (engine) engine.send(frame);
      else if (early.length < MAX_EARLY_FRAMES) early.push(frame);
    }
    client.onClose(() => {
      closed = true;
      backend?.destroy();
    });
    openControlSocket(opts.home)
      .catch(async () => {
        await ensureBackend(opts.home);
        return openControlSocket(opts.home);
      })
      .then(
        (sock) => {
          if (closed) return void sock.destroy();
          backend = sock;
          // The backend's frames go to the page as the bytes they came in (JSON text, one frame a message).
          const e = socketRelay(sock, (frame) => ws.readyState === ws.OPEN && ws.send(frame, { binary: false }));
          engine = e;
          e.onClose(() => ws.close(1011, "Berth's backend went away."));
          early.splice(0).forEach((f) => e.send(f));
        },
        () => ws.close(1011, "Berth's backend could not be started."),
      );
  }

  await new Promise<void>((res, rej) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      rej(new Error(err.code === 'EADDRINUSE' ? `Port ${opts.port} on 127.0.0.1 is already in use: choose another with --port.` : err.message)),
    );
    server.listen(opts.port ?? 0, '127.0.0.1', () => res());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((res) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => res());
        server.closeAllConnections();
      }),
  };
}
