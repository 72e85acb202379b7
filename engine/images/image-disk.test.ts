import { describe, expect, it } from 'vitest';
import { chainIds, diskSummary, EMPTY_LAYER_DIFF_ID, layerSizes, type ImageLayers } from './image-disk.js';

const d = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

describe('layer chains', () => {
  it('names the first layer by its diff id and the next ones by their whole chain', () => {
    const [a, b] = chainIds([d(1), d(2)]);
    expect(a).toBe(d(1));
    expect(b).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The same diff on another base is another layer on disk.
    expect(chainIds([d(3), d(2)])[1]).not.toBe(b);
    expect(chainIds([d(1), d(2)])[1]).toBe(b);
  });
});

describe('layer sizes from history', () => {
  it('matches non-empty steps to layers in order, skipping metadata steps (history is newest first)', () => {
    // Recorded shape: `docker commit` of an unchanged container adds a 0-size step and no layer.
    expect(layerSizes([d(1), d(2)], [{ Size: 0 }, { Size: 50 }, { Size: 0 }, { Size: 100 }])).toEqual({ sizes: [100, 50], exact: true });
  });
  it('gives the empty-tar layer 0 bytes without shifting the others', () => {
    expect(layerSizes([d(1), EMPTY_LAYER_DIFF_ID, d(3)], [{ Size: 30 }, { Size: 0 }, { Size: 100 }])).toEqual({ sizes: [100, 0, 30], exact: true });
  });
  it('says when it cannot match steps to layers', () => {
    expect(layerSizes([d(1), d(2)], [{ Size: 100 }]).exact).toBe(false);
  });
});

describe('disk summary', () => {
  const img = (id: string, diffs: number[], sizes: number[], inUse: boolean, dangling = false): ImageLayers => ({
    id,
    chains: chainIds(diffs.map(d)),
    sizes,
    exact: true,
    inUse,
    dangling,
  });

  it('counts a shared layer once and never as reclaimable while a used image holds it', () => {
    const s = diskSummary([img('base', [1], [100], true), img('app', [1, 2], [100, 40], false), img('old', [1, 3], [100, 7], false, true)]);
    expect(s.total).toBe(147);
    // docker system df would call the shared 100 bytes reclaimable too.
    expect(s.reclaimableUnused).toBe(47);
    expect(s.reclaimableDangling).toBe(7);
    expect(s).toMatchObject({ images: 3, unusedImages: 2, danglingImages: 1, exact: true });
  });

  it('frees a layer shared only by unused images, and keeps a dangling image’s layer a tagged one shares', () => {
    const s = diskSummary([img('a', [1, 2], [100, 10], false), img('b', [1, 4], [100, 20], false), img('c', [1, 4, 5], [100, 20, 5], false, true)]);
    expect(s.reclaimableUnused).toBe(135);
    expect(s.reclaimableDangling).toBe(5);
  });

  it('counts the bytes of Berth’s hidden helper image but not the image itself', () => {
    const s = diskSummary([img('shown', [1], [10], false), { ...img('helper', [2], [5], false), hidden: true }]);
    expect(s).toMatchObject({ total: 15, reclaimableUnused: 15, images: 1, unusedImages: 1 });
  });

  it('never counts a used dangling image as prunable', () => {
    const s = diskSummary([img('x', [9], [64], true, true)]);
    expect(s).toMatchObject({ total: 64, reclaimableDangling: 0, reclaimableUnused: 0, danglingImages: 0 });
  });
});
