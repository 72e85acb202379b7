/** Container actions against a real engine, through the backend's RPC. */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { startRegistry } from '../../e2e/fixtures/registry.js';
import { docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const exec = promisify(execFile);
const home = tempHome('ctr');
let dockerHost = '';
let rpc: RpcClient;

const state = async (name: string) => docker(dockerHost, ['inspect', '-f', '{{.State.Status}}', name]);

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

describe('container actions', () => {
  it('starts, pauses, unpauses, restarts, stops and kills', async () => {
    const id = await docker(dockerHost, ['create', '--name', 'life', BUSYBOX_IMAGE, 'sleep', '300']);
    const act = (action: 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill', extra = {}) =>
      rpc.call('containers.act', { ids: [id], action, ...extra });
    expect(await act('start')).toEqual([{ id, ok: true }]);
    expect(await state('life')).toBe('running');
    await act('pause');
    expect(await state('life')).toBe('paused');
    await act('unpause');
    await act('restart', { timeout: 0 });
    expect(await state('life')).toBe('running');
    await act('stop', { timeout: 0 });
    expect(await state('life')).toBe('exited');
    await act('start');
    expect(await act('kill', { signal: 'SIGKILL' })).toEqual([{ id, ok: true }]);
    expect(await state('life')).toBe('exited');
  });

  it('reports each container of a batch on its own, with the engine message', async () => {
    const id = await docker(dockerHost, ['create', '--name', 'batch-ok', BUSYBOX_IMAGE, 'sleep', '300']);
    const results = await rpc.call('containers.act', { ids: [id, 'no-such-container'], action: 'start' });
    expect(results[0]).toEqual({ id, ok: true });
    expect(results[1]).toMatchObject({ id: 'no-such-container', ok: false, error: expect.stringMatching(/No such container: no-such-container/) });
    await rpc.call('containers.remove', { ids: [id], force: true });
  });

  it('names what a removal loses, and keeps named volumes', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'vols', '-v', 'keepme:/data', '-v', '/scratch', BUSYBOX_IMAGE, 'sleep', '300']);
    const [impact] = await rpc.call('containers.removalImpact', { ids: ['vols'] });
    expect(impact).toMatchObject({ name: 'vols', running: true, namedVolumes: ['keepme'] });
    expect(impact!.anonymousVolumes).toHaveLength(1);
    // Without force a running container is refused, and nothing is lost.
    const refused = await rpc.call('containers.remove', { ids: ['vols'], volumes: true });
    expect(refused[0]!.ok).toBe(false);
    expect(refused[0]!.error).toMatch(/running container/);
    expect(await state('vols')).toBe('running');
    const removed = await rpc.call('containers.remove', { ids: ['vols'], force: true, volumes: true });
    expect(removed[0]!.ok).toBe(true);
    const volumes = (await docker(dockerHost, ['volume', 'ls', '-q'])).split('\n');
    expect(volumes).toContain('keepme');
    expect(volumes).not.toContain(impact!.anonymousVolumes[0]);
  });

  it('renames, refusing a bad name before it reaches the engine', async () => {
    await docker(dockerHost, ['create', '--name', 'old-name', BUSYBOX_IMAGE, 'true']);
    await rpc.call('containers.rename', { id: 'old-name', name: 'new-name' });
    expect(await state('new-name')).toBe('created');
    await expect(rpc.call('containers.rename', { id: 'new-name', name: 'bad name!' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(rpc.call('containers.rename', { id: 'nope', name: 'whatever' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('prunes stopped containers only', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'keeps-running', BUSYBOX_IMAGE, 'sleep', '300']);
    const stopped = await docker(dockerHost, ['create', '--name', 'pruned', BUSYBOX_IMAGE, 'true']);
    const r = await rpc.call('containers.prune', {});
    expect(r.deleted).toContain(stopped);
    expect(await state('keeps-running')).toBe('running');
  });

  it('copies a container as a docker run command that recreates it (round trip)', async () => {
    mkdirSync('/tmp/berth-bind-src', { recursive: true });
    await docker(dockerHost, [
      'run',
      '-d',
      '--name',
      'orig',
      '-p',
      '127.0.0.1::80',
      '-e',
      'A=b c',
      '-v',
      '/tmp/berth-bind-src:/src:ro',
      '-v',
      'named:/data',
      '--restart',
      'on-failure:2',
      '-l',
      'k=v w',
      '-u',
      '1000',
      '-w',
      '/tmp',
      '--init',
      BUSYBOX_IMAGE,
      'sleep',
      '300',
    ]);
    const first = await rpc.call('containers.runCommand', { id: 'orig' });
    expect(first).toMatch(/^docker run -d --name orig /);
    await exec('sh', ['-c', first.replace('--name orig', '--name copy')], { env: { ...process.env, DOCKER_HOST: dockerHost } });
    const second = await rpc.call('containers.runCommand', { id: 'copy' });
    expect(second).toBe(first.replace('--name orig', '--name copy'));
    expect(await state('copy')).toBe('running');
  });

  it('reads logs demultiplexed, then follows new lines', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'talker', BUSYBOX_IMAGE, 'sh', '-c', 'echo first; echo oops >&2; sleep 1; echo later; sleep 300']);
    await new Promise((r) => setTimeout(r, 300));
    const past = await collectLogs({ id: 'talker', follow: false });
    // stdout and stderr are separate pipes: their relative order is not kept by the engine.
    expect(past.lines.map((l) => `${l.stream}:${l.text}`).sort()).toEqual(['stderr:oops', 'stdout:first']);
    const none = await collectLogs({ id: 'talker', follow: false, since: Math.floor(Date.now() / 1000) + 3600 });
    expect(none.lines).toEqual([]);
    const seen: string[] = [];
    const sub = rpc.stream(
      'containers.logs',
      { id: 'talker', tail: 'all', timestamps: true },
      {
        next: (b) => b.lines.forEach((l) => seen.push(`${l.text}@${l.ts ? 'ts' : '-'}`)),
      },
    );
    await eventually(() => seen.includes('later@ts'), 10_000);
    sub.cancel();
  });

  it('streams live stats of running containers, following new ones', async () => {
    const seen = new Map<string, number>();
    const sub = rpc.stream('containers.stats', {}, { next: (batch) => batch.forEach((st) => seen.set(st.id, st.cpuPercent)) });
    await new Promise((r) => setTimeout(r, 500));
    const id = await docker(dockerHost, ['run', '-d', '--name', 'spinner', BUSYBOX_IMAGE, 'sh', '-c', 'while true; do :; done']);
    await eventually(() => ((seen.get(id) ?? 0) > 20 ? true : undefined), 15_000);
    sub.cancel();
    await docker(dockerHost, ['rm', '-f', id]);
  });

  it('browses a volume read-only through a helper container that leaves no trace', async () => {
    await docker(dockerHost, [
      'run',
      '--rm',
      '-v',
      'browse-me:/data',
      BUSYBOX_IMAGE,
      'sh',
      '-c',
      'mkdir -p /data/sub && echo hello > /data/greeting.txt && ln -s greeting.txt /data/link',
    ]);
    const before = await docker(dockerHost, ['ps', '-aq']);
    const root = await rpc.call('volumes.browse', { name: 'browse-me', path: '/' });
    expect(root.map((e) => `${e.type}:${e.name}`)).toEqual(['dir:sub', 'file:greeting.txt', 'link:link']);
    expect(root.find((e) => e.name === 'greeting.txt')!.size).toBe(6);
    expect(root.find((e) => e.name === 'link')!.target).toBe('greeting.txt');
    expect(await rpc.call('volumes.browse', { name: 'browse-me', path: '/sub' })).toEqual([]);
    await expect(rpc.call('volumes.browse', { name: 'browse-me', path: '/greeting.txt' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(rpc.call('volumes.browse', { name: 'no-such-volume', path: '/' })).rejects.toMatchObject({
      message: 'There is no volume named "no-such-volume".',
    });
    expect((await docker(dockerHost, ['volume', 'ls', '-q'])).split('\n')).not.toContain('no-such-volume');
    expect(await docker(dockerHost, ['ps', '-aq'])).toBe(before);
  });

  it('shows image history, tags, names the users of an image, and removes only what was asked', async () => {
    const history = await rpc.call('images.history', { ref: BUSYBOX_IMAGE });
    expect(history.at(-1)).toMatchObject({ instruction: 'Imported from -', emptyLayer: false });
    await rpc.call('images.tag', { ref: BUSYBOX_IMAGE, target: 'berth-test/copy:v1' });
    expect(await docker(dockerHost, ['images', '-q', 'berth-test/copy:v1'])).not.toBe('');
    await docker(dockerHost, ['create', '--name', 'image-user', 'berth-test/copy:v1', 'true']);
    const users = await rpc.call('images.users', { ref: 'berth-test/copy:v1' });
    expect(users.map((u) => u.name)).toContain('image-user');
    // Untagging one name of an image keeps the image and its other names.
    const [untag] = await rpc.call('images.remove', { refs: ['berth-test/copy:v1'] });
    expect(untag).toMatchObject({ ok: true });
    expect(await docker(dockerHost, ['images', '-q', BUSYBOX_IMAGE])).not.toBe('');
    await expect(rpc.call('images.tag', { ref: 'no/such:image', target: 'x/y:z' })).rejects.toMatchObject({ code: 'not_found' });
    const r = await rpc.call('images.prune', {});
    expect(r.spaceReclaimed).toBeGreaterThanOrEqual(0);
  });

  it('pushes to and pulls from a real registry on loopback with per-layer progress, and refuses a bad reference before sending anything', async () => {
    const registry = await startRegistry();
    try {
      const ref = `${registry.host}/team/app:v1`;
      await docker(dockerHost, ['commit', '-c', 'LABEL pulled=yes', await docker(dockerHost, ['create', BUSYBOX_IMAGE, 'true']), ref]);
      // Push through Berth, with progress.
      const pushed: Array<{ done: boolean; phases: string[] }> = [];
      await new Promise<void>((resolve, reject) =>
        rpc.stream(
          'images.push',
          { ref },
          { next: (p) => pushed.push({ done: p.done, phases: p.layers.map((l) => l.phase) }), end: (e) => (e ? reject(e) : resolve()) },
        ),
      );
      expect(pushed.at(-1)!.done).toBe(true);
      expect(pushed.at(-1)!.phases.every((ph) => ph === 'done')).toBe(true);
      expect(((await (await fetch(`http://${registry.host}/v2/team/app/tags/list`)).json()) as { tags: string[] }).tags).toEqual(['v1']);
      await docker(dockerHost, ['rmi', ref]);
      const seen: Array<{ fraction: number; layers: number; done: boolean }> = [];
      await new Promise<void>((resolve, reject) =>
        rpc.stream(
          'images.pull',
          { ref },
          {
            next: (p) => seen.push({ fraction: p.fraction, layers: p.layers.length, done: p.done }),
            end: (err) => (err ? reject(err) : resolve()),
          },
        ),
      );
      expect(seen.at(-1)).toMatchObject({ fraction: 1, done: true });
      expect(seen.at(-1)!.layers).toBeGreaterThan(0);
      expect(await docker(dockerHost, ['images', '-q', ref])).not.toBe('');
      await expect(
        new Promise((resolve, reject) =>
          rpc.stream('images.pull', { ref: `${registry.host}/team/app:missing` }, { next: () => undefined, end: (e) => (e ? reject(e) : resolve(undefined)) }),
        ),
      ).rejects.toMatchObject({ message: expect.stringMatching(/manifest for .*team\/app:missing not found/) });
      await expect(
        new Promise((resolve, reject) =>
          rpc.stream('images.pull', { ref: 'Bad/Name' }, { next: () => undefined, end: (e) => (e ? reject(e) : resolve(undefined)) }),
        ),
      ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/lower-case/) });
    } finally {
      await registry.stop();
    }
  });

  it('says which container does not exist', async () => {
    await expect(collectLogs({ id: 'ghost', follow: false })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/No such container: ghost/),
    });
  });
});

/** All batches of a finite log. */
function collectLogs(input: { id: string; follow: boolean; since?: number }): Promise<{ lines: Array<{ stream: string; text: string }> }> {
  return new Promise((resolve, reject) => {
    const lines: Array<{ stream: string; text: string }> = [];
    rpc.stream('containers.logs', input, { next: (b) => lines.push(...b.lines), end: (err) => (err ? reject(err) : resolve({ lines })) });
  });
}
