/**
 * The engine for real: Berth's own dockerd started and supervised through
 * Berth's CLI and backend, driven by the real docker CLI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, promises as fs, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerDelta, EngineState, EngineStatus } from '../contract/index.js';
import { layout } from '../engine/paths.js';
import { bridgeName } from '../engine/network.js';
import { devImageDir } from '../engine/vm/recipe.js';
import { ensureBackend } from '../backend/launch.js';
import { importBusybox, BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { berth, client, docker, eventually, removeHomes, tempHome } from './harness.js';

const home = tempHome('eng');
const l = layout(home);
let dockerHost = '';

async function status(): Promise<EngineStatus> {
  const r = await berth(home, ['engine', 'status']);
  return JSON.parse(r.stdout) as EngineStatus;
}

/** Everything of this home still alive, mounted or linked. */
function leftovers(): string[] {
  const found: string[] = [];
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  for (const line of ps.split('\n')) if (line.includes(home) && !line.includes('vitest')) found.push(`process: ${line.trim()}`);
  for (const line of execFileSync('cat', ['/proc/self/mountinfo'], { encoding: 'utf8' }).split('\n')) {
    if (line.split(' ')[4]?.startsWith(home)) found.push(`mount: ${line.split(' ')[4]}`);
  }
  for (const f of [l.engineSocket, l.controlSocket, l.enginePidfile, l.backendPidfile]) if (existsSync(f)) found.push(`file: ${f}`);
  return found;
}

beforeAll(async () => {
  const up = await berth(home, ['engine', 'up']);
  expect(up.stderr).toBe('');
  expect(up.code).toBe(0);
  dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
  await importBusybox(dockerHost);
});

afterAll(removeHomes);

