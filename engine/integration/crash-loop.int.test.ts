/**
 * Crash loops on the real engine: a container whose process keeps failing
 * under `--restart always` gets the crash-loop flag in the live list, a
 * healthy restart-always one and a one-off failure do not, and a user's stop
 * clears the flag. The loop is read independently from `docker inspect`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../contract/index.js';
import type { RpcClient, Subscription } from '../rpc/client.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, eventually, removeHomes, startTestEngine, tempHome, watchRows } from './harness.js';

const home = tempHome('crash');
let dockerHost = '';
let rpc: RpcClient;
let watch: Subscription | undefined;
const rows = new Map<string, ContainerSummary>();

function follow(): Subscription {
  return watchRows(rpc, rows);
}

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  watch = follow();
});
afterAll(async () => {
  watch?.cancel();
  rpc?.close();
  await removeHomes();
});

const byName = (name: string) => [...rows.values()].find((c) => c.name === name);
const restartCount = async (name: string) => Number(await docker(dockerHost, ['inspect', '--format', '{{.RestartCount}}', name]));

describe('crash loops in the live list', () => {
  it('flags a restart-always container that keeps failing, and not a healthy one or a single failure', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'looping', '--restart', 'always', BUSYBOX_IMAGE, 'sh', '-c', 'exit 1']);
    await docker(dockerHost, ['run', '-d', '--name', 'steady', '--restart', 'always', BUSYBOX_IMAGE, 'sleep', '300']);
    await docker(dockerHost, ['run', '-d', '--name', 'once', BUSYBOX_IMAGE, 'sh', '-c', 'exit 3']);
    const flagged = await eventually(() => byName('looping')?.crashLoop, 30_000);
    expect(flagged.exits).toBeGreaterThanOrEqual(3);
    // The engine itself says it restarted it (the flag is not made up from one event).
    expect(await restartCount('looping')).toBeGreaterThanOrEqual(2);
    await docker(dockerHost, ['wait', 'once']);
    await eventually(() => byName('once')?.state === 'exited');
    expect(byName('steady')?.state).toBe('running');
    expect(byName('steady')?.crashLoop).toBeUndefined();
    expect(byName('once')?.crashLoop).toBeUndefined();
  });

  it('a window opened later finds the loop from the engine (a container waiting to restart, with its restart count)', async () => {
    // Wait until it sits in a backoff long enough to be seen restarting by a fresh snapshot.
    await eventually(async () => (await restartCount('looping')) >= 4, 30_000);
    const later = new Map<string, ContainerSummary>();
    const second = rpc.stream(
      'containers.watch',
      {},
      {
        next: (d) => {
          if (d.kind === 'snapshot-rows') for (const c of d.containers) later.set(c.name, c);
          else if (d.kind === 'upsert') later.set(d.container.name, d.container);
        },
      },
    );
    try {
      const seen = await eventually(() => later.get('looping')?.crashLoop, 30_000);
      expect(seen.exits).toBeGreaterThanOrEqual(3);
      expect(later.get('steady')?.crashLoop).toBeUndefined();
    } finally {
      second.cancel();
    }
  });

  it('clears the flag when the user stops the looping container', async () => {
    expect(await rpc.call('containers.act', { ids: ['looping'], action: 'stop', timeout: 1 })).toMatchObject([{ ok: true }]);
    await eventually(() => byName('looping')?.state === 'exited' && byName('looping')?.crashLoop === undefined, 15_000);
    expect(byName('looping')?.crashLoop).toBeUndefined();
  });
});
