/**
 * A simulated internet for tests: a host in a network namespace of its own
 * (`berth-far-<pid>-<n>`), joined to this machine by a veth pair on a /30 of
 * 10.213.0.0/16, with only the route to the host's end of the veth — no
 * default route and no route back to any container subnet, so a container
 * reaches it only through NAT on this machine, as it would a server on the
 * internet. It runs a small HTTP server (`far-host-server.ts`): `/` is
 * `page`, `/bytes/<n>` sends n bytes.
 *
 *   const far = await startFarHost();
 *   // far.url → http://10.213.x.2:80/ ; far.bytesUrl(100e6) for benches
 *   await far.stop(); // namespace, veth and server gone
 *
 * Needs root (ip netns). Several may run at once (names and /30s differ).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { cidrOverlap, rangesInUse } from '../engine/network.js';
import { isAlive } from '../util/fs.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');

/** The namespace name prefix; what follows is the creating process's pid. */
export const FAR_PREFIX = 'berth-far-';

export interface FarHost {
  /** The network namespace's name. */
  readonly netns: string;
  /** The far host's address (inside the namespace). */
  readonly ip: string;
  /** This machine's end of the veth. */
  readonly hostIp: string;
  /** This machine's veth interface. */
  readonly hostIf: string;
  readonly port: number;
  /** `http://<ip>:<port>/`, which answers `page`. */
  readonly url: string;
  readonly page: string;
  /** The URL of a download of exactly `n` bytes. */
  bytesUrl(n: number): string;
  /** Stop the server, delete the namespace and the veth pair. */
  stop(): Promise<void>;
}

let counter = 0;

/** Pure: the /30 with block number `n` (0…16383) of 10.213.0.0/16: [network/30, host end, far end]. */
export function farSubnet(n: number): { cidr: string; hostIp: string; farIp: string } {
  const base = n * 4;
  const third = Math.floor(base / 256);
  const fourth = base % 256;
  return { cidr: `10.213.${third}.${fourth}/30`, hostIp: `10.213.${third}.${fourth + 1}`, farIp: `10.213.${third}.${fourth + 2}` };
}

/** Remove far hosts left by test processes that died before their teardown (never another live process's). */
export async function sweepFarHosts(): Promise<void> {
  const { stdout } = await run('ip', ['netns', 'list']);
  for (const line of stdout.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = new RegExp(`^${FAR_PREFIX}(\\d+)-\\d+$`).exec(name);
    if (m && !isAlive(Number(m[1]))) await removeNetns(name);
  }
}

async function removeNetns(name: string): Promise<void> {
  // Killing what runs inside first lets the namespace (and the veth in it) go at once.
  const pids = await run('ip', ['netns', 'pids', name]).then(
    (r) => r.stdout.split('\n').filter(Boolean).map(Number),
    () => [],
  );
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  await run('ip', ['netns', 'del', name]).catch(() => undefined);
}

/** Start a far host with its HTTP server on `port` (80 by default). */
export async function startFarHost(opts: { page?: string; port?: number } = {}): Promise<FarHost> {
  const page = opts.page ?? 'hello from the far host\n';
  const port = opts.port ?? 80;
  await sweepFarHosts();
  const inUse = await rangesInUse();
  let net = farSubnet(randomInt(16384));
  for (let i = 0; inUse.some((r) => cidrOverlap(r, net.cidr)); i++) {
    if (i > 100) throw new Error('no free /30 in 10.213.0.0/16 for a far host');
    net = farSubnet(randomInt(16384));
  }
  const n = counter++;
  const netns = `${FAR_PREFIX}${process.pid}-${n}`;
  const tag = `${process.pid.toString(36)}${n.toString(36)}`.slice(-7);
  const hostIf = `bfar${tag}`;
  const farIf = `bfar${tag}x`;
  const inNs = (...args: string[]) => run('ip', ['netns', 'exec', netns, ...args]);
  let server: ChildProcess | undefined;
  const stop = async () => {
    if (server?.pid && server.exitCode === null) server.kill('SIGKILL');
    await removeNetns(netns);
    await run('ip', ['link', 'del', hostIf]).catch(() => undefined);
  };
  try {
    await run('ip', ['netns', 'add', netns]);
    await run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', farIf, 'netns', netns]);
    await run('ip', ['addr', 'add', `${net.hostIp}/30`, 'dev', hostIf]);
    await run('ip', ['link', 'set', hostIf, 'up']);
    await inNs('ip', 'link', 'set', 'lo', 'up');
    await inNs('ip', 'addr', 'add', `${net.farIp}/30`, 'dev', farIf);
    await inNs('ip', 'link', 'set', farIf, 'up');
    server = spawn(
      'ip',
      ['netns', 'exec', netns, process.execPath, '--import', 'tsx', join(root, 'engine', 'integration', 'far-host-server.ts'), net.farIp, String(port), page],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((res, rej) => {
      let out = '';
      server!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('ready')) res();
      });
      server!.once('exit', (code) => rej(new Error(`the far host's server exited (${code})`)));
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const base = `http://${net.farIp}:${port}`;
  return {
    netns,
    ip: net.farIp,
    hostIp: net.hostIp,
    hostIf,
    port,
    url: `${base}/`,
    page,
    bytesUrl: (bytes: number) => `${base}/bytes/${bytes}`,
    stop,
  };
}
