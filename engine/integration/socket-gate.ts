/**
 * A unix-socket forwarder in front of an engine, for tests that need a transfer
 * stopped mid-way at a known point: once one connection has sent more than
 * `threshold` bytes towards the engine, it is held (no more bytes pass, as a
 * stalled link) or cut (both sides closed, as a dropped link). Small requests
 * (pings, lists) pass untouched.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export type GateMode = 'pass' | 'hold' | 'cut';

export interface SocketGate {
  /** unix://… to add as an engine. */
  readonly dockerHost: string;
  setMode(mode: GateMode, threshold?: number): void;
  /** Resolves once a connection was held or cut since the last setMode. */
  tripped(): Promise<void>;
  /** Stop listening and drop every connection (the socket file goes too): the engine is "down". */
  close(): Promise<void>;
}

export async function startSocketGate(target: string, path: string): Promise<SocketGate> {
  const sockets = new Set<Socket>();
  let mode: GateMode = 'pass';
  let threshold = Infinity;
  let trip: () => void = () => undefined;
  let tripped = new Promise<void>((resolve) => (trip = resolve));
  const server = createServer((client) => {
    const upstream = createConnection({ path: target });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (mode !== 'pass' && sent > threshold) {
        trip();
        if (mode === 'cut') {
          client.destroy();
          upstream.destroy();
        } else client.pause();
        return;
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    client.on('end', () => upstream.end());
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    dockerHost: `unix://${path}`,
    setMode: (m, t = Infinity) => {
      mode = m;
      threshold = t;
      tripped = new Promise<void>((resolve) => (trip = resolve));
    },
    tripped: () => tripped,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
