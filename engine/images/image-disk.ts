/**
 * Where image disk space goes, counted by layer the way the engine stores it: a layer is shared when two images have the same chain of
 * layers up to it, and it is freed only when no image left holds it. So "reclaimable" is what removing the unused images really frees —
 * unlike `docker system df`, which counts layers that used images share with unused ones as reclaimable.
 */
import { createHash } from 'node:crypto';
import type { ImageDiskSummary } from '../contract/index.js';

/** The diff id of an empty tar: a layer that changed nothing (e.g. `RUN true` with the classic builder); it holds no bytes. */
export const EMPTY_LAYER_DIFF_ID = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';

/** The engine's chain ids for a list of diff ids (chain(n) = sha256(chain(n-1) + " " + diff(n))), which name layers on disk. */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const diff of diffIds) {
    const prev = out.at(-1);
    out.push(prev === undefined ? diff : `sha256:${createHash('sha256').update(`${prev} ${diff}`).digest('hex')}`);
  }
  return out;
}

export interface LayerSizes {
  readonly sizes: readonly number[];
  /** False when the history could not be matched to the layers one to one; sizes are then spread as best known. */
  readonly exact: boolean;
}

/**
 * Pure: the size of each layer, from the image history (oldest last, as the engine returns it). The engine gives each step that made a layer
 * the size of that layer, and 0 to metadata-only steps; an empty tar layer also has size 0, so non-zero steps are matched, in order, to the
 * layers that are not the empty tar.
 */
export function layerSizes(diffIds: readonly string[], history: ReadonlyArray<{ readonly Size: number }>): LayerSizes {
  const stepSizes = history
    .map((h) => h.Size)
    .filter((s) => s > 0)
    .reverse();
  const sizes = diffIds.map(() => 0);
  const real = diffIds.flatMap((d, i) => (d === EMPTY_LAYER_DIFF_ID ? [] : [i]));
  stepSizes.forEach((s, k) => {
    const at = real[Math.min(k, real.length - 1)];
    if (at !== undefined) sizes[at]! += s;
  });
  return { sizes, exact: stepSizes.length === real.length };
}

export interface ImageLayers {
  readonly id: string;
  readonly chains: readonly string[];
  readonly sizes: readonly number[];
  readonly exact: boolean;
  readonly inUse: boolean;
  readonly dangling: boolean;
  /** Berth's own helper image: its bytes count (a prune removes it), but it is not listed, so not counted as an image. */
  readonly hidden?: boolean;
}

/** Pure: total bytes of all layers, and the bytes freed by removing the dangling images, or every image no container uses. */
export function diskSummary(images: readonly ImageLayers[]): ImageDiskSummary {
  const size = new Map<string, number>();
  const holders = new Map<string, { used: boolean; kept: boolean }>();
  for (const img of images) {
    img.chains.forEach((chain, i) => {
      size.set(chain, img.sizes[i] ?? 0);
      const h = holders.get(chain) ?? { used: false, kept: false };
      holders.set(chain, { used: h.used || img.inUse, kept: h.kept || img.inUse || !img.dangling });
    });
  }
  let total = 0;
  let unused = 0;
  let dangling = 0;
  for (const [chain, h] of holders) {
    const s = size.get(chain) ?? 0;
    total += s;
    if (!h.used) unused += s;
    if (!h.kept) dangling += s;
  }
  const listed = images.filter((i) => !i.hidden);
  return {
    total,
    reclaimableUnused: unused,
    reclaimableDangling: dangling,
    images: listed.length,
    unusedImages: listed.filter((i) => !i.inUse).length,
    danglingImages: listed.filter((i) => i.dangling && !i.inUse).length,
    exact: images.every((i) => i.exact),
  };
}