describe('native engine', () => {
  it('prints a DOCKER_HOST the docker CLI can use', async () => {
    expect(dockerHost).toBe(`unix://${l.engineSocket}`);
    expect(await docker(dockerHost, ['run', '--rm', BUSYBOX_IMAGE, 'echo', 'hello from berth'])).toBe('hello from berth');
  });

  it('keeps its sockets private to the user', () => {
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(l.runDir).mode & 0o777).toBe(0o700);
    expect(statSync(l.controlSocket).mode & 0o077).toBe(0);
  });

  it('reports its status as one JSON object', async () => {
    const s = await status();
    expect(s).toMatchObject({ mode: 'native', state: 'running', socket: l.engineSocket, home });
    expect(s.version).toMatch(/^\d+\.\d+/);
    expect(s.pid).toBeGreaterThan(1);
    expect(s.uptimeSec).toBeGreaterThanOrEqual(0);
  });

  it('runs beside another engine with its own bridge and data-root', async () => {
    const info = JSON.parse(await docker(dockerHost, ['info', '--format', '{{json .}}'])) as { DockerRootDir: string };
    expect(info.DockerRootDir).toBe(l.dataRoot);
    const net = JSON.parse(await docker(dockerHost, ['network', 'inspect', 'bridge'])) as Array<{ Options: Record<string, string> }>;
    expect(net[0]!.Options['com.docker.network.bridge.name']).toMatch(/^berth/);
  });

  it('publishes ports on 127.0.0.1', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'published', '-p', '127.0.0.1::80', BUSYBOX_IMAGE, 'httpd', '-f', '-p', '80', '-h', '/www']);
    const port = (await docker(dockerHost, ['port', 'published', '80'])).split(':').pop();
    const body = await eventually(async () => {
      try {
        return await (await fetch(`http://127.0.0.1:${port}/`)).text();
      } catch {
        return undefined;
      }
    });
    expect(body).toContain('berth test');
    await docker(dockerHost, ['rm', '-f', 'published']);
  });

  it('says so when asked to start twice, and changes nothing', async () => {
    const before = await status();
    const again = await berth(home, ['engine', 'up']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already running .* nothing to do/);
    expect(again.stdout.trim()).toBe(`DOCKER_HOST=${dockerHost}`);
    expect((await status()).pid).toBe(before.pid);
  });

  it('prints env and logs', async () => {
    expect((await berth(home, ['engine', 'env'])).stdout.trim()).toBe(`export DOCKER_HOST=${dockerHost}`);
    const logs = await berth(home, ['engine', 'logs', '-n', '50']);
    expect(logs.stdout).toMatch(/API listen on/);
    expect(logs.stdout.trim().split('\n').length).toBeLessThanOrEqual(50);
  });

  it('shows a container started from the docker CLI from the event stream, and its removal', async () => {
    const rpc = await client(home);
    const deltas: ContainerDelta[] = [];
    const sub = rpc.stream('containers.watch', {}, { next: (d) => deltas.push(d) });
    await eventually(() => deltas.some((d) => d.kind === 'snapshot-end'));
    const t0 = Date.now();
    const id = await docker(dockerHost, ['run', '-d', '--name', 'live-one', BUSYBOX_IMAGE, 'sleep', '300']);
    await eventually(() => deltas.some((d) => d.kind === 'upsert' && d.container.id === id && d.container.state === 'running'));
    console.log(`container visible ${Date.now() - t0} ms after docker run started`);
    expect(deltas.filter((d) => d.kind === 'snapshot-begin')).toHaveLength(1); // patched in place, no refetch
    await docker(dockerHost, ['rm', '-f', id]);
    await eventually(() => deltas.some((d) => d.kind === 'remove' && d.id === id));
    sub.cancel();
    rpc.close();
  });

  it('notices kill -9 of dockerd at once and restarts it: error → starting → running', async () => {
    const rpc = await client(home);
    const states: EngineState[] = [];
    const deltas: ContainerDelta['kind'][] = [];
    const sub = rpc.stream('engine.watch', {}, { next: (s) => states.push(s.state) });
    const watch = rpc.stream('containers.watch', {}, { next: (d) => deltas.push(d.kind) });
    await eventually(() => states.length > 0 && deltas.length > 0);
    const before = await status();
    process.kill(before.pid!, 'SIGKILL');
    await eventually(() => states.at(-1) === 'running' && states.includes('error'), 30_000);
    const after = await status();
    expect(after.pid).not.toBe(before.pid);
    expect(after.restarts).toBe(1);
    const tail = states.slice(states.indexOf('error'));
    expect(tail[0]).toBe('error');
    expect(tail).toContain('starting');
    expect(tail.at(-1)).toBe('running');
    // The containers stream resynced after the engine came back.
    await eventually(() => deltas.lastIndexOf('snapshot-end') > deltas.indexOf('unavailable') && deltas.includes('unavailable'));
    sub.cancel();
    watch.cancel();
    rpc.close();
    expect(await docker(dockerHost, ['run', '--rm', BUSYBOX_IMAGE, 'echo', 'back'])).toBe('back');
  });

  it('adopts the engine a killed backend left running', async () => {
    const before = await status();
    const backendPid = Number((await fs.readFile(l.backendPidfile, 'utf8')).trim());
    process.kill(backendPid, 'SIGKILL');
    await eventually(async () => (await status()).state === 'stopped' || undefined);
    // The next backend (started here as the web host would) takes the engine over by itself.
    await ensureBackend(home);
    await eventually(async () => ((await status()).state === 'running' ? true : undefined));
    expect((await status()).pid).toBe(before.pid);
    const up = await berth(home, ['engine', 'up']);
    expect(up.code).toBe(0);
    expect((await status()).pid).toBe(before.pid);
  });

  it('hands over to the backend of a newer Berth, which adopts the engine with its containers running', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'through-update', BUSYBOX_IMAGE, 'sleep', '300']);
    const before = await status();
    const oldPid = Number((await fs.readFile(l.backendPidfile, 'utf8')).trim());
    // What an updated app does when it finds the previous version's backend still serving the home.
    const r = await ensureBackend(home, '99.0.0-newer');
    expect(r.startedByUs).toBe(true);
    const newPid = Number((await fs.readFile(l.backendPidfile, 'utf8')).trim());
    expect(newPid).not.toBe(oldPid);
    expect(existsSync(`/proc/${oldPid}`)).toBe(false);
    await eventually(async () => ((await status()).state === 'running' ? true : undefined));
    expect((await status()).pid).toBe(before.pid);
    expect(await docker(dockerHost, ['inspect', '--format', '{{.State.Status}}', 'through-update'])).toBe('running');
    expect(await fs.readFile(l.backendLog, 'utf8')).toContain(`Berth backend: a newer Berth takes over, leaving the engine running`);
    await docker(dockerHost, ['rm', '-f', 'through-update']);
  });

  it('notices that an adopted engine died (through its socket, not by polling its pid) and starts it again', async () => {
    const rpc = await client(home);
    const seen: EngineStatus[] = [];
    const sub = rpc.stream('engine.watch', {}, { next: (s) => seen.push(s) });
    await eventually(() => seen.at(-1)?.state === 'running');
    const before = await status();
    // The engine was adopted in the test above: it is not the backend's child, so no exit event tells of its end.
    process.kill(before.pid!, 'SIGKILL');
    await eventually(() => seen.at(-1)?.state === 'running' && seen.some((s) => s.state === 'error'), 30_000);
    sub.cancel();
    rpc.close();
    expect(seen.find((s) => s.state === 'error')?.lastError).toMatch(/^The engine stopped unexpectedly \(dockerd exited\)/);
    expect((await status()).pid).not.toBe(before.pid);
    expect(await docker(dockerHost, ['run', '--rm', BUSYBOX_IMAGE, 'echo', 'restarted'])).toBe('restarted');
  });

  it('stops cleanly and leaves nothing behind', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'left-running', BUSYBOX_IMAGE, 'sleep', '300']);
    const down = await berth(home, ['engine', 'down']);
    expect(down.code).toBe(0);
    expect(down.stderr).toMatch(/stopped/);
    expect(leftovers()).toEqual([]);
    expect((await status()).state).toBe('stopped');
  });

  it('recovers a stale pidfile and socket from a crash instead of refusing', async () => {
    await fs.writeFile(l.enginePidfile, '999999\n');
    await fs.writeFile(l.engineSocket, '');
    await fs.writeFile(l.backendPidfile, '999998\n');
    const up = await berth(home, ['engine', 'up']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(await docker(dockerHost, ['ps', '-a', '--filter', 'name=left-running', '--format', '{{.Names}}'])).toBe('left-running');
  });
});

