/**
 * The live container list converges to the engine's truth: rows of
 * containers that exit on their own, or are killed, leave "running" (dockerd
 * sends `die` before its own list shows it). Read independently with the
 * docker CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../contract/index.js';
import type { RpcClient, Subscription } from '../rpc/client.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { steadyStatus } from '../../e2e/soak/truth.js';
import { docker, eventually, removeHomes, startTestEngine, tempHome, watchRows } from './harness.js';

const home = tempHome('watch');
let dockerHost = '';
let rpc: RpcClient;
let watch: Subscription | undefined;
const rows = new Map<string, ContainerSummary>();

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  watch = watchRows(rpc, rows);
});
afterAll(async () => {
  watch?.cancel();
  rpc?.close();
  await removeHomes();
});

/** Each name's state and status as `docker ps -a` says them. */
async function truth(names: readonly string[]): Promise<Map<string, string>> {
  const out = await docker(dockerHost, ['ps', '-a', '--format', '{{.Names}}\t{{.State}}\t{{.Status}}']);
  const all = new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [name, state, status] = l.split('\t');
        return [name!, `${state} ${steadyStatus(status!)}`];
      }),
  );
  return new Map(names.map((n) => [n, all.get(n) ?? 'absent']));
}

const byName = (name: string) => [...rows.values()].find((c) => c.name === name);
const shown = (names: readonly string[]) =>
  new Map(
    names.map((n) => {
      const c = byName(n);
      return [n, c ? `${c.state} ${steadyStatus(c.status)}` : 'absent'];
    }),
  );

describe('the live list after containers end', () => {
  it('containers that exit by themselves, or are killed, are shown exited with their exit code', async () => {
    const names = ['quick0', 'quick1', 'quick2', 'quick3', 'killed'];
    for (let i = 0; i < 4; i++) await docker(dockerHost, ['run', '-d', '--name', names[i]!, BUSYBOX_IMAGE, 'sh', '-c', `sleep ${1 + i * 0.3}; exit ${i + 1}`]);
    await docker(dockerHost, ['run', '-d', '--name', 'killed', BUSYBOX_IMAGE, 'sleep', '300']);
    expect(await rpc.call('containers.act', { ids: ['killed'], action: 'kill' })).toMatchObject([{ ok: true }]);
    await docker(dockerHost, ['wait', ...names]);
    const expected = await truth(names);
    expect([...expected.values()]).toEqual(['exited Exited (1)', 'exited Exited (2)', 'exited Exited (3)', 'exited Exited (4)', 'exited Exited (137)']);
    // Before the fix these rows stayed "running" until a reload: the only read after `die` still saw the old state.
    await eventually(() => JSON.stringify([...shown(names)]) === JSON.stringify([...expected]), 2000).catch(() => undefined);
    expect(shown(names)).toEqual(expected);
  });

  it('stopping containers that are already stopped succeeds, with no empty error', async () => {
    const results = await rpc.call('containers.act', { ids: ['quick0', 'quick1'], action: 'stop' });
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const started = await rpc.call('containers.act', { ids: ['killed'], action: 'start' });
    expect(started).toMatchObject([{ ok: true }]);
    expect(await rpc.call('containers.act', { ids: ['killed'], action: 'start' })).toMatchObject([{ ok: true }]);
    await rpc.call('containers.act', { ids: ['killed'], action: 'kill' });
  });

  it('a crash loop with a restart policy is followed until it gives up', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'crashy', '--restart', 'on-failure:3', BUSYBOX_IMAGE, 'sh', '-c', 'sleep 0.2; exit 7']);
    await eventually(async () => (await truth(['crashy'])).get('crashy') === 'exited Exited (7)', 30_000);
    expect(await docker(dockerHost, ['inspect', '-f', '{{.RestartCount}}', 'crashy'])).toBe('3');
    await eventually(() => shown(['crashy']).get('crashy') === 'exited Exited (7)', 2000).catch(() => undefined);
    expect(shown(['crashy']).get('crashy')).toBe('exited Exited (7)');
  });

  it('a container killed while it waits to restart (no event says so) is shown exited', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'loop', '--restart', 'always', BUSYBOX_IMAGE, 'sh', '-c', 'sleep 0.3; exit 1']);
    // Catch it between two runs: the restart backoff doubles, so it soon waits long enough.
    await eventually(
      async () => (await docker(dockerHost, ['inspect', '-f', '{{.State.Restarting}} {{.RestartCount}}', 'loop'])).match(/^true [3-9]/) ?? undefined,
      30_000,
    );
    await eventually(() => shown(['loop']).get('loop')?.startsWith('restarting'), 2000);
    expect(await rpc.call('containers.act', { ids: ['loop'], action: 'kill' })).toMatchObject([{ ok: true }]);
    await eventually(async () => (await truth(['loop'])).get('loop')!.startsWith('exited') || undefined, 10_000);
    const expected = await truth(['loop']);
    // Before the fix the row said "restarting" for good: dockerd cancels the restart and sends no event.
    await eventually(() => shown(['loop']).get('loop') === expected.get('loop'), 2000).catch(() => undefined);
    expect(shown(['loop'])).toEqual(expected);
  });

  it('a paused or running container renamed is shown with its new name', async () => {
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      await docker(dockerHost, ['run', '-d', '--name', `ren${i}`, BUSYBOX_IMAGE, 'sleep', '600']);
      if (i % 2 === 0) await docker(dockerHost, ['pause', `ren${i}`]);
      names.push(`ren${i}`, `renamed${i}`);
    }
    await eventually(() => ['ren0', 'ren1', 'ren2', 'ren3'].every((n) => byName(n)) || undefined, 5000);
    for (let i = 0; i < 4; i++) await docker(dockerHost, ['rename', `ren${i}`, `renamed${i}`]);
    const expected = await truth(names);
    expect([...expected.values()].filter((v) => v !== 'absent')).toHaveLength(4);
    // Before the fix a paused container kept its old name in the list: dockerd announces the rename before its list shows it.
    await eventually(() => JSON.stringify([...shown(names)]) === JSON.stringify([...expected]), 3000).catch(() => undefined);
    expect(shown(names)).toEqual(expected);
    await docker(dockerHost, ['rm', '-f', 'renamed0', 'renamed1', 'renamed2', 'renamed3']);
  });
});
