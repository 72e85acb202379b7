/** The layer browser's backend against a real engine: images built here, read from `docker save` streams. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import type { LayerIndexEvent, LayerSummary } from '../contract/index.js';
import { buildFromDockerfile, BUSYBOX_IMAGE, importShellless, WASTEFUL_DOCKERFILE } from '../../e2e/fixtures/images.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBackend } from '../backend/launch.js';
import { layout } from '../engine/paths.js';
import { client, docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('layers');
let dockerHost = '';
let rpc: RpcClient;

/** The engine's bytes of an image's first n layers, as Berth counted them. */
const summaryBytes = (s: LayerSummary, n: number) => s.layers.slice(0, n).reduce((a, l) => a + l.bytes, 0);

/** Index an image through the RPC: its events and its summary. */
function index(ref: string): Promise<{ events: LayerIndexEvent[]; summary: LayerSummary; cached: boolean }> {
  const events: LayerIndexEvent[] = [];
  return new Promise((resolve, reject) => {
    rpc.stream(
      'layers.index',
      { ref },
      {
        next: (e) => {
          events.push(e);
          if (e.t === 'ready') resolve({ events, summary: e.summary, cached: e.cached });
        },
        end: (err) => err && reject(err),
      },
    );
  });
}

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  await buildFromDockerfile(dockerHost, 'layers/wasteful:1', WASTEFUL_DOCKERFILE);
}, 120_000);
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