describe('bad input gets one clear sentence', () => {
  it('refuses an unknown mode', async () => {
    const r = await berth(home, ['engine', 'up', '--mode', 'cloud']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"cloud" is not an engine mode: use native, vm or external/);
  });
  it('refuses a home it cannot write', async () => {
    const r = await berth('/etc/hostname/berth', ['engine', 'up']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^Berth cannot write to its home \/etc\/hostname\/berth .*BERTH_HOME/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('refuses a bridge subnet that clashes with one in use', async () => {
    const other = tempHome('clash');
    await fs.writeFile(layout(other).settingsFile, JSON.stringify({ engine: { mode: 'native', subnet: '127.0.0.9/24' } }));
    const r = await berth(other, ['engine', 'up']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/overlaps 127\.0\.0\.1\/8, already used on this host: set another engine.subnet/);
    // The bridge made for it is gone again.
    expect(execFileSync('ip', ['-br', 'link']).toString()).not.toContain(bridgeName(other, false));
  });
  it('says which engine programs are missing and how to get them', async () => {
    const other = tempHome('nobin');
    const r = await berth(other, ['engine', 'up'], { BERTH_ENGINE_PATH: '/nonexistent' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^Berth could not find dockerd .*apt-get install docker\.io containerd runc.*--mode external/);
    const st = JSON.parse((await berth(other, ['engine', 'status'])).stdout) as EngineStatus;
    expect(st.lastError).toMatch(/could not find dockerd/);
  });
  it('refuses a web port already in use', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    const port = (busy.address() as { port: number }).port;
    const r = await berth(home, ['web', '--port', String(port)]);
    busy.close();
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`Port ${port} on 127.0.0.1 is already in use: choose another with --port.`);
  });
  it('refuses a port that is not a port', async () => {
    const r = await berth(home, ['web', '--port', '99999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a port number/);
  });
});

describe('external mode', () => {
  it('drives an engine Berth does not own, and leaves it running on down', async () => {
    const other = tempHome('ext');
    const up = await berth(other, ['engine', 'up', '--mode', 'external', '--host', dockerHost]);
    expect(up.stderr).toBe('');
    expect(up.stdout.trim()).toBe(`DOCKER_HOST=${dockerHost}`);
    const rpc = await client(other);
    const names = (await rpc.call('containers.list', { all: true })).map((c) => c.name);
    rpc.close();
    expect(names).toContain('left-running');
    await berth(other, ['engine', 'down']);
    expect((await status()).state).toBe('running');
  });
  it('says which endpoint did not answer', async () => {
    const other = tempHome('ext2');
    const r = await berth(other, ['engine', 'up', '--mode', 'external', '--host', 'unix:///tmp/nothing-here.sock']);
    expect(r.code).toBe(1);
    // …and which modes would work here instead (VM mode once its image is built).
    const working = existsSync(join(devImageDir(process.cwd()), 'manifest.json')) ? 'native, vm' : 'native';
    expect(r.stderr.trim()).toBe(
      `No Docker engine answers at unix:///tmp/nothing-here.sock (from settings): start that engine, or switch Berth to native mode. Modes that work here: ${working} (\`berth engine up --mode native\`).`,
    );
  });
});

describe('the docker context', () => {
  it('points a context at Berth’s engine for the docker CLI, and leaves the current context alone', async () => {
    const other = tempHome('ctx');
    const config = await fs.mkdtemp('/tmp/berth-docker-config-');
    await fs.writeFile(join(config, 'config.json'), JSON.stringify({ currentContext: 'default' }));
    const up = await berth(other, ['engine', 'up'], { DOCKER_CONFIG: config, BERTH_DOCKER_CONTEXT: 'berth-test' });
    expect(up.code).toBe(0);
    const host = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: config };
    delete env.DOCKER_HOST;
    const cli = (args: string[]) => execFileSync('docker', args, { env }).toString().trim();
    await eventually(() => cli(['context', 'ls', '--format', '{{.Name}} {{.DockerEndpoint}}']).includes(`berth-test ${host}`) || undefined);
    expect(cli(['--context', 'berth-test', 'info', '--format', '{{.DockerRootDir}}'])).toBe(layout(other).dataRoot);
    expect(JSON.parse(await fs.readFile(join(config, 'config.json'), 'utf8')).currentContext).toBe('default');
    await berth(other, ['engine', 'down']);
    await fs.rm(config, { recursive: true, force: true });
  });
});

/** The CLI as the unprivileged user nobody, when nobody can read this checkout (else the test says so and skips). */
const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];
const nobodyCanRun =
  spawnSync(asNobody[0]!, [
    ...asNobody.slice(1),
    process.execPath,
    '-e',
    `require('fs').accessSync(${JSON.stringify(join(process.cwd(), 'engine', 'cli.ts'))})`,
  ]).status === 0;

describe('first-run checks (berth engine check)', () => {
  const check = (env: NodeJS.ProcessEnv = {}, prefix: string[] = []) => {
    const r = spawnSync(
      prefix[0] ?? process.execPath,
      [...prefix.slice(1), ...(prefix.length ? [process.execPath] : []), '--import', 'tsx', 'engine/cli.ts', 'engine', 'check'],
      {
        env: { ...process.env, BERTH_HOME: tempHome('chk'), HOME: '/tmp', ...env },
        encoding: 'utf8',
      },
    );
    return { code: r.status, out: r.stdout + r.stderr };
  };

  it('finds native mode working for root here, and says which modes work', () => {
    const r = check();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^native: works here$/m);
    expect(r.out).toMatch(/^Modes that work here: native.* \(chosen: native\)\.$/m);
  });

  it('says QEMU is missing, and how to install it, when it is not on the PATH', () => {
    const r = check({ PATH: '/nonexistent' });
    expect(r.out).toMatch(/^vm: cannot run here$/m);
    expect(r.out).toContain(
      'VM mode needs QEMU (qemu-system-x86_64), which is not installed. Fix: install it (apt-get install qemu-system-x86), or use another engine mode.',
    );
  });

  it.skipIf(!nobodyCanRun)(
    'says what a user who is not root lacks: subordinate IDs for the rootless engine (with the command), /dev/kvm for a fast VM, root for the shared folder (as nobody; skipped when nobody cannot read this checkout)',
    () => {
      const r = check({}, asNobody);
      expect(r.out).toMatch(/^native: cannot run here$/m);
      expect(r.out).toContain('nobody is not root, so native mode runs the rootless engine (under RootlessKit).');
      expect(r.out).toMatch(
        /nobody has fewer than 65536 subordinate IDs in \/etc\/subuid \(0\) and \/etc\/subgid \(0\).* Run: sudo usermod --add-subuids \d+-\d+ --add-subgids \d+-\d+ nobody(?: \(or `berth engine fix subids`\))?$/m,
      );
      if (existsSync('/dev/kvm') && (statSync('/dev/kvm').mode & 0o006) === 0)
        expect(r.out).toContain('nobody may not use /dev/kvm, so the VM runs with TCG, several times slower: join the kvm group (sudo usermod -aG kvm nobody');
      expect(r.out).toContain('Sharing a host folder with the VM needs virtiofsd to run as root');
    },
  );
});

describe('diagnostics', () => {
  it('saves a bundle with versions, status and logs, and settings without their secrets', async () => {
    const settings = JSON.parse(await fs.readFile(l.settingsFile, 'utf8'));
    await fs.writeFile(l.settingsFile, JSON.stringify({ ...settings, proxy: { user: 'ann', password: 'hunter2' } }));
    const r = await berth(home, ['diagnostics']);
    expect(r.code).toBe(0);
    const path = r.stdout.trim();
    expect(path.startsWith(join(home, 'diagnostics', 'berth-diagnostics-'))).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const list = execFileSync('tar', ['-tzf', path]).toString().split('\n').filter(Boolean);
    expect(list).toEqual(['versions.json', 'status.json', 'settings.json', 'logs/backend.log', 'logs/dockerd.log', 'logs/vm-console.log']);
    const read = (f: string) => execFileSync('tar', ['-xzOf', path, f]).toString();
    expect(JSON.parse(read('settings.json')).proxy).toEqual({ user: 'ann', password: '(removed)' });
    expect(execFileSync('tar', ['-xzOf', path]).toString()).not.toContain('hunter2');
    expect(JSON.parse(read('versions.json')).engine.serverVersion).toMatch(/^\d+\.\d+/);
    expect(JSON.parse(read('status.json')).status.state).toBe('running');
    expect(read('logs/dockerd.log')).toContain('API listen on');
    await fs.writeFile(l.settingsFile, JSON.stringify(settings));
  });
});
