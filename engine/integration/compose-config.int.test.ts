/**
 * Berth's canonical Compose model against the reference peer, Debian's `docker-compose` (1.29, the Python
 * one): the same files through `docker-compose config` and through Berth's loader, compared on their meaning.
 *
 * 1.29 prints the v1 canonical form, which differs from Compose v2's (which Berth follows). The normaliser
 * below reads both into one shape; the intentional differences are:
 * - command/entrypoint: v1 keeps a string command as written, v2 splits it into words → both compared as words;
 * - ports: v1 prints short strings or `{published: int, target}`, v2 long syntax with `mode`/`protocol` and a
 *   string `published` → compared as `ip:published:target/protocol`;
 * - volumes: v1 prints `source:target:mode` strings, v2 long syntax → compared as `type source target ro`;
 * - networks: v2 attaches `default` to a service that names no network and has no network_mode, v1 leaves it
 *   implicit → Berth's `default` is dropped when v1 shows no networks;
 * - `$` in values: v1 prints a literal `$` escaped as `$$`, v2 as `$` → v1's `$$` is read back as `$`;
 * - profiles: v1 `config` lists services of every profile, v2 only the enabled ones → v1's extra services must
 *   be exactly the ones Berth left out for their profiles;
 * - depends_on: v2 adds `required: true` → compared on conditions only; build: v2 adds `dockerfile: Dockerfile`
 *   → compared on context; `extra_hosts`: v1 `host:ip` strings, v2 a mapping → compared as `host=ip`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadProject, type LoadOptions } from '../compose/loader.js';
import { splitShellWords } from '../compose/shell-words.js';

const DOCKER_COMPOSE = '/usr/bin/docker-compose';
const fixtures = join(import.meta.dirname, '..', 'compose', 'fixtures');

type Obj = Record<string, any>;

const unescape = (v: unknown) => (typeof v === 'string' ? v.replace(/\$\$/g, '$') : v == null ? v : String(v));
const words = (v: unknown) => (v == null ? undefined : Array.isArray(v) ? v.map(String) : splitShellWords(String(v)));
const mapOf = (v: unknown) => (v ? Object.fromEntries(Object.entries(v as Obj).map(([k, x]) => [k, unescape(x)])) : undefined);

function port(p: unknown): string {
  if (typeof p === 'object' && p) {
    const o = p as Obj;
    return `${o.host_ip ?? ''}:${o.published ?? ''}:${o.target}/${o.protocol ?? 'tcp'}`;
  }
  const [address, protocol = 'tcp'] = String(p).split('/');
  const parts = address!.split(':');
  const target = parts.pop();
  const published = parts.length ? parts.pop() : '';
  return `${parts.join(':')}:${published}:${target}/${protocol}`;
}

function volume(v: unknown): string {
  if (typeof v === 'object' && v) {
    const o = v as Obj;
    return `${o.type} ${o.source ?? ''} ${o.target} ${o.read_only ? 'ro' : 'rw'}`;
  }
  const [source, target, mode = 'rw'] = String(v).split(':');
  return `${source!.startsWith('/') ? 'bind' : 'volume'} ${source} ${target} ${mode.split(',').includes('ro') ? 'ro' : 'rw'}`;
}

/** One service of either form, reduced to what both forms say the same way. */
function meaning(s: Obj, v1: boolean): Obj {
  const out: Obj = {
    image: s.image,
    build: s.build?.context,
    command: words(s.command),
    entrypoint: words(s.entrypoint),
    environment: mapOf(s.environment),
    labels: mapOf(s.labels),
    ports: (s.ports ?? []).map(port).sort(),
    volumes: (s.volumes ?? []).map(volume).sort(),
    networks: Object.keys(s.networks ?? {}).sort(),
    network_mode: s.network_mode,
    depends_on: Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([k, d]) => [k, (d as Obj).condition])),
    healthcheck: s.healthcheck,
    working_dir: s.working_dir,
    restart: s.restart,
    expose: (s.expose ?? []).map(String),
    dns: s.dns,
    cap_add: s.cap_add,
    tmpfs: s.tmpfs,
    stop_grace_period: s.stop_grace_period,
    extra_hosts: v1
      ? (s.extra_hosts ?? []).map((h: string) => h.replace(':', '='))
      : Object.entries(s.extra_hosts ?? {}).map(([h, ip]) => `${h}=${String(ip)}`),
  };
  if (out.healthcheck && typeof out.healthcheck.test === 'string') out.healthcheck = { ...out.healthcheck, test: ['CMD-SHELL', out.healthcheck.test] };
  return out;
}

interface Case {
  readonly dir: string;
  readonly files?: string[];
  readonly env?: Record<string, string>;
  readonly profiles?: string[];
}

const cases: Case[] = [
  { dir: 'webapp', env: { NODE_ENV: 'production', PORT: '4000' } },
  { dir: 'extends' },
  { dir: 'envfile' },
  { dir: 'merge', files: ['compose.yaml'] },
  { dir: 'v1-override', env: { TAG: '9' } },
  { dir: 'v1-profiles', profiles: ['dev'] },
];

const missing = existsSync(DOCKER_COMPOSE)
  ? ''
  : `${DOCKER_COMPOSE} is not installed (Debian package docker-compose), so there is no reference to compare with`;

describe.skipIf(missing)('canonical form against docker-compose 1.29 config', () => {
  it.each(cases)('$dir', (c) => {
    const cwd = join(fixtures, c.dir);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...c.env };
    const args = [...(c.files ?? []).flatMap((f) => ['-f', f]), ...(c.profiles ?? []).flatMap((p) => ['--profile', p]), 'config'];
    const run = spawnSync(DOCKER_COMPOSE, args, { cwd, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const reference = parse(run.stdout) as Obj;

    const opts: LoadOptions = { cwd, environment: env, files: c.files, profiles: c.profiles };
    const berth = loadProject(opts);

    const theirs = reference.services as Obj;
    expect(Object.keys(theirs).sort()).toEqual([...Object.keys(berth.services), ...Object.keys(berth.disabledServices)].sort());
    for (const [name, svc] of Object.entries(berth.services)) {
      const mine = meaning(svc, false);
      const ref = meaning(theirs[name] as Obj, true);
      if (!ref.networks.length && !ref.network_mode) mine.networks = mine.networks.filter((n: string) => n !== 'default');
      expect(mine, `service ${name}`).toEqual(ref);
    }
    const names = (o: Obj | undefined) => Object.keys(o ?? {}).sort();
    expect(names(berth.volumes)).toEqual(names(reference.volumes));
    expect(names(berth.networks).filter((n) => n !== 'default')).toEqual(names(reference.networks));
  });
});
