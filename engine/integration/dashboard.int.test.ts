/**
 * The Dashboard's engine side against a real engine: the engine's own CPU and memory are what /proc says of the process the
 * supervisor started (read independently around the call), a container's last lines are the last lines it wrote, and a
 * container that exits non-zero shows in the recent activity with its exit code; a window that chose another engine sees
 * that engine's activity and nothing of Berth's own.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityItem, EngineUsage } from '../contract/index.js';
import type { RpcClient } from '../rpc/client.js';
import { BUSYBOX_IMAGE, importBusybox } from '../../e2e/fixtures/images.js';
import { startSecondEngine, type SecondEngine } from '../../e2e/fixtures/second-engine.js';
import { ELSEWHERE } from '../system/engine-usage.js';
import { parseProcStat, parseProcStatus, ticksPerSecond } from '../system/proc-usage.js';
import { client, docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('dash');
let dockerHost = '';
let rpc: RpcClient;

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

/** /proc's own word on a process, read directly (not through Berth). */
function proc(pid: number): { name: string; cpuTicks: number; rss: number } {
  return { ...parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8')), rss: parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8')) };
}

/** The first `n` samples of the engine's usage stream (on `on`, Berth's own engine's connection unless told). */
function samples(n: number, on: RpcClient = rpc): Promise<EngineUsage[]> {
  const got: EngineUsage[] = [];
  return new Promise((resolve, reject) => {
    const sub = on.stream(
      'system.engineUsage',
      {},
      {
        next: (u) => {
          got.push(u);
          if (got.length === n) {
            sub.cancel();
            resolve(got);
          }
        },
        end: (err) => (err ? reject(err) : resolve(got)),
      },
    );
  });
}

describe('system.engineUsage', () => {
  it('reports the CPU time and memory /proc gives for the engine process the supervisor knows', async () => {
    const status = await rpc.call('engine.status', {});
    expect(status.state).toBe('running');
    const pid = status.pid!;
    expect(pid).toBeGreaterThan(0);
    const hz = await ticksPerSecond();
    // Something for the engine to do between the samples.
    await docker(dockerHost, ['run', '--rm', BUSYBOX_IMAGE, 'true']);
    const before = proc(pid);
    const [first, second] = await samples(2);
    const after = proc(pid);

    for (const u of [first!, second!]) {
      if (!u.measurable) throw new Error(`not measurable: ${u.reason}`);
      expect(u.pid).toBe(pid);
      expect(u.process).toBe(before.name);
      // Memory as /proc's VmRSS, in bytes: within what the two direct reads around the call saw (with a little room for churn).
      const low = Math.min(before.rss, after.rss);
      const high = Math.max(before.rss, after.rss);
      expect(u.memBytes).toBeGreaterThanOrEqual(low * 0.9);
      expect(u.memBytes).toBeLessThanOrEqual(high * 1.1);
      // CPU time used so far: between the two direct reads.
      expect(u.cpuSeconds).toBeGreaterThanOrEqual(before.cpuTicks / hz);
      expect(u.cpuSeconds).toBeLessThanOrEqual(after.cpuTicks / hz);
    }
    if (!first!.measurable || !second!.measurable) return;
    expect(first!.cpuPercent).toBeUndefined();
    // The share between the two samples agrees with their CPU times and read times.
    const share = ((second!.cpuSeconds - first!.cpuSeconds) / ((second!.at - first!.at) / 1000)) * 100;
    expect(second!.cpuPercent).toBeCloseTo(share, 6);
    expect(second!.cpuPercent).toBeGreaterThanOrEqual(0);
  });
});

describe('containers.lastLines', () => {
  it('gives the last lines a container wrote, stdout and stderr in order, and none for a silent one', async () => {
    await docker(dockerHost, [
      'run',
      '--name',
      'dash-talker',
      BUSYBOX_IMAGE,
      'sh',
      '-c',
      'for i in 1 2 3 4; do echo "line $i"; sleep 0.05; done; echo "boom: no config" >&2; sleep 0.05; echo bye; exit 3',
    ]).catch(() => undefined);
    const lines = await rpc.call('containers.lastLines', { id: 'dash-talker', lines: 3 });
    expect(lines.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'line 4'],
      ['stderr', 'boom: no config'],
      ['stdout', 'bye'],
    ]);
    // The same as the docker CLI's own tail.
    expect((await docker(dockerHost, ['logs', '--tail', '1', 'dash-talker'])).trim()).toBe('bye');

    await docker(dockerHost, ['run', '--name', 'dash-silent', BUSYBOX_IMAGE, 'true']);
    expect(await rpc.call('containers.lastLines', { id: 'dash-silent', lines: 3 })).toEqual([]);
    await expect(rpc.call('containers.lastLines', { id: 'dash-no-such', lines: 3 })).rejects.toThrow(/no such container/i);
  });
});

