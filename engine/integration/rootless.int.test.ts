/**
 * The rootless engine, run by a real user who is not root (`berth-ci`, made
 * by `.ci/run`, when the tests run as root): engine up, a published port
 * reached from the host's 127.0.0.1, a port below 1024 refused with the
 * reason, a volume, exec, events, a BuildKit build, the simulated internet
 * reached through slirp4netns from a container and from a build's RUN step,
 * kill -9 recovery, and `engine down` leaving no process, user namespace,
 * mount, socket or state folder.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent, ContainerSummary, EngineStatus, RunSpec } from '../contract/index.js';
import type { RpcClient, Subscription } from '../rpc/client.js';
import { layout } from '../engine/paths.js';
import { ping } from '../engine/driver.js';
import { cgroupVersion } from '../engine/rootless-host.js';
import { parseSubids } from '../engine/rootless-checks.js';
import { mountsUnder } from '../engine/mounts.js';
import { isAlive, readPidfile, sleep } from '../util/fs.js';
import { BUSYBOX_IMAGE, importBusybox } from '../../e2e/fixtures/images.js';
import { startFarHost, type FarHost } from './far-host.js';
import { client, docker, eventually } from './harness.js';
import { berthAs, homeFor, liveProcs, readableDir, rootlessUser, type TestUser } from './rootless-user.js';
import { plainRunSpec } from '../containers/run-spec-random.js';

const found = rootlessUser();
// In CI the user must be there (`.ci/run` makes it): a missing one fails rather than skips.
if ('missing' in found && process.env.CI) throw new Error(`The rootless tests cannot run: ${found.missing}.`);
const user = 'missing' in found ? undefined : found;
const skipWhy = 'missing' in found ? found.missing : undefined;
if (skipWhy) console.warn(`rootless engine tests skipped: ${skipWhy}.`);
const asRoot = process.getuid?.() === 0;

let home = '';
let dockerHost = '';
let rpc: RpcClient;
let watch: Subscription | undefined;
const rows = new Map<string, ContainerSummary>();
let far: FarHost | undefined;
const dirs: string[] = [];

const status = async (u: TestUser): Promise<EngineStatus> => JSON.parse((await berthAs(u, home, ['engine', 'status'])).stdout) as EngineStatus;

const spec = (over: Partial<RunSpec>): RunSpec => plainRunSpec(BUSYBOX_IMAGE, over);

/** Build a Dockerfile through Berth's BuildKit path; the end event, and the logs. */
function build(dockerfile: string, tag: string): Promise<{ end?: BuildEvent; logs: string; error?: Error }> {
  const dir = readableDir(user!);
  dirs.push(dir);
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  const run: { end?: BuildEvent; logs: string; error?: Error } = { logs: '' };
  return new Promise((resolve) => {
    rpc.stream('builds.start', { context: dir, tags: [tag] } as never, {
      next: (e) => {
        if (e.t === 'log') run.logs += e.text;
        if (e.t === 'done' || e.t === 'failed') run.end = e;
      },
      end: (err) => {
        run.error = err;
        resolve(run);
      },
    });
  });
}

