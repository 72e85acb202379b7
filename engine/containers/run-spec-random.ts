/**
 * Seeded random run specs for round-trip property tests (unit and integration), the canonical form a
 * spec comes back in from "copy as docker run", and the plain spec other tests start from. Test support
 * only: nothing in the app imports it.
 */
import { CAPABILITIES, type HealthSpec, type MountSpec, type PortSpec, type RunSpec } from './run-spec.js';

/** mulberry32: small, seeded, replayable. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const maybe = <T>(f: () => T, p = 0.5): T | undefined => (next() < p ? f() : undefined);
  const many = <T>(f: () => T, max: number): T[] => Array.from({ length: int(0, max) }, f);
  return { int, pick, maybe, many };
}

/** The plainest spec of `image`: every other field empty or off, then `over`. */
export function plainRunSpec(image: string, over: Partial<RunSpec> = {}): RunSpec {
  return {
    image,
    ports: [],
    publishAll: false,
    env: [],
    mounts: [],
    restart: { name: 'no' },
    autoRemove: false,
    labels: {},
    interactive: false,
    tty: false,
    ...over,
  };
}

const CHARS = `abcXYZ019 _-.,:;=/'"$\\!*?&|<>()[]{}#~\`\té`;
/** Where the random specs may point: an engine that must create them needs existing bind sources, images, networks. */
export interface RandomOptions {
  readonly images?: readonly string[];
  readonly bindSources?: readonly string[];
  readonly networks?: readonly (string | undefined)[];
  readonly maxCpus?: number;
  readonly name?: string;
  /** Capabilities to pick from (bare names); default: the kernel's whole list. */
  readonly capabilities?: readonly string[];
}

/** A random valid run spec, the same for the same seed. */
export function randomRunSpec(seed: number, o: RandomOptions = {}): RunSpec {
  const r = rng(seed);
  const word = (min = 0) => Array.from({ length: r.int(min, 12) }, () => r.pick([...CHARS])).join('');
  const ident = () => r.pick(['a', 'web', 'db', 'x9']) + r.int(0, 99);
  const ports = new Map<string, PortSpec>();
  for (let n = r.int(0, 3); n > 0; n--) {
    const p: PortSpec = {
      hostIp: r.maybe(() => r.pick(['127.0.0.1', '0.0.0.0', '::1'])),
      hostPort: r.maybe(() => r.int(1, 65535)),
      containerPort: r.int(1, 65535),
      protocol: r.pick(['tcp', 'udp'] as const),
    };
    ports.set(`${p.containerPort}/${p.protocol}`, p);
  }
  const mounts = new Map<string, MountSpec>();
  for (let n = r.int(0, 3); n > 0; n--) {
    const type = r.pick(['bind', 'volume'] as const);
    const target = `/${ident()}`;
    const source = type === 'bind' ? (o.bindSources ? r.pick(o.bindSources) : `/srv/${ident()}`) : r.pick(['', ident()]);
    mounts.set(target, {
      type,
      source,
      target,
      // The engine refuses a read-only anonymous volume, and so does the dialog.
      readOnly: source ? r.int(0, 1) === 1 : false,
    });
  }
  const restart = r.pick(['no', 'always', 'unless-stopped', 'on-failure'] as const);
  const network = o.networks ? r.pick(o.networks) : r.maybe(() => r.pick(['host', 'none', 'web-net', 'app_1']));
  const health: HealthSpec = {
    command: r.maybe(() => word(1)),
    intervalMs: r.maybe(() => r.int(1, 3_600_000)),
    timeoutMs: r.maybe(() => r.int(1, 120_000)),
    startPeriodMs: r.maybe(() => r.int(1, 600_000)),
    retries: r.maybe(() => r.int(1, 10)),
  };
  const caps = () => [...new Set(r.many(() => `CAP_${r.pick(o.capabilities ?? CAPABILITIES)}`, 3))];
  return {
    image: r.pick(o.images ?? ['berth-test/busybox', 'registry.local:5000/app:1.2', 'alpine@sha256:' + 'a'.repeat(64)]),
    name: o.name ?? ident(),
    command: r.maybe(() => [word(), ...r.many(() => word(), 3)]),
    entrypoint: r.maybe(() => [word(1)]),
    ports: [...ports.values()],
    publishAll: r.int(0, 1) === 1,
    env: r.many(() => `${r.pick(['A', 'PATH_X', 'b.c'])}=${word()}`, 3),
    mounts: [...mounts.values()],
    restart: { name: restart, maxRetries: restart === 'on-failure' ? r.maybe(() => r.int(1, 10)) : undefined },
    autoRemove: restart === 'no' && r.int(0, 1) === 1,
    network,
    user: r.maybe(() => r.pick(['nobody', '1000:1000', 'app'])),
    workdir: r.maybe(() => `/${ident()}/${ident()}`),
    labels: Object.fromEntries(r.many(() => [r.pick(['app', 'com.example.team', 'k']) + r.int(0, 9), word()], 3)),
    interactive: r.int(0, 1) === 1,
    tty: r.int(0, 1) === 1,
    memory: r.maybe(() => r.pick([r.int(6, 4096) * 1024 ** 2, r.int(6 * 1024 ** 2, 2 ** 33), r.int(1, 8) * 1024 ** 3])),
    cpus: r.maybe(() => r.int(1, (o.maxCpus ?? 16) * 100) / 100),
    pidsLimit: r.maybe(() => r.int(1, 100_000)),
    addHosts: r.many(() => `${ident()}.local:${r.pick(['10.0.0.5', '192.168.1.1', '::1', 'fe80::1:2', 'host-gateway'])}`, 3),
    hostname: r.maybe(() => r.pick(['web-1', 'db.example.org', 'x'])),
    capAdd: caps(),
    capDrop: caps(),
    healthcheck: Object.values(health).some((v) => v !== undefined) ? health : undefined,
    init: r.int(0, 1) === 1,
  };
}

/** The same spec, with mounts in the order the command lists them (ports by key; mounts by target, then anonymous volumes by target) and empty lists filled in. */
export function canonicalSpec(s: RunSpec): RunSpec {
  const portKey = (p: PortSpec) => `${p.containerPort}/${p.protocol}`;
  // Mounts by target (as the command sorts them), then anonymous volumes in code-unit order (as the engine's JSON keys).
  const order = (a: MountSpec, b: MountSpec) =>
    a.source && b.source ? a.target.localeCompare(b.target) : a.source ? -1 : b.source ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0;
  return {
    ...s,
    mounts: [...s.mounts].sort(order),
    ports: [...s.ports].sort((a, b) => (portKey(a) < portKey(b) ? -1 : portKey(a) > portKey(b) ? 1 : 0)),
    addHosts: s.addHosts ?? [],
    capAdd: s.capAdd ?? [],
    capDrop: s.capDrop ?? [],
    init: s.init ?? false,
  };
}
