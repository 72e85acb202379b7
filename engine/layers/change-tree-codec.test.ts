/**
 * Every layer's change tree made in one pass (`changeTrees`) and kept on disk (`encodeChangeTree`/`decodeChangeTree`)
 * against the tree `changeTree` makes for that layer alone, on seeded random images read from real archive bytes.
 */
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { CHANGE_TREE_VERSION, decodeChangeTree, encodeChangeTree } from './change-tree-codec.js';
import { changeTree, changeTrees } from './image-tree.js';
import { generateImage, mulberry32, saveArchive } from './random-image.js';
import { indexSaveStream } from './save-index.js';

const RUNS = 150;
const SEED = Math.floor(Math.random() * 2 ** 31);

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

async function layersOf(seed: number) {
  const img = generateImage(seed, { dockerSafe: seed % 4 === 0 });
  const r = mulberry32(seed ^ 0x5a5a);
  const { archive } = await saveArchive(img, { oci: r() < 0.3 });
  return (await indexSaveStream(once(archive), () => undefined)).layers.map((l) => l.changes);
}

describe('change trees kept on disk', () => {
  it(`are, read back, the change tree of each layer, on ${RUNS} random images (seeds from ${SEED})`, async () => {
    let nodes = 0;
    for (let k = 0; k < RUNS; k++) {
      const seed = (SEED + k) >>> 0;
      const layers = await layersOf(seed);
      const kept = [...changeTrees(layers)].map(([i, tree]) => [i, encodeChangeTree(tree)] as const);
      expect(
        kept.map(([i]) => i),
        `seed ${seed}`,
      ).toEqual(layers.map((_, i) => i));
      for (const [i, bytes] of kept) {
        const expected = changeTree(layers, i);
        nodes += expected.files ?? 0;
        expect(decodeChangeTree(bytes), `seed ${seed}, layer ${i}`).toEqual(expected);
      }
    }
    expect(nodes).toBeGreaterThan(RUNS);
  }, 120_000);

  it('reads anything else as nothing: another version, cut short, damaged, not gzip', async () => {
    const layers = await layersOf(7);
    const bytes = encodeChangeTree(changeTree(layers, layers.length - 1));
    expect(decodeChangeTree(bytes)).toBeDefined();
    expect(decodeChangeTree(bytes.subarray(0, bytes.length - 9))).toBeUndefined();
    const damaged = Buffer.from(bytes);
    damaged[damaged.length >> 1] ^= 0xff;
    expect(decodeChangeTree(damaged)).toBeUndefined();
    expect(decodeChangeTree(Buffer.from('not gzip'))).toBeUndefined();
    expect(decodeChangeTree(gzipSync(JSON.stringify({ v: CHANGE_TREE_VERSION + 1, rows: [] })))).toBeUndefined();
    // A row whose parent directory came later (or never): not a tree this codec wrote.
    expect(
      decodeChangeTree(gzipSync(JSON.stringify({ v: CHANGE_TREE_VERSION, rows: [['a/b', 'file', 1, 420, 0, 0, 0, 0, 'added', null, null, null, null]] }))),
    ).toBeUndefined();
  });
});
