/**
 * The private bridge of Berth's native engine: its own name and subnet, so
 * it never clashes with a system Docker's docker0 or any other network.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BridgeConfig {
  readonly name: string;
  /** Gateway address with prefix, e.g. 172.29.42.1/24. */
  readonly gateway: string;
}

/** `berth0` for the default home, a stable per-home name otherwise (bridge names are at most 15 bytes). */
export function bridgeName(home: string, isDefaultHome: boolean): string {
  if (isDefaultHome) return 'berth0';
  return `berth-${createHash('sha256').update(home).digest('hex').slice(0, 6)}`;
}

/** Parse "a.b.c.d" into a 32-bit number. */
export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`"${ip}" is not an IPv4 address.`);
  }
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** True when two CIDR ranges share any address. */
export function cidrOverlap(a: string, b: string): boolean {
  const [ipA, lenA] = a.split('/');
  const [ipB, lenB] = b.split('/');
  const len = Math.min(Number(lenA ?? 32), Number(lenB ?? 32));
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return (ipToInt(ipA) & mask) >>> 0 === (ipToInt(ipB) & mask) >>> 0;
}

/**
 * Pick a /24 for the bridge that overlaps none of the ranges in use,
 * starting from one derived from the home so two homes tend to differ.
 */
export function pickSubnet(home: string, inUse: readonly string[]): string {
  const seed = createHash('sha256').update(home).digest()[0];
  for (let i = 0; i < 200; i++) {
    const third = 20 + ((seed + i) % 200);
    const candidate = `172.29.${third}.0/24`;
    if (!inUse.some((r) => cidrOverlap(r, candidate))) return `172.29.${third}.1/24`;
  }
  throw new Error('Berth found no free /24 in 172.29.0.0/16 for its bridge: set engine.subnet in settings.json.');
}

interface IpAddrJson {
  ifname: string;
  addr_info?: Array<{ family: string; local: string; prefixlen: number }>;
}

/** Every IPv4 range on this host's interfaces and routes, except those of `exceptIf`. */
export async function rangesInUse(exceptIf?: string): Promise<string[]> {
  const ranges: string[] = [];
  const addrs = JSON.parse((await run('ip', ['-j', '-4', 'addr', 'show'])).stdout) as IpAddrJson[];
  for (const link of addrs) {
    if (link.ifname === exceptIf) continue;
    for (const a of link.addr_info ?? []) ranges.push(`${a.local}/${a.prefixlen}`);
  }
  const routes = JSON.parse((await run('ip', ['-j', '-4', 'route', 'show'])).stdout) as Array<{ dst: string; dev?: string }>;
  for (const r of routes) {
    if (r.dev === exceptIf || r.dst === 'default') continue;
    ranges.push(r.dst.includes('/') ? r.dst : `${r.dst}/32`);
  }
  return ranges;
}

async function linkExists(name: string): Promise<boolean> {
  try {
    await run('ip', ['link', 'show', 'dev', name]);
    return true;
  } catch {
    return false;
  }
}

/** Create (or reuse) the bridge with its gateway address and bring it up. */
export async function ensureBridge(cfg: BridgeConfig): Promise<void> {
  let created = false;
  try {
    if (!(await linkExists(cfg.name))) {
      await run('ip', ['link', 'add', cfg.name, 'type', 'bridge']);
      created = true;
    }
    const info = JSON.parse((await run('ip', ['-j', '-4', 'addr', 'show', 'dev', cfg.name])).stdout) as IpAddrJson[];
    const have = info[0]?.addr_info?.map((a) => `${a.local}/${a.prefixlen}`) ?? [];
    if (!have.includes(cfg.gateway)) {
      const clash = (await rangesInUse(cfg.name)).find((r) => cidrOverlap(r, cfg.gateway));
      if (clash) {
        throw new Error(
          `The subnet ${cfg.gateway} for Berth's bridge ${cfg.name} overlaps ${clash}, already used on this host: set another engine.subnet in settings.json.`,
        );
      }
      for (const old of have) await run('ip', ['addr', 'del', old, 'dev', cfg.name]);
      await run('ip', ['addr', 'add', cfg.gateway, 'dev', cfg.name]);
    }
    await run('ip', ['link', 'set', cfg.name, 'up']);
  } catch (err) {
    // A bridge made here for an engine that will not start goes again (one that was there stays, as it was).
    if (created) await removeBridge(cfg.name);
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error("Berth needs the `ip` command to create its bridge: install Debian's iproute2 package.");
    if (e.stderr) throw new Error(`Berth could not set up its bridge ${cfg.name}: ${e.stderr.trim()}.`);
    throw err;
  }
}

/** Remove the bridge; missing is fine. */
export async function removeBridge(name: string): Promise<void> {
  if (await linkExists(name)) await run('ip', ['link', 'del', name]).catch(() => undefined);
}
