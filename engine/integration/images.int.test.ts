/** Image list and disk figures against a real engine, checked against what the engine itself reports and frees. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('img');
let dockerHost = '';
let rpc: RpcClient;

/** Commit a container that wrote `bytes` random bytes to /blob on `from`. */
async function layered(from: string, bytes: number, ref: string): Promise<string> {
  const id = await docker(dockerHost, ['run', '-d', from, 'sh', '-c', `head -c ${bytes} /dev/urandom > /blob`]);
  await docker(dockerHost, ['wait', id]);
  const image = await docker(dockerHost, ['commit', id, ref]);
  await docker(dockerHost, ['rm', id]);
  return image;
}

/** The engine's own count of image layer bytes (`docker system df`'s LayersSize, unrounded). */
async function engineLayersSize(): Promise<number> {
  const socketPath = dockerHost.replace(/^unix:\/\//, '');
  const body = await new Promise<string>((resolve, reject) => {
    request({ socketPath, path: '/system/df' }, (res) => {
      let out = '';
      res.on('data', (c) => (out += c));
      res.on('end', () => resolve(out));
    })
      .on('error', reject)
      .end();
  });
  return (JSON.parse(body) as { LayersSize: number }).LayersSize;
}

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

describe('images list and disk use', () => {
  it('lists the containers of each image, and predicts exactly what prune frees', async () => {
    await docker(dockerHost, ['create', '--name', 'keeps-base', BUSYBOX_IMAGE, 'true']);
    await layered(BUSYBOX_IMAGE, 300_000, 'disk/app:1');
    await layered('disk/app:1', 50_000, 'disk/app:2');
    // Dangling: app:3 built, then its name moved to another image.
    await layered('disk/app:1', 20_000, 'disk/app:3');
    await layered(BUSYBOX_IMAGE, 10_000, 'disk/app:3');

    const list = await rpc.call('images.list', {});
    const base = list.find((i) => i.tags.includes(BUSYBOX_IMAGE))!;
    expect(base.containers).toEqual([expect.objectContaining({ name: 'keeps-base', state: 'created' })]);
    expect(list.filter((i) => i.tags.length === 0)).toHaveLength(1);

    const disk = await rpc.call('images.disk', {});
    expect(disk).toMatchObject({ images: 5, unusedImages: 4, danglingImages: 1, exact: true });
    expect(disk.total).toBe(await engineLayersSize());

    const dangling = await rpc.call('images.prune', { all: false });
    expect(dangling.spaceReclaimed).toBe(disk.reclaimableDangling);
    const unused = await rpc.call('images.prune', { all: true });
    expect(unused.spaceReclaimed).toBe(disk.reclaimableUnused - disk.reclaimableDangling);
    // The used image and its layer stay.
    expect(await docker(dockerHost, ['images', '-q', BUSYBOX_IMAGE])).not.toBe('');
    const after = await rpc.call('images.disk', {});
    expect(after.total).toBe(disk.total - disk.reclaimableUnused);
    expect(after.reclaimableUnused).toBe(0);
  });
});
