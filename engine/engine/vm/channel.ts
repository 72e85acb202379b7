/**
 * The authenticated channel to the guest's engine: SSH (per-install key,
 * the guest's host key checked) to the loopback-only forward of the guest's
 * port 22, and a user-private unix socket on the host whose every connection
 * is carried to the guest's Docker socket.
 */
import { promises as fs } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { Client, ClientChannel } from 'ssh2';
import { sleep } from '../../util/fs.js';
import type { VmKeys } from './disks.js';
import { GUEST_DOCKER_SOCKET } from './recipe.js';

/** Log in to the guest, retrying until `timeoutMs` while its SSH server starts. */
export async function connectSsh(port: number, keys: VmKeys, signal: AbortSignal, timeoutMs: number): Promise<Client> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline && !signal.aborted) {
    const client = new ssh2.Client();
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('ready', resolve);
        client.once('error', reject);
        client.connect({
          host: '127.0.0.1',
          port,
          username: 'root',
          privateKey: keys.clientPrivate,
          hostVerifier: (key: Buffer) => key.equals(keys.hostKeyBlob),
          readyTimeout: 10_000,
          keepaliveInterval: 10_000,
          keepaliveCountMax: 3,
        });
      });
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      return client;
    } catch (err) {
      client.end();
      last = (err as Error).message;
      if (/host key|verif/i.test(last)) throw new Error('The VM answered SSH with a host key that is not its own; Berth will not talk to it.');
      await sleep(200);
    }
  }
  throw new Error(signal.aborted ? 'Engine start was cancelled.' : `Berth could not log in to the VM over SSH (${last || 'no answer'}).`);
}

/** Carry a host connection both ways over the SSH channel `open` makes (closed with it). */
export function carry(conn: Socket, open: (cb: (err: Error | undefined, stream: ClientChannel) => void) => void): void {
  conn.pause();
  open((err, stream) => {
    if (err) return void conn.destroy();
    conn.pipe(stream).pipe(conn);
    conn.on('error', () => stream.destroy());
    stream.on('error', () => conn.destroy());
    conn.resume();
  });
}

/** Serve `path` (a socket file made private to the user, or a named pipe) and carry every connection to the guest's Docker socket. */
export async function serveDockerSocket(ssh: Client, path: string, isFile = true): Promise<Server> {
  if (isFile) await fs.rm(path, { force: true });
  const server = createServer({ allowHalfOpen: true }, (conn) => carry(conn, (cb) => ssh.openssh_forwardOutStreamLocal(GUEST_DOCKER_SOCKET, cb)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  if (isFile) await fs.chmod(path, 0o600);
  return server;
}
