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
import { extname, join, normalize, sep } from 'node:path';
import { appRoot } from '../util/root.js';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Carrier } from '../rpc/carrier.js';
import { ensureBackend, openControlSocket } from '../backend/launch.js';
import { MAX_FRAME_BYTES } from '../rpc/protocol.js';
import { socketCarrier, wsCarrier } from '../rpc/node-carriers.js';
import { screenPageFrame } from '../rpc/page-frames.js';
import { hostAllowed, refuseReason } from './guard.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';

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

export async function startWebHost(opts: { home: string; port?: number; rendererDir?: string }): Promise<WebHost> {
  const rendererDir = opts.rendererDir ?? defaultRendererDir;
  const token = randomBytes(24).toString('base64url');
  let port = 0;

  const server = createServer((req, res) => void serveStatic(req, res));
  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };
    if (!hostAllowed(req.headers.host, port)) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/plain' }).end('This is not the host you are looking for.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const rel = normalize(path === '/' ? '/index.html' : path);
    const file = join(rendererDir, rel);
    if (!file.startsWith(rendererDir + sep)) {
      res.writeHead(404, headers).end();
      return;
    }
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Frame-Options': 'DENY',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      const missingUi = rel === `${sep}index.html`;
      res
        .writeHead(missingUi ? 503 : 404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
        .end(missingUi ? 'The Berth UI is not built: run `npm run build`.\n' : 'Not found.\n');
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES * 4 });
  server.on('upgrade', (req, socket, head) => {
    const url = req.url ?? '/';
    const refused = new URL(url, 'http://x').pathname !== '/rpc'
      ? 'Not found.'
      : refuseReason({ host: req.headers.host, origin: req.headers.origin, url }, port, token);
    if (refused) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refused}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => bridge(ws));
  });

  /** Bridge one WebSocket to its own backend connection, starting the backend if it is gone. */
  function bridge(ws: WebSocket): void {
    const client = wsCarrier(ws);
    const early: string[] = [];
    let engine: Carrier | undefined;
    let backend: Socket | undefined;
    let closed = false;
    client.onFrame((frame) => {
      if (frame.includes('\n')) {
        client.send(JSON.stringify({ t: 'error', id: null, error: { code: 'bad_request', message: 'Message refused: a frame may not contain a raw newline.' } }));
        return;
      }
      const refusal = screenPageFrame(frame);
      if (refusal) client.send(refusal);
      else if (engine) engine.send(frame);
      else if (early.length < MAX_EARLY_FRAMES) early.push(frame);
    });
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
          const e = socketCarrier(sock);
          engine = e;
          e.onFrame((frame) => client.send(frame));
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