/** Free TCP port on 127.0.0.1 (the kernel's pick). */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!user)(`the rootless engine, as ${user?.name ?? 'a user who is not root'}`, () => {
  beforeAll(async () => {
    home = homeFor(user!, 'rl');
    const up = await berthAs(user!, home, ['engine', 'up']);
    expect(up.code, up.stderr).toBe(0);
    dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
    await importBusybox(dockerHost);
    rpc = await client(home);
    watch = rpc.stream(
      'containers.watch',
      {},
      {
        next: (d) => {
          if (d.kind === 'snapshot-begin') rows.clear();
          else if (d.kind === 'snapshot-rows') for (const c of d.containers) rows.set(c.id, c);
          else if (d.kind === 'upsert') rows.set(d.container.id, d.container);
          else if (d.kind === 'remove') rows.delete(d.id);
        },
      },
    );
    if (asRoot) far = await startFarHost();
  });
  afterAll(async () => {
    watch?.cancel();
    rpc?.close();
    await far?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (home && (await berthAs(user!, home, ['engine', 'down'])).code === 0) rmSync(home, { recursive: true, force: true });
  });

  it('runs rootless, with its socket private to the user, and says so', async () => {
    const s = await status(user!);
    expect(s).toMatchObject({ mode: 'native', state: 'running', rootless: true });
    const sock = statSync(layout(home).engineSocket);
    expect([sock.uid, sock.mode & 0o777]).toEqual([user!.uid, 0o600]);
    const info = JSON.parse(await docker(dockerHost, ['info', '--format', '{{json .}}'])) as { SecurityOptions: string[]; Driver: string };
    expect(info.SecurityOptions).toContain('name=rootless');
    expect(info.Driver).toBe('overlay2');
    // The engine's processes run as the user (root only inside its namespace).
    const dockerd = (await liveProcs()).find((p) => p.pid === s.pid)!;
    expect(dockerd.uid).toBe(user!.uid);
    // cgroup v1 gives rootless containers no limits, and the status says why (the run dialog shows it).
    if (cgroupVersion() === 1) expect(s.limits).toEqual({ available: false, reason: expect.stringMatching(/cgroup v1/) });
  });

  it('publishes a port on the host address asked for, and shows the new container from its events', async () => {
    const port = await freePort();
    const id = await docker(dockerHost, [
      'run',
      '-d',
      '--name',
      'web',
      '-p',
      `127.0.0.1:${port}:8080`,
      BUSYBOX_IMAGE,
      'httpd',
      '-f',
      '-p',
      '8080',
      '-h',
      '/www',
    ]);
    const page = await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
      return res?.ok ? res.text() : undefined;
    });
    expect(page).toContain('berth test');
    await eventually(() => rows.get(id)?.state === 'running' || undefined);
    expect(await docker(dockerHost, ['exec', 'web', 'cat', '/www/index.html'])).toBe('<h1>berth test</h1>');
    await docker(dockerHost, ['rm', '-f', 'web']);
    await eventually(() => !rows.has(id) || undefined);
  });

  it('refuses a port below 1024 with the reason and the fix, keeping nothing', async () => {
    const before = await docker(dockerHost, ['ps', '-aq']);
    await expect(
      rpc.call(
        'containers.run',
        spec({ name: 'low', command: ['sleep', '5'], ports: [{ hostIp: '127.0.0.1', hostPort: 80, containerPort: 80, protocol: 'tcp' }] }),
      ),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/^Port 80 is privileged: .*`sudo sysctl -w net\.ipv4\.ip_unprivileged_port_start=80`\..*Nothing was kept/),
    });
    expect(await docker(dockerHost, ['ps', '-aq'])).toBe(before);
  });

  it.skipIf(cgroupVersion() !== 1)('refuses memory and CPU limits it could not honour, with the reason, instead of dropping them', async () => {
    const errors = await rpc.call('containers.validateRun', spec({ memory: 64 * 1024 * 1024, cpus: 0.5 }));
    expect(errors).toEqual([
      { field: 'memory', message: expect.stringMatching(/cgroup v1/) },
      { field: 'cpus', message: expect.stringMatching(/cgroup v1/) },
    ]);
  });

  it('keeps a volume between containers', async () => {
    await docker(dockerHost, ['run', '--rm', '-v', 'rl-data:/data', BUSYBOX_IMAGE, 'sh', '-c', 'echo kept > /data/f']);
    expect(await docker(dockerHost, ['run', '--rm', '-v', 'rl-data:/data', BUSYBOX_IMAGE, 'cat', '/data/f'])).toBe('kept');
  });

  it('builds with BuildKit', async () => {
    const r = await build(`FROM ${BUSYBOX_IMAGE}\nRUN echo built-rootless > /out && cat /out\n`, 'rl/built:1');
    expect(r.error).toBeUndefined();
    expect(r.end).toMatchObject({ t: 'done', tags: ['rl/built:1'] });
    expect(r.logs).toContain('built-rootless');
    expect(await docker(dockerHost, ['run', '--rm', 'rl/built:1', 'cat', '/out'])).toBe('built-rootless');
  });

  it.skipIf(!asRoot)('reaches the simulated internet through slirp4netns, from a container and from a build step', async () => {
    expect(await docker(dockerHost, ['run', '--rm', BUSYBOX_IMAGE, 'wget', '-q', '-O', '-', far!.url])).toBe(far!.page.trim());
    const r = await build(`FROM ${BUSYBOX_IMAGE}\nRUN wget -q -O /page ${far!.url} && cat /page\n`, 'rl/fetched:1');
    expect(r.end, r.logs).toMatchObject({ t: 'done' });
    expect(await docker(dockerHost, ['run', '--rm', 'rl/fetched:1', 'cat', '/page'])).toBe(far!.page.trim());
  });

  it('comes back after kill -9 of dockerd', async () => {
    const l = layout(home);
    const pid = (await readPidfile(l.enginePidfile))!;
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(5);
    await eventually(async () => (await ping({ socketPath: l.engineSocket }, 1000)) || undefined, 60_000);
    const s = await eventually(async () => {
      const st = await status(user!);
      return st.state === 'running' && st.pid !== pid ? st : undefined;
    }, 30_000);
    expect(s).toMatchObject({ rootless: true, restarts: 1 });
    expect(await docker(dockerHost, ['run', '--rm', BUSYBOX_IMAGE, 'echo', 'back'])).toBe('back');
  });

  it('leaves no process, user namespace, mount, socket or state folder after engine down', async () => {
    const l = layout(home);
    await docker(dockerHost, ['run', '-d', '--name', 'left-running', BUSYBOX_IMAGE, 'sleep', '600']);
    const initUserns = (await liveProcs()).find((p) => p.pid === process.pid)!.userns;
    const down = await berthAs(user!, home, ['engine', 'down']);
    expect(down.code, down.stderr).toBe(0);
    const procs = await liveProcs();
    expect(procs.filter((p) => p.cmdline.includes(home)).map((p) => p.cmdline)).toEqual([]);
    // No process is left in the engine's user namespace: none runs as the user or any of its subordinate IDs
    // (berth-ci runs nothing else), or, run as yourself, none of yours named for the engine outside your namespace.
    const mapped = (id: number) =>
      id === user!.uid ||
      parseSubids(readFileSync('/etc/subuid', 'utf8')).some(
        (r) => (r.owner === user!.name || r.owner === String(user!.uid)) && id >= r.start && id < r.start + r.count,
      );
    const left = user!.switched
      ? procs.filter((p) => mapped(p.uid))
      : procs.filter((p) => mapped(p.uid) && p.userns !== initUserns && /rootlesskit|slirp4netns|dockerd|containerd|sleep 600/.test(p.cmdline));
    expect(left.map((p) => `${p.pid} ${p.cmdline}`)).toEqual([]);
    expect(mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), [home])).toEqual([]);
    for (const gone of [l.engineSocket, l.enginePidfile, l.controlSocket, join(l.runDir, 'rootlesskit')]) {
      expect(() => statSync(gone), gone).toThrow(/ENOENT/);
    }
  });
});
