/** Save and load through the backend's RPC against a real engine: cancel mid-stream, many images in one file, progress that only grows. */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveProgress } from '../contract/index.js';
import type { RpcClient } from '../rpc/client.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('arc');
const dir = mkdtempSync('/tmp/bt-arc-files-');
const BIG = 'int-archive/big:v1';
let dockerHost = '';
let rpc: RpcClient;

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  const id = await docker(dockerHost, ['create', BUSYBOX_IMAGE, 'sh', '-c', 'head -c 200m /dev/urandom > /random.bin']);
  await docker(dockerHost, ['start', '-a', id]);
  await docker(dockerHost, ['commit', id, BIG]);
});
afterAll(async () => {
  rpc?.close();
  rmSync(dir, { recursive: true, force: true });
  await removeHomes();
});

type Method = 'images.save' | 'images.load';
/** Run a save or load to its end, or cancel it at the first event `cancelAt` accepts; resolves with every event seen. */
function run(method: Method, input: Record<string, unknown>, cancelAt?: (p: ArchiveProgress) => boolean): Promise<ArchiveProgress[]> {
  const seen: ArchiveProgress[] = [];
  return new Promise((resolve, reject) => {
    const sub = rpc.stream(method, input as never, {
      next: (p) => {
        seen.push(p);
        if (cancelAt?.(p)) {
          sub.cancel();
          resolve(seen);
        }
      },
      end: (err) => (err ? reject(err) : resolve(seen)),
    });
  });
}

describe('image archives', () => {
  it('a save cancelled while bytes flow leaves no file at all', async () => {
    const target = join(dir, 'cancelled.tar');
    const seen = await run('images.save', { refs: [BIG], path: target }, (p) => p.bytes > 0);
    expect(seen.some((p) => p.done)).toBe(false);
    expect(seen.at(-1)!.bytes).toBeGreaterThan(0);
    await eventually(() => readdirSync(dir).every((f) => !f.startsWith('cancelled')));
  });

  it('saves with progress that only grows, under 100% until done, and loads back', async () => {
    const target = join(dir, 'big.tar');
    const t0 = Date.now();
    const saved = await run('images.save', { refs: [BIG], path: target });
    const saveMs = Date.now() - t0;
    const size = statSync(target).size;
    const running = saved.filter((p) => !p.done);
    expect(running.every((p, i) => p.fraction <= 0.99 && (i === 0 || p.bytes >= running[i - 1]!.bytes))).toBe(true);
    expect(running.every((p) => p.estimated)).toBe(true);
    expect(saved.at(-1)).toMatchObject({ done: true, fraction: 1, bytes: size, total: size, estimated: false });

    await docker(dockerHost, ['rmi', BIG]);
    const t1 = Date.now();
    const loaded = await run('images.load', { path: target });
    const loadMs = Date.now() - t1;
    expect(loaded.at(-1)).toMatchObject({ done: true, fraction: 1, bytes: size, total: size, images: [BIG] });
    expect(await docker(dockerHost, ['images', '-q', BIG])).not.toBe('');
    console.log(`200 MiB image through Berth: save ${saveMs} ms, load ${loadMs} ms (${(size / 1e6).toFixed(0)} MB)`);
  });

  it('a load cancelled while bytes flow adds no image', async () => {
    const target = join(dir, 'big.tar');
    await docker(dockerHost, ['rmi', BIG]);
    const seen = await run('images.load', { path: target }, (p) => p.bytes > 0);
    expect(seen.at(-1)!.bytes).toBeLessThan(seen.at(-1)!.total);
    // Give the engine time to finish anything it would still do with a cut upload.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await docker(dockerHost, ['images', '-q', BIG])).toBe('');
  });

  it('puts several names in one file and loads them all', async () => {
    await docker(dockerHost, ['tag', BUSYBOX_IMAGE, 'int-archive/second:v2']);
    const target = join(dir, 'two.tar');
    await run('images.save', { refs: [BUSYBOX_IMAGE, 'int-archive/second:v2'], path: target });
    await docker(dockerHost, ['rmi', 'int-archive/second:v2']);
    const loaded = await run('images.load', { path: target });
    expect([...loaded.at(-1)!.images].sort()).toEqual([BUSYBOX_IMAGE, 'int-archive/second:v2']);
    expect(await docker(dockerHost, ['images', '-q', 'int-archive/second:v2'])).not.toBe('');
  });
});
