/** Two images compared file by file: the image-diff part of the layer browser's contract. */
import { z } from 'zod';
import { call, type MethodDef } from '../../contract/types.js';
import { formatBytes } from '../../contract/format.js';
import type { LayerTreeEntry } from '../contract.js';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** What differs about a path present in both images. */
export type DiffAspect = 'kind' | 'size' | 'mode' | 'owner' | 'link' | 'content';

/** A path as one image has it. */
export interface DiffSide {
  readonly kind: LayerTreeEntry['kind'];
  /** A file's bytes (a hard link's: its target's); a directory's: the bytes of the files below. */
  readonly size: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly link?: string;
  /** The layer of this image that wrote it last. */
  readonly layer: number;
}

/** What differs below a directory. */
export interface DirSummary {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly bytesAdded: number;
  readonly bytesRemoved: number;
}

/**
 * One path that differs, or a directory holding paths that differ
 * (`unchanged` itself, with `below`). Parents come before their children.
 */
export interface DiffEntry {
  /** The path as stored (bytes as latin1), to ask for it again. */
  readonly path: string;
  /** The path for people. */
  readonly display: string;
  readonly status: DiffStatus;
  /** The path in image a (absent when added). */
  readonly a?: DiffSide;
  /** The path in image b (absent when removed). */
  readonly b?: DiffSide;
  /** For a changed path: what changed. */
  readonly aspects?: readonly DiffAspect[];
  /** For a directory: what differs below it. */
  readonly below?: DirSummary;
}

/** One layer of one image, and what the comparison owes to it. */
export interface DiffLayer {
  readonly index: number;
  readonly diffId: string;
  readonly instruction: string;
  /** The other image has a layer with the same diff id. */
  readonly shared: boolean;
  /** Paths this layer wrote that differ from the other image (image a: removed or changed; image b: added or changed). */
  readonly paths: number;
  /** Bytes of those paths' content (a: what b no longer has; b: what is new in b). */
  readonly bytes: number;
}

export interface DiffTotals {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  /** Bytes of file content b has that a does not: added files, and the new content of files whose content changed. */
  readonly bytesAdded: number;
  /** Bytes of file content a has that b does not: removed files, and the old content of files whose content changed. */
  readonly bytesRemoved: number;
  /** Bytes of the files of each final image. */
  readonly sizeA: number;
  readonly sizeB: number;
}

export interface ImageDiff {
  readonly a: { readonly ref: string; readonly id: string; readonly layers: readonly DiffLayer[] };
  readonly b: { readonly ref: string; readonly id: string; readonly layers: readonly DiffLayer[] };
  /** How many layers, from the bottom, the images share (stacked in the same order). */
  readonly sharedBase: number;
  /** Bytes those shared layers store. */
  readonly sharedBytes: number;
  readonly totals: DiffTotals;
  /** The differing paths in path order, parents first (at most `limit`). */
  readonly entries: readonly DiffEntry[];
  /** Entries left out past the limit. */
  readonly more: number;
}

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(3, '0');

/** Pure: what changed about a path, in words: "4 B → 6 B, mode 644 → 755". */
export function describeChange(e: DiffEntry): string {
  const a = e.a!;
  const b = e.b!;
  const out: string[] = [];
  for (const aspect of e.aspects ?? []) {
    if (aspect === 'kind') out.push(`${a.kind} → ${b.kind}`);
    else if (aspect === 'size') out.push(`${formatBytes(a.size)} → ${formatBytes(b.size)}`);
    else if (aspect === 'content' && !e.aspects!.includes('size')) out.push(`content (${formatBytes(b.size)})`);
    else if (aspect === 'mode') out.push(`mode ${octal(a.mode)} → ${octal(b.mode)}`);
    else if (aspect === 'owner') out.push(`owner ${a.uid}:${a.gid} → ${b.uid}:${b.gid}`);
    else if (aspect === 'link') out.push(`link ${a.link ?? ''} → ${b.link ?? ''}`);
  }
  return out.join(', ');
}

const ref = z.string().min(1).max(512);
export const imageDiffSchema = z
  .object({
    a: ref,
    b: ref,
    /** Most entries to send back; the totals always count everything. */
    limit: z.number().int().min(0).max(5_000_000).default(50_000),
  })
  .strict();

export const imageDiffContract = {
  /** Two local images file by file (their layers indexed first when they are not): added, removed and changed paths, with totals and the layers responsible. */
  'layers.diff': call<ImageDiff>()(imageDiffSchema),
} as const satisfies Record<string, MethodDef>;
