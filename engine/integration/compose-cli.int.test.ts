/**
 * The rest of `berth compose` on Berth's real engine: pull (from a loopback registry), build (through Berth's
 * BuildKit build service), up with a built service, a healthy dependency and a one-shot migration, re-up after a
 * change, logs (prefixes, filter, follow taking in containers started later), exec, scale up and down, attached
 * up stopped by Ctrl-C, and down --rmi local. Everything is checked with the docker CLI.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { startRegistry, type Registry } from '../../e2e/fixtures/registry.js';
import { berth, docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';
import type { RpcClient } from '../rpc/client.js';

const home = tempHome('ccli');
const dir = mkdtempSync('/tmp/bt-ccli-project-');
const file = join(dir, 'compose.yaml');
const P = 'shop';
let dockerHost: string;
let rpc: RpcClient;
let registry: Registry;
let pulled: string;

const compose = (args: string[], env: Record<string, string> = {}) => berth(home, ['compose', '-f', file, '-p', P, ...args], { REG: registry.host, ...env });

/** `berth compose …` left running, its output collected. */
function background(args: string[], env: Record<string, string> = {}): { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number> } {
  const root = resolve(import.meta.dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli.ts'), 'compose', '-f', file, '-p', P, ...args], {
    cwd: root,
    env: { ...process.env, BERTH_HOME: home, REG: registry.host, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<number>((r) => child.on('exit', (code) => r(code ?? 1)));
  return { child, out: () => stdout, err: () => stderr, exit };
}

/** The project's containers by name: id, state and labels, read by the docker CLI. */
async function containers(): Promise<Record<string, { id: string; state: string; labels: Record<string, string> }>> {
  const ids = (await docker(dockerHost, ['ps', '-aq', '--filter', `label=com.docker.compose.project=${P}`])).split('\n').filter(Boolean);
  if (!ids.length) return {};
  const all = JSON.parse(await docker(dockerHost, ['inspect', ...ids])) as Array<{
    Id: string;
    Name: string;
    State: { Status: string };
    Config: { Labels: Record<string, string> };
  }>;
  return Object.fromEntries(all.map((c) => [c.Name.slice(1), { id: c.Id, state: c.State.Status, labels: c.Config.Labels }]));
}

const hasImage = (ref: string) =>
  docker(dockerHost, ['image', 'inspect', ref]).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  [{ dockerHost, rpc }, registry] = await Promise.all([startTestEngine(home), startRegistry()]);
  pulled = `${registry.host}/berth-test/worker:1`;
  // The worker's image lives only in the registry.
  await docker(dockerHost, ['tag', BUSYBOX_IMAGE, pulled]);
  await docker(dockerHost, ['push', pulled]);
  await docker(dockerHost, ['rmi', pulled]);
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nRUN echo built by berth > /built\n`);
  writeFileSync(
    file,
    `services:
  app:
    build: ./app
    command: ['sh', '-c', 'cat /built; echo "app says $$GREETING"; exec sleep 3600']
    stop_signal: SIGKILL
    environment:
      GREETING: \${GREETING:-hello}
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
  db:
    image: ${BUSYBOX_IMAGE}
    pull_policy: missing
    command: ['sh', '-c', 'echo db starting; sleep 1; touch /tmp/ready; exec sleep 3600']
    stop_signal: SIGKILL
    healthcheck:
      test: ['CMD-SHELL', 'test -f /tmp/ready']
      interval: 300ms
      retries: 50
  migrate:
    image: ${BUSYBOX_IMAGE}
    pull_policy: never
    command: ['sh', '-c', 'echo migrated']
    depends_on:
      db:
        condition: service_healthy
  worker:
    image: \${REG}/berth-test/worker:1
    pull_policy: missing
    command: ['sh', '-c', 'echo "worker on $$(hostname)"; exec sleep 3600']
    stop_signal: SIGKILL
    deploy:
      replicas: \${WORKERS:-1}
`,
  );
});

afterAll(async () => {
  rpc?.close();
  await removeHomes();
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('berth compose: pull, build, up, logs, exec, scale, attached up, down --rmi', () => {
  it('pulls the images of services that have one, and skips the built service', async () => {
    const r = await compose(['pull']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`worker: pulled ${pulled}`);
    expect(r.stderr).toContain('app: skipped shop-app (it is built (berth compose build))');
    expect(r.stderr).toContain(`db: skipped ${BUSYBOX_IMAGE} (pull_policy: missing, and the engine has it)`);
    expect(r.stderr).toContain(`migrate: skipped ${BUSYBOX_IMAGE} (pull_policy: never)`);
    expect(await hasImage(pulled)).toBe(true);
    // pull_policy: missing, and the engine has it now.
    expect((await compose(['pull', 'worker'])).stderr).toContain('skipped');
  });

  it('builds the service with a build section through Berth’s build service', async () => {
    const r = await compose(['build']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('app: built shop-app');
    expect(await docker(dockerHost, ['run', '--rm', 'shop-app', 'cat', '/built'])).toBe('built by berth');
  });

  let first: Awaited<ReturnType<typeof containers>>;
  it('brings the project up (healthy and completed dependencies) and a changed service alone is recreated', async () => {
    // The image is rebuilt by up when missing: the build path of up.
    await docker(dockerHost, ['rmi', 'shop-app']);
    const up = await compose(['up', '-d'], { WORKERS: '1' });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain('image shop-app: build done');
    first = await containers();
    expect(Object.keys(first).sort()).toEqual(['shop-app-1', 'shop-db-1', 'shop-migrate-1', 'shop-worker-1']);
    expect(first['shop-migrate-1']!.state).toBe('exited');
    expect(first['shop-app-1']!.state).toBe('running');

    const again = await compose(['up', '-d'], { GREETING: 'bonjour' });
    expect(again.code, again.stderr).toBe(0);
    const second = await containers();
    expect(second['shop-app-1']!.id).not.toBe(first['shop-app-1']!.id);
    for (const n of ['shop-db-1', 'shop-migrate-1', 'shop-worker-1']) expect(second[n]!.id).toBe(first[n]!.id);
  });

  it('shows the merged log with <service>-<n> prefixes, no colour off a terminal, and filters by service', async () => {
    const all = await compose(['logs']);
    expect(all.code, all.stderr).toBe(0);
    const lines = all.stdout.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^db-1 +\| db starting$/));
    expect(lines).toContainEqual(expect.stringMatching(/^migrate-1 +\| migrated$/));
    expect(lines).toContainEqual(expect.stringMatching(/^app-1 +\| built by berth$/));
    expect(lines).toContainEqual(expect.stringMatching(/^app-1 +\| app says bonjour$/));
    expect(all.stdout).not.toContain('\x1b[');
    // Merged in time order: db began before migrate ran, migrate before app.
    expect(all.stdout.indexOf('db starting')).toBeLessThan(all.stdout.indexOf('migrated'));
    expect(all.stdout.indexOf('migrated')).toBeLessThan(all.stdout.indexOf('app says'));
    const one = await compose(['logs', '--timestamps', 'migrate']);
    // The one-shot ran at each up (an exited container is started again, as Compose does).
    const migrated = one.stdout.trim().split('\n');
    expect(migrated).toHaveLength(2);
    for (const l of migrated) expect(l).toMatch(/^migrate-1 \| \d{4}-\d\d-\d\dT\S+ migrated$/);
    const wrong = await compose(['logs', 'nope']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('"nope" is not a service of the project shop');
  });

  it('follows the log and takes in containers started later; scale makes and removes numbered containers', async () => {
    const follow = background(['logs', '-f', 'worker']);
    try {
      await eventually(() => /worker-1 \| worker on/.test(follow.out()));
      const up = await compose(['scale', 'worker=3']);
      expect(up.code, up.stderr).toBe(0);
      await eventually(() => /worker-2 \| worker on/.test(follow.out()) && /worker-3 \| worker on/.test(follow.out()));
      expect(follow.out()).not.toMatch(/^(app|db|migrate)-/m);
    } finally {
      follow.child.kill('SIGINT');
      expect(await follow.exit).toBe(0);
    }
    const three = await containers();
    for (const n of [1, 2, 3])
      expect(three[`shop-worker-${n}`]!.labels).toMatchObject({
        'com.docker.compose.project': 'shop',
        'com.docker.compose.service': 'worker',
        'com.docker.compose.container-number': String(n),
        'com.docker.compose.oneoff': 'False',
      });
    // The others were left as they were.
    expect(three['shop-app-1']!.id).not.toBe(first['shop-app-1']!.id);
    expect(three['shop-db-1']!.id).toBe(first['shop-db-1']!.id);
    const down = await compose(['scale', 'worker=1']);
    expect(down.code, down.stderr).toBe(0);
    const one = await containers();
    expect(Object.keys(one).filter((n) => n.includes('worker'))).toEqual(['shop-worker-1']);
    expect(one['shop-worker-1']!.id).toBe(three['shop-worker-1']!.id);
    // up --scale does the same.
    expect((await compose(['up', '-d', '--scale', 'worker=2'])).code).toBe(0);
    expect(
      Object.keys(await containers())
        .filter((n) => n.includes('worker'))
        .sort(),
    ).toEqual(['shop-worker-1', 'shop-worker-2']);
  });

  it('execs in a service container with its output and exit code, by index too', async () => {
    const r = await compose(['exec', '-T', '-e', 'WHO=berth', 'db', 'sh', '-c', 'echo "hi $WHO"; echo oops >&2; exit 3']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('hi berth\n');
    expect(r.stderr).toBe('oops\n');
    const second = await compose(['exec', '-T', '--index', '2', 'worker', 'cat', '/etc/hostname']);
    expect(second.code, second.stderr).toBe(0);
    const id = (await containers())['shop-worker-2']!.id;
    expect(second.stdout.trim()).toBe(id.slice(0, 12));
    // On a terminal (script gives the command one): a TTY in the container, the exit code kept.
    const root = resolve(import.meta.dirname, '..', '..');
    const cli = `${process.execPath} --import tsx ${join(root, 'engine', 'cli.ts')} compose -f ${file} -p ${P}`;
    const onTty = await new Promise<{ code: number; out: string }>((res) => {
      execFile(
        'script',
        ['-qec', `${cli} exec db sh -c 'tty; exit 4'`, '/dev/null'],
        { cwd: root, env: { ...process.env, BERTH_HOME: home, REG: registry.host } },
        (e, out) => res({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out }),
      );
    });
    expect(onTty.out).toMatch(/\/dev\/pts\/\d+/);
    expect(onTty.code).toBe(4);
    const missing = await compose(['exec', '-T', '--index', '9', 'worker', 'true']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The service worker has no container number 9 (it has 1, 2).');
  });

  it('up without -d shows the log of what it started until Ctrl-C, then stops the project', async () => {
    const up = background(['up'], { GREETING: 'attached' });
    try {
      await eventually(() => /app-1 +\| app says attached/.test(up.out()), 30_000);
      expect(up.out()).not.toContain('db starting');
    } finally {
      up.child.kill('SIGINT');
    }
    expect(await up.exit).toBe(0);
    expect(up.err()).toContain('Stopped');
    const after = await containers();
    for (const [name, c] of Object.entries(after)) expect(`${name} ${c.state}`).toBe(`${name} exited`);
  });

  it('down --rmi local removes the containers, networks and the built image, and leaves pulled ones', async () => {
    const r = await compose(['down', '--rmi', 'local']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('images shop-app');
    expect(await containers()).toEqual({});
    expect(await hasImage('shop-app')).toBe(false);
    expect(await hasImage(pulled)).toBe(true);
    expect(await hasImage(BUSYBOX_IMAGE)).toBe(true);
  });
});
