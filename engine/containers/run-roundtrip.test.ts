/**
 * "Copy as docker run" round trip, as a seeded property: a random valid run spec → the create request →
 * what inspect shows → the command text → parsed back gives the same spec.
 */
import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { toCreateOptions } from './run-container.js';
import { runCommand } from './run-command.js';
import { parseRunCommand } from './run-parse.js';
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

const CHARS = `abcXYZ019 _-.,:;=/'"$\\!*?&|<>()[]{}#~\`\té`;
function spec(seed: number): RunSpec {
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
    mounts.set(target, {
      type,
      source: type === 'bind' ? `/srv/${ident()}` : r.pick(['', ident()]),
      target,
      readOnly: type === 'bind' || r.int(0, 1) ? r.int(0, 1) === 1 : false,
    });
  }
  const restart = r.pick(['no', 'always', 'unless-stopped', 'on-failure'] as const);
  const network = r.maybe(() => r.pick(['host', 'none', 'web-net', 'app_1']));
  const health: HealthSpec = {
    command: r.maybe(() => word(1)),
    intervalMs: r.maybe(() => r.int(1, 3_600_000)),
    timeoutMs: r.maybe(() => r.int(1, 120_000)),
    startPeriodMs: r.maybe(() => r.int(1, 600_000)),
    retries: r.maybe(() => r.int(1, 10)),
  };
  const caps = () => [...new Set(r.many(() => `CAP_${r.pick(CAPABILITIES)}`, 3))];
  return {
    image: r.pick(['berth-test/busybox', 'registry.local:5000/app:1.2', 'alpine@sha256:' + 'a'.repeat(64)]),
    name: ident(),
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
    cpus: r.maybe(() => r.int(1, 1600) / 100),
    pidsLimit: r.maybe(() => r.int(1, 100_000)),
    addHosts: r.many(() => `${ident()}.local:${r.pick(['10.0.0.5', '192.168.1.1', '::1', 'fe80::1:2', 'host-gateway'])}`, 3),
    hostname: r.maybe(() => r.pick(['web-1', 'db.example.org', 'x'])),
    capAdd: caps(),
    capDrop: caps(),
    healthcheck: Object.values(health).some((v) => v !== undefined) ? health : undefined,
    init: r.int(0, 1) === 1,
  };
}

const ENGINE_HOST = 'engine-box';

/** What the engine's inspect shows for a container created from these options (the fields the command reads). */
function inspectOf(options: Docker.ContainerCreateOptions, id: string): Parameters<typeof runCommand>[0] {
  const { name, HostConfig, ...config } = options;
  return {
    Id: id,
    Name: `/${name}`,
    Config: { ...config, Hostname: config.Hostname ?? (HostConfig?.NetworkMode === 'host' ? ENGINE_HOST : id.slice(0, 12)) } as never,
    HostConfig: { ...HostConfig, NetworkMode: HostConfig?.NetworkMode ?? 'default' } as never,
  };
}

/** The same spec, with mounts in the order the command lists them (mounts by target, then anonymous volumes as given) and empty lists filled in. */
function canonical(s: RunSpec): RunSpec {
  const key = (m: MountSpec) => (m.source || m.readOnly ? `0${m.target}` : `1`);
  return {
    ...s,
    mounts: [...s.mounts].sort((a, b) => key(a).localeCompare(key(b))),
    addHosts: s.addHosts ?? [],
    capAdd: s.capAdd ?? [],
    capDrop: s.capDrop ?? [],
    init: s.init ?? false,
  };
}

describe('copy as docker run, round trip', () => {
  const base = Number(process.env.BERTH_SEED ?? 20261206);
  it('gives back the spec for 500 random specs (seed in BERTH_SEED)', () => {
    for (let n = 0; n < 500; n++) {
      const seed = base + n;
      const s = spec(seed);
      const text = runCommand(inspectOf(toCreateOptions(s), 'f7fae229ba80720936fce3a4415f108a1c83db2dd80665c4fe130408ae3e63ba'), {}, { hostname: ENGINE_HOST });
      const back = parseRunCommand(text);
      expect(back, `seed ${seed}: ${text}`).toEqual({ ok: true, value: canonical(s) });
    }
  });
  it('reads the advanced flags in their CLI spellings', () => {
    const r = parseRunCommand(
      `docker run -dit --memory=512m --cpus 1.5 --pids-limit 64 --add-host db=10.0.0.5 -h web --cap-add net_admin --cap-drop ALL --health-cmd 'wget -q -O- localhost' --health-interval 30s --health-retries 3 --init --net web-net busybox sleep 1`,
    );
    expect(r).toMatchObject({
      ok: true,
      value: {
        interactive: true,
        tty: true,
        memory: 512 * 1024 ** 2,
        cpus: 1.5,
        pidsLimit: 64,
        addHosts: ['db:10.0.0.5'],
        hostname: 'web',
        capAdd: ['CAP_NET_ADMIN'],
        capDrop: ['ALL'],
        healthcheck: { command: 'wget -q -O- localhost', intervalMs: 30_000, retries: 3 },
        init: true,
        network: 'web-net',
        image: 'busybox',
        command: ['sleep', '1'],
      },
    });
  });
  it('names what it cannot read', () => {
    expect(parseRunCommand('docker run --memory lots busybox')).toMatchObject({ ok: false, message: expect.stringMatching(/^Memory must be a size/) });
    expect(parseRunCommand('docker run --cap-add FLY busybox')).toMatchObject({ ok: false, message: expect.stringMatching(/not a Linux capability/) });
    expect(parseRunCommand('docker run --gpus all busybox')).toEqual({ ok: false, message: '--gpus is not an option the run dialog knows.' });
    expect(parseRunCommand('docker run -d')).toMatchObject({ ok: false, message: expect.stringMatching(/names no image/) });
    expect(parseRunCommand('docker ps')).toMatchObject({ ok: false, message: expect.stringMatching(/not a docker run command/) });
  });
});