describe('layer browser', () => {
  it('reads each layer’s changes and the waste of a file added in one RUN and deleted in the next', async () => {
    const { events, summary, cached } = await index('layers/wasteful:1');
    expect(cached).toBe(false);
    expect(events.some((e) => e.t === 'progress')).toBe(true);
    expect(summary.layers).toHaveLength(5);
    const step = (i: number) => summary.layers[i]!.instruction;
    expect(step(2)).toContain('dd if=/dev/zero of=/big.bin');
    expect(step(3)).toBe('RUN rm /big.bin');
    // ENV made no layer: it is a step without one.
    expect(summary.steps.at(-1)).toMatchObject({ instruction: 'ENV MODE=test' });
    expect(summary.steps.at(-1)!.layer).toBeUndefined();
    expect(summary.layers[2]).toMatchObject({ added: 1, bytes: 5 * 1024 * 1024 });
    expect(summary.layers[3]).toMatchObject({ added: 0, removed: 1, bytes: 0 });
    const big = summary.waste.find((w) => w.path === 'big.bin');
    expect(big).toEqual({ path: 'big.bin', name: 'big.bin', wasted: 5 * 1024 * 1024, kept: 0, copies: [{ layer: 2, size: 5 * 1024 * 1024 }], removedIn: 3 });
    // The image's total is what the engine counts for its layers, and the waste is at least the 5 MB.
    expect(summary.total).toBeGreaterThan(5 * 1024 * 1024);
    expect(summary.wasted).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    expect(summary.efficiency).toBeLessThan(1);

    const changes = await rpc.call('layers.tree', { ref: 'layers/wasteful:1', layer: 3, view: 'changes', path: '' });
    expect(changes.find((e) => e.name === 'big.bin')).toMatchObject({ status: 'removed', size: 5 * 1024 * 1024, layer: 2 });
    const added = await rpc.call('layers.tree', { ref: 'layers/wasteful:1', layer: 2, view: 'changes', path: '' });
    expect(added.find((e) => e.name === 'big.bin')).toMatchObject({ status: 'added', kind: 'file' });
    const asOf3 = await rpc.call('layers.tree', { ref: 'layers/wasteful:1', layer: 3, view: 'image', path: '' });
    expect(asOf3.find((e) => e.name === 'big.bin')).toBeUndefined();
    expect(asOf3.find((e) => e.name === 'bin')).toMatchObject({ kind: 'dir', hasChildren: true, layer: 0 });
  });

  it('reads a directory replaced whole as an opaque directory: the old files removed, the new one added', async () => {
    const before = await rpc.call('layers.tree', { ref: 'layers/wasteful:1', layer: 3, view: 'image', path: 'srv/conf.d' });
    expect(before.map((e) => e.name).sort()).toEqual(['keep.conf', 'old.conf']);
    const changes = await rpc.call('layers.tree', { ref: 'layers/wasteful:1', layer: 4, view: 'changes', path: 'srv/conf.d' });
    expect(Object.fromEntries(changes.map((e) => [e.name, e.status]))).toEqual({ 'keep.conf': 'removed', 'new.conf': 'added', 'old.conf': 'removed' });
    const after = await rpc.call('layers.tree', { ref: 'layers/wasteful:1', layer: 4, view: 'image', path: 'srv/conf.d' });
    expect(after.map((e) => e.name)).toEqual(['new.conf']);
    const found = await rpc.call('layers.search', { ref: 'layers/wasteful:1', layer: 4, view: 'image', query: '**/*.conf', limit: 10 });
    expect(found.matches.map((m) => m.path)).toEqual(['srv/conf.d/new.conf']);
  });

  it('answers a second image with the same layers from what it already read, and one with a new layer by reading it', async () => {
    await buildFromDockerfile(dockerHost, 'layers/same:1', 'FROM layers/wasteful:1\nENV OTHER=1\n');
    const same = await index('layers/same:1');
    expect(same.cached).toBe(true);
    expect(same.events.filter((e) => e.t === 'progress')).toHaveLength(0);
    expect(same.summary.wasted).toBe((await index('layers/wasteful:1')).summary.wasted);
    await buildFromDockerfile(dockerHost, 'layers/more:1', 'FROM layers/wasteful:1\nRUN echo more > /more.txt\n');
    const more = await index('layers/more:1');
    expect(more.cached).toBe(false);
    expect(more.summary.layers).toHaveLength(6);
    expect(more.summary.layers[5]).toMatchObject({ added: 1, bytes: 5 });
    const c = await rpc.call('layers.compare', { a: 'layers/wasteful:1', b: 'layers/more:1' });
    expect([c.shared, c.firstDifference, c.rows.length]).toEqual([5, 5, 6]);
    expect(c.rows[5]).toMatchObject({ b: { instruction: 'RUN echo more > /more.txt', size: 5 }, same: false });
    // The engine's layer sizes (which also count symlink targets) against Berth's file bytes: within a few KB.
    expect(c.sharedBytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(Math.abs(c.sharedBytes - summaryBytes(more.summary, 5))).toBeLessThan(4096);
  });

  it('reads a FROM scratch image with one file, and says when an image is not there', async () => {
    await importShellless(dockerHost);
    const { summary } = await index('berth-test/no-shell:latest');
    expect(summary.layers).toHaveLength(1);
    const bin = await rpc.call('layers.tree', { ref: 'berth-test/no-shell:latest', layer: 0, view: 'image', path: 'bin' });
    expect(bin.map((e) => e.name)).toEqual(['sleep']);
    await expect(index('layers/none:1')).rejects.toThrow('There is no image layers/none:1 on this engine.');
    await expect(rpc.call('layers.tree', { ref: BUSYBOX_IMAGE, layer: 0, view: 'image', path: '' })).rejects.toThrow('not indexed yet');
    expect(await docker(dockerHost, ['images', '-q', 'layers/wasteful:1'])).not.toBe('');
  });

  it('remembers indexed layers across a restart of the backend: nothing is read again, and each layer’s changes come back the same', async () => {
    const first = await index('layers/wasteful:1');
    const changes = async () => {
      const out: Record<string, unknown> = {};
      const visit = async (layer: number, path: string): Promise<void> => {
        const entries = await rpc.call('layers.tree', { ref: 'layers/wasteful:1', layer, view: 'changes', path });
        out[`${layer}:${path}`] = entries;
        for (const e of entries) if (e.kind === 'dir') await visit(layer, e.path);
      };
      for (let layer = 0; layer < first.summary.layers.length; layer++) await visit(layer, '');
      return out;
    };
    const before = await changes();
    // Every layer's change tree is kept on disk, the last one written last.
    const imageHex = first.summary.id.replace('sha256:', '');
    const last = `${imageHex}.L${first.summary.layers.length - 1}.changes.gz`;
    await eventually(() => readdirSync(layout(home).layerCacheDir).includes(last) || undefined);
    expect(readdirSync(layout(home).layerCacheDir).filter((f) => f.startsWith(`${imageHex}.L`))).toHaveLength(first.summary.layers.length);
    const pid = Number(readFileSync(layout(home).backendPidfile, 'utf8').trim());
    rpc.close();
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    await ensureBackend(home);
    rpc = await client(home);
    await eventually(async () => ((await rpc.call('engine.status', {})).state === 'running' ? true : undefined));
    const again = await index('layers/wasteful:1');
    expect(again.cached).toBe(true);
    expect(again.events.filter((e) => e.t === 'progress')).toHaveLength(0);
    // The same answer, metadata-only steps included (kept from the config).
    expect(again.summary).toEqual(first.summary);
    expect(await changes()).toEqual(before);
  });

  it('previews a text file from the layer that wrote it, and says a binary is binary', async () => {
    await index('layers/wasteful:1');
    const text = await rpc.call('layers.preview', { ref: 'layers/wasteful:1', layer: 1, view: 'changes', path: 'srv/conf.d/keep.conf' });
    expect(text).toEqual({ kind: 'text', text: 'keep\n', size: 5, truncated: false });
    const big = await rpc.call('layers.preview', { ref: 'layers/wasteful:1', layer: 2, view: 'image', path: 'big.bin' });
    expect(big).toEqual({ kind: 'binary', size: 5 * 1024 * 1024 });
    await expect(rpc.call('layers.preview', { ref: 'layers/wasteful:1', layer: 3, view: 'changes', path: 'big.bin' })).rejects.toThrow(
      '/big.bin is removed by this layer: open the layer that wrote it (L2) to see it.',
    );
    await expect(rpc.call('layers.preview', { ref: 'layers/wasteful:1', layer: 1, view: 'image', path: 'srv' })).rejects.toThrow('is a directory, not a file');
  });

  it('extracts a directory as the image has it at a layer into a host folder, and refuses to overwrite', async () => {
    const dir = mkdtempSync('/tmp/berth-extract-');
    try {
      const run = (path: string, layer: number) =>
        new Promise<string>((resolve, reject) =>
          rpc.stream(
            'layers.extract',
            { ref: 'layers/wasteful:1', layer, path, folder: dir },
            {
              next: (e) => e.done && resolve(e.message),
              end: (err) => err && reject(err),
            },
          ),
        );
      // As of layer 3 the folder holds the two first files; as of layer 4 only the new one.
      expect(await run('srv/conf.d', 3)).toBe(`Saved /srv/conf.d to ${dir}/conf.d: 2 files, 9 bytes.`);
      expect(readdirSync(join(dir, 'conf.d')).sort()).toEqual(['keep.conf', 'old.conf']);
      expect(readFileSync(join(dir, 'conf.d', 'keep.conf'), 'utf8')).toBe('keep\n');
      await expect(run('srv/conf.d', 4)).rejects.toThrow(`${dir}/conf.d already exists`);
      rmSync(join(dir, 'conf.d'), { recursive: true });
      await run('srv/conf.d', 4);
      expect(readdirSync(join(dir, 'conf.d'))).toEqual(['new.conf']);
      // A symlink comes out as a symlink; nothing is left beside what was asked for.
      await run('bin', 0);
      expect(readdirSync(dir).sort()).toEqual(['bin', 'conf.d']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops reading when the only viewer cancels, keeps nothing half-read, and reads it whole next time', async () => {
    await buildFromDockerfile(dockerHost, 'layers/big:1', `FROM ${BUSYBOX_IMAGE}\nRUN dd if=/dev/urandom of=/blob bs=1M count=300\n`);
    let progressSeen = 0;
    let finished = false;
    const sub = rpc.stream(
      'layers.index',
      { ref: 'layers/big:1' },
      {
        next: (e) => {
          if (e.t === 'progress' && e.bytes > 0) progressSeen++;
          if (e.t === 'ready') finished = true;
        },
      },
    );
    await eventually(() => progressSeen > 0 || undefined, 30_000);
    sub.cancel();
    expect(finished).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    // Nothing of it was kept: the next viewer sees it read from the start.
    const again = await index('layers/big:1');
    expect(again.cached).toBe(false);
    const first = again.events.find((e) => e.t === 'progress');
    expect(first).toMatchObject({ t: 'progress', bytes: 0 });
    expect(again.summary.layers[1]).toMatchObject({ added: 1, bytes: 300 * 1024 * 1024 });
  });
});
