/**
 * The image a build's tag held before the build: a tag moves to the new image
 * when the build ends, so what it named is read when the build starts and kept
 * in the build's record. The history offers to compare the two images.
 */
import type { BuildRecord } from './records.js';

/** The image a tag named before a build, and whether the engine still has it. */
export interface PreviousImage {
  readonly tag: string;
  readonly imageId: string;
  /** The engine no longer has it (known only when the engine answered). */
  readonly gone?: boolean;
}

/** What the history says about a finished build's image and the one its tag named before. */
export interface BuildImages {
  /** The image the build made. */
  readonly imageId?: string;
  /** The engine no longer has the image the build made (known only when the engine answered). */
  readonly imageGone?: boolean;
  /** The first of its tags that named another image before the build. */
  readonly previous?: PreviousImage;
}

/**
 * Pure: a record's image and the image its first moved tag named before it,
 * each marked gone when `present` (the engine's image ids) lacks it.
 */
export function buildImages(r: Pick<BuildRecord, 'result' | 'previousImages' | 'settings'>, present?: ReadonlySet<string>): BuildImages {
  if (r.result.kind !== 'done') return {};
  const imageId = r.result.imageId;
  const gone = (id: string) => (present ? { ...(present.has(id) ? {} : { gone: true }) } : {});
  const out: BuildImages = { imageId, ...(present && !present.has(imageId) ? { imageGone: true } : {}) };
  for (const tag of r.settings.tags) {
    const before = r.previousImages?.[tag];
    if (before && before !== imageId) return { ...out, previous: { tag, imageId: before, ...gone(before) } };
  }
  return out;
}