describe('system.activity', () => {
  it('lists a past non-zero exit at once, then a new one as it happens, newest first', async () => {
    await docker(dockerHost, ['run', '--name', 'dash-fail-1', BUSYBOX_IMAGE, 'sh', '-c', 'exit 4']).catch(() => undefined);
    const id1 = (await docker(dockerHost, ['inspect', '-f', '{{.Id}}', 'dash-fail-1'])).trim();
    let list: readonly ActivityItem[] | undefined;
    const sub = rpc.stream('system.activity', {}, { next: (l) => (list = l) });
    try {
      // Read from the events the engine held (it exited before the stream opened), to the millisecond.
      const first = await eventually(() => list?.find((i) => i.id === id1));
      expect(first).toMatchObject({ kind: 'exit', what: 'dash-fail-1', ok: false, outcome: 'exit code 4', image: BUSYBOX_IMAGE });

      await docker(dockerHost, ['run', '--name', 'dash-fail-2', BUSYBOX_IMAGE, 'sh', '-c', 'exit 5']).catch(() => undefined);
      const id2 = (await docker(dockerHost, ['inspect', '-f', '{{.Id}}', 'dash-fail-2'])).trim();
      await eventually(() => list?.some((i) => i.id === id2));
      const ids = list!.map((i) => i.id);
      expect(ids.indexOf(id2)).toBeLessThan(ids.indexOf(id1));
      expect(list!.find((i) => i.id === id2)).toMatchObject({ outcome: 'exit code 5', ok: false });
      expect([...list!].sort((a, b) => b.at - a.at)).toEqual(list);
    } finally {
      sub.cancel();
    }
  });
});

describe('failed pulls in the activity', () => {
  it('lists a pull that failed with its sentence, as it happens, linking the reference', async () => {
    let list: readonly ActivityItem[] | undefined;
    const sub = rpc.stream('system.activity', {}, { next: (l) => (list = l) });
    try {
      await eventually(() => list);
      // Nothing listens on port 1 of loopback: the pull fails at once, no registry needed.
      const ref = '127.0.0.1:1/dash/nowhere:1';
      const error = await new Promise<string | undefined>((resolve) =>
        rpc.stream('images.pull', { ref }, { next: () => undefined, end: (err) => resolve(err?.message) }),
      );
      expect(error).toBeDefined();
      const item = await eventually(() => list?.find((i) => i.kind === 'pull' && i.id === ref));
      expect(item).toMatchObject({ what: ref, ok: false, outcome: 'failed', error });
      // The engine itself holds no event of it: only Berth's record says it.
      expect(
        await docker(dockerHost, ['events', '--since', '10m', '--until', '0s', '--filter', 'type=image', '--format', '{{.Action}} {{.Actor.ID}}']),
      ).not.toContain('nowhere');
    } finally {
      sub.cancel();
    }
    // A follower that comes later gets it too.
    let later: readonly ActivityItem[] | undefined;
    const sub2 = rpc.stream('system.activity', {}, { next: (l) => (later = l) });
    try {
      expect(await eventually(() => later?.find((i) => i.id === '127.0.0.1:1/dash/nowhere:1'))).toMatchObject({ ok: false });
    } finally {
      sub2.cancel();
    }
  });
});

