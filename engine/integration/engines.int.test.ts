/**
 * The Engines list against real engines: Berth's own and a second dockerd the test
 * starts on its own socket. A connection that chooses the second engine sees what the
 * docker CLI made there, and a connection that did not still sees Berth's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import { plainRunSpec } from '../containers/run-spec-random.js';
import { BUSYBOX_IMAGE, importBusybox } from '../../e2e/fixtures/images.js';
import { startSecondEngine, type SecondEngine } from '../../e2e/fixtures/second-engine.js';
import { client, docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('eng');
let dockerHost = '';
let rpc: RpcClient;
let other: RpcClient;
let second: SecondEngine;
let secondId = '';
const files = mkdtempSync(join('/tmp', 'bt-engfiles-'));

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  other = await client(home);
  second = await startSecondEngine();
  await importBusybox(second.dockerHost);
  await docker(second.dockerHost, ['create', '--name', 'only-on-second', '--network', 'none', BUSYBOX_IMAGE, 'sleep', '60']);
}, 180_000);
afterAll(async () => {
  rpc?.close();
  other?.close();
  await second?.stop();
  await removeHomes();
  rmSync(files, { recursive: true, force: true });
});

describe('engines', () => {
  it('adds the second engine and reports its health, version, platform and counts', async () => {
    const r = await rpc.call('engines.add', { name: 'second', host: second.dockerHost });
    expect(r.errors).toEqual([]);
    expect(r.engine).toMatchObject({ name: 'second', kind: 'unix', source: 'added', host: second.dockerHost });
    expect(r.engine!.health).toMatchObject({ state: 'up', os: 'linux', containers: 1, running: 0, images: 1 });
    expect(r.engine!.health.version).toBe(await docker(second.dockerHost, ['version', '--format', '{{.Server.Version}}']));
    secondId = r.engine!.id;
    const list = await rpc.call('engines.list', {});
    expect(list[0]).toMatchObject({ id: 'berth', source: 'berth', host: dockerHost, health: { state: 'up' } });
    expect(list.find((e) => e.id === secondId)).toMatchObject({ name: 'second', health: { state: 'up', containers: 1 } });
  });

  it('refuses bad input with a sentence per field, and stores nothing', async () => {
    const before = (await rpc.call('engines.list', {})).length;
    const bad = async (input: Parameters<typeof rpc.call<'engines.add'>>[1]) => (await rpc.call('engines.add', input)).errors;
    expect(await bad({ host: 'tcp://127.0.0.1:99999' })).toEqual([{ field: 'host', message: expect.stringContaining('not a valid tcp://') }]);
    expect(await bad({ host: 'ftp://x' })).toEqual([{ field: 'host', message: expect.stringContaining('over ftp://') }]);
    expect(await bad({ host: 'unix:///tmp/no-such-engine.sock' })).toEqual([{ field: 'host', message: 'There is no socket at /tmp/no-such-engine.sock.' }]);
    // Port 1 on loopback: nothing listens there.
    expect(await bad({ host: 'tcp://127.0.0.1:1' })).toEqual([{ field: 'host', message: expect.stringContaining('connection refused') }]);
    writeFileSync(join(files, 'ca.pem'), 'not a certificate\n');
    const tls = await bad({ host: 'tcp://127.0.0.1:2376', tls: { ca: join(files, 'ca.pem'), cert: join(files, 'missing.pem'), key: '' } });
    expect(tls).toEqual([
      { field: 'ca', message: expect.stringContaining('is not a PEM file') },
      { field: 'cert', message: `There is no file at ${join(files, 'missing.pem')}.` },
      { field: 'key', message: 'Choose the client key file.' },
    ]);
    expect(await bad({ host: second.dockerHost })).toEqual([{ field: 'host', message: expect.stringContaining('already in the list, as "second"') }]);
    expect(await bad({ name: 'SECOND', host: dockerHost })).toContainEqual({ field: 'name', message: expect.stringContaining('already called') });
    expect((await rpc.call('engines.list', {})).length).toBe(before);
  });

  it('a connection that chose the second engine lists its containers; another still lists Berth’s', async () => {
    const names = async (c: RpcClient) => (await c.call('containers.list', { all: true })).map((x) => x.name);
    expect(await names(rpc)).not.toContain('only-on-second');
    expect(await rpc.call('engines.use', { id: secondId })).toEqual({ id: secondId, name: 'second' });
    expect(await names(rpc)).toContain('only-on-second');
    expect(await names(other)).not.toContain('only-on-second');
    // The images list follows too: the second engine has only the test image.
    expect((await rpc.call('images.list', {})).flatMap((i) => i.tags)).toEqual([BUSYBOX_IMAGE]);
    // A container made through Berth lands on the second engine, as the docker CLI reads it.
    const made = await rpc.call('containers.run', plainRunSpec(BUSYBOX_IMAGE, { name: 'made-by-berth', command: ['sleep', '30'], network: 'none' }));
    expect(await docker(second.dockerHost, ['inspect', '-f', '{{.Name}}', made.id])).toBe('/made-by-berth');
    await expect(docker(dockerHost, ['inspect', made.id])).rejects.toThrow();
  });

  it('builds on the window’s engine, and the shared history says where each build ran', async () => {
    const ctx = mkdtempSync(join('/tmp', 'bt-engbuild-'));
    try {
      // No RUN step: the second engine has no bridge network for one.
      writeFileSync(join(ctx, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nCOPY note.txt /copied.txt\n`);
      writeFileSync(join(ctx, 'note.txt'), 'built far away\n');
      const events = await new Promise<Array<{ t: string; message?: string }>>((resolve, reject) => {
        const seen: Array<{ t: string; message?: string }> = [];
        rpc.stream('builds.start', { context: ctx, tags: ['far/built:1'] } as never, {
          next: (e) => void seen.push(e as { t: string }),
          end: (err) => (err ? reject(err) : resolve(seen)),
        });
      });
      expect(events.find((e) => e.t === 'failed')).toBeUndefined();
      expect(events.some((e) => e.t === 'done')).toBe(true);
      // The image is on the second engine, as its own CLI reads it, and not on Berth's.
      expect(await docker(second.dockerHost, ['run', '--rm', '--network', 'none', 'far/built:1', 'cat', '/copied.txt'])).toBe('built far away');
      await expect(docker(dockerHost, ['image', 'inspect', 'far/built:1'])).rejects.toThrow();
      // Both connections read one history; the record names the engine it ran on.
      const mine = (await rpc.call('builds.list', {})).find((b) => b.tags.includes('far/built:1'));
      expect(mine).toMatchObject({ engine: 'second', result: 'done' });
      expect(mine!.imageGone).toBeUndefined();
      const seenFromBerth = (await other.call('builds.list', {})).find((b) => b.id === mine!.id);
      // Berth's own engine cannot tell whether an image of another engine is still there: it does not say it was deleted.
      expect(seenFromBerth).toMatchObject({ engine: 'second' });
      expect(seenFromBerth!.imageGone).toBeUndefined();
    } finally {
      rmSync(ctx, { recursive: true, force: true });
    }
  });

  it('removes the engine; the connection that used it is told to choose another', async () => {
    expect(await rpc.call('engines.remove', { id: secondId })).toEqual({ removed: true });
    await expect(rpc.call('containers.list', { all: true })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('choose another engine'),
    });
    expect((await rpc.call('engines.list', {})).some((e) => e.id === secondId)).toBe(false);
    await expect(rpc.call('engines.remove', { id: 'berth' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await rpc.call('engines.use', { id: 'berth' })).toEqual({ id: 'berth', name: 'Berth' });
  });
});
