/**
 * Generated images (engine/layers/random-image.ts, only what dockerd itself
 * writes) loaded into a real engine with `docker load`, then indexed through
 * Berth's `layers.index` from the engine's own `docker save` of them: the
 * engine takes the tars as images, and Berth's per-layer changes, stacked
 * image, change trees and waste agree with the OCI reference's reading.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayerIndexEvent, LayerSummary, LayerTreeEntry } from '../contract/index.js';
import { referenceRead, type RefLayerResult } from '../layers/oci-reference.js';
import { describeImage, generateImage, saveArchive } from '../layers/random-image.js';
import type { RpcClient } from '../rpc/client.js';
import { docker, removeHomes, startTestEngine, tempHome } from './harness.js';

// Images with opaque directories filled again, hard links, type changes, deletions and implicit parents; each of
// them disagreed with the reference before the layer browser's fixes. BERTH_LAYERS_SEED adds one of your choice.
const SEEDS = [33, 36, 97, 109, 122, ...(process.env.BERTH_LAYERS_SEED ? [Number(process.env.BERTH_LAYERS_SEED)] : [])];

const home = tempHome('layref');
const dir = mkdtempSync('/tmp/berth-layref-');
let dockerHost = '';
let rpc: RpcClient;

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
}, 120_000);
afterAll(async () => {
  rpc?.close();
  await removeHomes();
  rmSync(dir, { recursive: true, force: true });
});

function index(ref: string): Promise<LayerSummary> {
  return new Promise((resolve, reject) => {
    rpc.stream(
      'layers.index',
      { ref },
      {
        next: (e: LayerIndexEvent) => e.t === 'ready' && resolve(e.summary),
        end: (err) => err && reject(err),
      },
    );
  });
}

/** Every entry of one view of one layer, through `layers.tree`, directory by directory. */
async function treeOf(ref: string, layer: number, view: 'changes' | 'image'): Promise<LayerTreeEntry[]> {
  const out: LayerTreeEntry[] = [];
  const visit = async (path: string): Promise<void> => {
    for (const e of await rpc.call('layers.tree', { ref, layer, view, path })) {
      out.push(e);
      if (e.kind === 'dir' && e.hasChildren) await visit(e.path);
    }
  };
  await visit('');
  return out;
}

const describeEntry = (kind: string, size: number, mode: number, uid: number, gid: number, link?: string) =>
  `${kind}${kind === 'file' || kind === 'hardlink' ? ` ${size}` : ''} ${mode.toString(8)} ${uid}:${gid}${link !== undefined ? ` -> ${link}` : ''}`;

/** The paths of a layer's changes by status, as the reference has them (a removed path under a path that is now no directory is not in a tree). */
function refStatuses(r: RefLayerResult): Record<string, string[]> {
  const placeable = (p: string) =>
    p
      .split('/')
      .slice(0, -1)
      .every((_, k, parts) => (r.image.get(parts.slice(0, k + 1).join('/'))?.kind ?? 'dir') === 'dir');
  return { added: [...r.added].sort(), modified: [...r.modified].sort(), removed: [...r.removed].filter(placeable).sort() };
}

describe('generated images in a real engine, against the OCI reference', () => {
  it.each(SEEDS)('image %i: dockerd loads it, and Berth reads its re-export as the reference does', async (seed) => {
    const img = generateImage(seed, { dockerSafe: true });
    const tag = `berth-gen/seed-${seed}:1`;
    const { archive, diffIds } = await saveArchive(img, { tag });
    const file = join(dir, `${seed}.tar`);
    writeFileSync(file, archive);
    expect(await docker(dockerHost, ['load', '-i', file])).toContain(`Loaded image: ${tag}`);
    const ref = referenceRead(img.layers);
    const script = `\nimage seed ${seed}:\n${describeImage(img)}`;

    const summary = await index(tag);
    expect(
      summary.layers.map((l) => l.diffId),
      script,
    ).toEqual(diffIds);
    expect(summary.steps.filter((s) => s.layer !== undefined)).toHaveLength(img.layers.length);
    expect(
      summary.layers.map((l) => ({ added: l.added, modified: l.modified, removed: l.removed, bytes: l.bytes })),
      script,
    ).toEqual(ref.layers.map((r) => ({ added: r.added.size, modified: r.modified.size, removed: r.removed.size, bytes: r.bytes })));
    expect({ total: summary.total, wasted: summary.wasted }, script).toEqual({ total: ref.total, wasted: ref.wasted });
    expect(Object.fromEntries(summary.waste.map((w) => [w.path, w.wasted])), script).toEqual(Object.fromEntries(ref.wasteByPath));

    const last = img.layers.length - 1;
    const image = await treeOf(tag, last, 'image');
    expect(Object.fromEntries(image.map((e) => [e.path, describeEntry(e.kind, e.size, e.mode, e.uid, e.gid, e.link)])), script).toEqual(
      Object.fromEntries([...ref.layers[last]!.image].map(([p, n]) => [p, describeEntry(n.kind, n.size, n.mode, n.uid, n.gid, n.link)])),
    );
    for (let i = 0; i <= last; i++) {
      const changes = await treeOf(tag, i, 'changes');
      const byStatus = (s: string) =>
        changes
          .filter((e) => e.status === s)
          .map((e) => e.path)
          .sort();
      expect({ added: byStatus('added'), modified: byStatus('modified'), removed: byStatus('removed') }, `layer ${i}${script}`).toEqual(
        refStatuses(ref.layers[i]!),
      );
    }
  });
});