describe('the window’s engine', () => {
  let second: SecondEngine | undefined;
  let other: RpcClient | undefined;
  afterAll(async () => {
    other?.close();
    await second?.stop();
  });

  it('gives disk use and clean-ups of the engine the window chose, and says the engine process cannot be measured there', async () => {
    second = await startSecondEngine();
    await importBusybox(second.dockerHost);
    await docker(second.dockerHost, ['create', '--name', 'dash-second-stopped', '--network', 'none', BUSYBOX_IMAGE, 'true']);
    const added = await rpc.call('engines.add', { name: 'dash-second', host: second.dockerHost });
    other = await client(home);
    await other.call('engines.use', { id: added.engine!.id });

    // Disk use: the second engine's, read independently with the docker CLI there.
    const count = async (host: string, args: string[]) => (await docker(host, args)).split('\n').filter(Boolean).length;
    const figures = async (c: RpcClient) => Object.fromEntries((await c.call('system.df', {})).figures.map((f) => [f.kind, f]));
    const there = await figures(other);
    expect(there.images!.count).toBe(await count(second.dockerHost, ['images', '-q']));
    expect(there.containers!.count).toBe(1);
    const own = await figures(rpc);
    expect(own.containers!.count).toBe(await count(dockerHost, ['ps', '-aq']));
    expect(own.containers!.count).not.toBe(1);

    // A clean-up there deletes there, and only there.
    const plan = await other.call('system.cleanupPlan', { kind: 'containers' });
    expect(plan.items.map((i) => i.name)).toEqual(['dash-second-stopped']);
    const results = await other.call('system.cleanup', { kind: 'containers', ids: plan.items.map((i) => i.id) });
    expect(results).toEqual([{ id: plan.items[0]!.id, ok: true }]);
    expect(await count(second.dockerHost, ['ps', '-aq'])).toBe(0);
    expect((await figures(other)).containers!.count).toBe(0);
    expect(await count(dockerHost, ['ps', '-aq'])).toBe(own.containers!.count);

    // The engine's own process: not Berth's to measure there; Berth's own connection still measures its own.
    const [elsewhere] = await samples(1, other);
    expect(elsewhere).toEqual({ measurable: false, reason: ELSEWHERE });
    const [mine] = await samples(1);
    expect(mine!.measurable).toBe(true);
  }, 180_000);

  it('lists the exits and failed pulls of the engine the window chose, and none of Berth’s own engine', async () => {
    let there: readonly ActivityItem[] | undefined;
    let here: readonly ActivityItem[] | undefined;
    const subThere = other!.stream('system.activity', {}, { next: (l) => (there = l) });
    const subHere = rpc.stream('system.activity', {}, { next: (l) => (here = l) });
    const idOf = async (host: string, name: string) => (await docker(host, ['inspect', '-f', '{{.Id}}', name])).trim();
    try {
      await eventually(() => there && here);
      // Berth's own engine's earlier exits (the tests above) are not the chosen engine's.
      expect(there!.filter((i) => i.kind === 'exit').map((i) => i.what)).not.toContain('dash-fail-1');

      await docker(second!.dockerHost, ['run', '--name', 'dash-second-fail', '--network', 'none', BUSYBOX_IMAGE, 'sh', '-c', 'exit 6']).catch(() => undefined);
      await docker(dockerHost, ['run', '--name', 'dash-own-fail', BUSYBOX_IMAGE, 'sh', '-c', 'exit 7']).catch(() => undefined);
      const idThere = await idOf(second!.dockerHost, 'dash-second-fail');
      const idHere = await idOf(dockerHost, 'dash-own-fail');
      expect(await eventually(() => there?.find((i) => i.id === idThere))).toMatchObject({ kind: 'exit', what: 'dash-second-fail', outcome: 'exit code 6' });
      expect(await eventually(() => here?.find((i) => i.id === idHere))).toMatchObject({ kind: 'exit', what: 'dash-own-fail', outcome: 'exit code 7' });
      expect(there!.some((i) => i.id === idHere)).toBe(false);
      expect(here!.some((i) => i.id === idThere)).toBe(false);

      // A pull that failed on the chosen engine is that engine's activity.
      const ref = '127.0.0.1:1/dash/elsewhere:1';
      const error = await new Promise<string | undefined>((resolve) =>
        other!.stream('images.pull', { ref }, { next: () => undefined, end: (err) => resolve(err?.message) }),
      );
      expect(error).toBeDefined();
      expect(await eventually(() => there?.find((i) => i.kind === 'pull' && i.id === ref))).toMatchObject({ ok: false, error });
      expect(here!.some((i) => i.id === ref)).toBe(false);
    } finally {
      subThere.cancel();
      subHere.cancel();
    }
    // A window that comes to Berth's own engine later does not get it either.
    let later: readonly ActivityItem[] | undefined;
    const subLater = rpc.stream('system.activity', {}, { next: (l) => (later = l) });
    try {
      expect((await eventually(() => later)).some((i) => i.id === '127.0.0.1:1/dash/elsewhere:1')).toBe(false);
    } finally {
      subLater.cancel();
    }
  }, 120_000);
});
