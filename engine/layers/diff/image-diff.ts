/**
 * Two images compared file by file, as plain logic: each image's layers
 * stacked into its final tree (whiteouts and opaque directories applied),
 * then both trees walked together in path order. A path is added, removed,
 * or changed in kind, size, mode, owner, link target or content (the hash of
 * the bytes its layer stores; timestamps play no part). Directories say what
 * differs below them, and each difference is put down to the layer of each
 * image that wrote the path.
 */
import { stack, type TreeNode } from '../image-tree.js';
import { displayPath, type LayerChanges } from '../layer-changes.js';
import type { DiffAspect, DiffEntry, DiffLayer, DiffSide, DiffTotals, DirSummary, ImageDiff } from './contract.js';

/** One image, as the layer index has it. */
export interface DiffInput {
  readonly ref: string;
  readonly id: string;
  readonly diffIds: readonly string[];
  readonly layers: readonly LayerChanges[];
  readonly instructions: readonly string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const fileBytes = (n: TreeNode | undefined) => (n?.kind === 'file' ? n.size : 0);

function sideOf(n: TreeNode): DiffSide {
  return {
    kind: n.kind,
    size: n.kind === 'dir' ? (n.total ?? 0) : n.size,
    mode: n.mode,
    uid: n.uid,
    gid: n.gid,
    ...(n.link !== undefined ? { link: displayPath(n.link) } : {}),
    layer: n.layer,
  };
}

/** Pure: what differs about a path both trees hold (nothing when it is the same). */
export function aspectsOf(a: TreeNode, b: TreeNode): DiffAspect[] {
  const out: DiffAspect[] = [];
  if (a.kind !== b.kind) out.push('kind');
  else if (a.kind === 'file' || a.kind === 'hardlink') {
    if (a.size !== b.size) out.push('size');
    if (a.size !== b.size || a.hash !== b.hash) out.push('content');
  }
  if ((a.mode & 0o7777) !== (b.mode & 0o7777)) out.push('mode');
  if (a.uid !== b.uid || a.gid !== b.gid) out.push('owner');
  if (a.kind === b.kind && (a.link ?? '') !== (b.link ?? '')) out.push('link');
  return out;
}

const emptySummary = (): Mutable<DirSummary> => ({ added: 0, removed: 0, changed: 0, bytesAdded: 0, bytesRemoved: 0 });

function addInto(into: Mutable<DirSummary>, from: DirSummary): void {
  into.added += from.added;
  into.removed += from.removed;
  into.changed += from.changed;
  into.bytesAdded += from.bytesAdded;
  into.bytesRemoved += from.bytesRemoved;
}

const isEmpty = (s: DirSummary) => !s.added && !s.removed && !s.changed;

interface Blame {
  paths: number;
  bytes: number;
}

/** Pure: the file-level differences of two final trees, with what each layer of each image wrote of them. */
export function diffTrees(ta: TreeNode, tb: TreeNode): { entries: DiffEntry[]; totals: DirSummary; blameA: Map<number, Blame>; blameB: Map<number, Blame> } {
  // Directory entries are placed before their children, and dropped (null) when nothing below them differs.
  const entries: Array<DiffEntry | null> = [];
  const blameA = new Map<number, Blame>();
  const blameB = new Map<number, Blame>();
  const blame = (map: Map<number, Blame>, layer: number, bytes: number) => {
    const b = map.get(layer);
    if (b) {
      b.paths++;
      b.bytes += bytes;
    } else map.set(layer, { paths: 1, bytes });
  };

  const children = (na: TreeNode | undefined, nb: TreeNode | undefined, path: string, into: Mutable<DirSummary>) => {
    const ca = na?.kind === 'dir' ? na.children : undefined;
    const cb = nb?.kind === 'dir' ? nb.children : undefined;
    const names = new Set<string>([...(ca?.keys() ?? []), ...(cb?.keys() ?? [])]);
    for (const name of [...names].sort()) addInto(into, visit(path ? `${path}/${name}` : name, ca?.get(name), cb?.get(name)));
  };

  const visit = (path: string, na: TreeNode | undefined, nb: TreeNode | undefined): DirSummary => {
    const here = emptySummary();
    const below = emptySummary();
    const at = entries.length;
    entries.push(null);
    let entry: Mutable<DiffEntry> | undefined;
    if (na && !nb) {
      here.removed = 1;
      here.bytesRemoved = fileBytes(na);
      blame(blameA, na.layer, fileBytes(na));
      entry = { path, display: displayPath(path), status: 'removed', a: sideOf(na) };
    } else if (nb && !na) {
      here.added = 1;
      here.bytesAdded = fileBytes(nb);
      blame(blameB, nb.layer, fileBytes(nb));
      entry = { path, display: displayPath(path), status: 'added', b: sideOf(nb) };
    } else if (na && nb) {
      const aspects = aspectsOf(na, nb);
      if (aspects.length) {
        const content = aspects.includes('content') || aspects.includes('kind');
        here.changed = 1;
        here.bytesRemoved = content ? fileBytes(na) : 0;
        here.bytesAdded = content ? fileBytes(nb) : 0;
        blame(blameA, na.layer, here.bytesRemoved);
        blame(blameB, nb.layer, here.bytesAdded);
        entry = { path, display: displayPath(path), status: 'changed', a: sideOf(na), b: sideOf(nb), aspects };
      }
    }
    children(na, nb, path, below);
    const isDir = na?.kind === 'dir' || nb?.kind === 'dir';
    if (!entry && isDir && !isEmpty(below) && na && nb) entry = { path, display: displayPath(path), status: 'unchanged', a: sideOf(na), b: sideOf(nb) };
    if (entry) {
      if (isDir) entry.below = { ...below };
      entries[at] = entry;
    }
    addInto(here, below);
    return here;
  };

  const totals = emptySummary();
  children(ta, tb, '', totals);
  return { entries: entries.filter((e): e is DiffEntry => e !== null), totals, blameA, blameB };
}

/** Pure: how many layers, from the bottom, two images share. */
export function sharedBase(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Pure: two images compared file by file, at most `limit` entries listed. */
export function diffImages(a: DiffInput, b: DiffInput, limit = Infinity): ImageDiff {
  const ta = stack(a.layers);
  const tb = stack(b.layers);
  const d = diffTrees(ta, tb);
  const layersOf = (img: DiffInput, other: DiffInput, blame: Map<number, Blame>): DiffLayer[] => {
    const others = new Set(other.diffIds);
    return img.diffIds.map((diffId, i) => ({
      index: i,
      diffId,
      instruction: img.instructions[i] ?? '',
      shared: others.has(diffId),
      paths: blame.get(i)?.paths ?? 0,
      bytes: blame.get(i)?.bytes ?? 0,
    }));
  };
  const base = sharedBase(a.diffIds, b.diffIds);
  const totals: DiffTotals = { ...d.totals, sizeA: ta.total ?? 0, sizeB: tb.total ?? 0 };
  return {
    a: { ref: a.ref, id: a.id, layers: layersOf(a, b, d.blameA) },
    b: { ref: b.ref, id: b.id, layers: layersOf(b, a, d.blameB) },
    sharedBase: base,
    sharedBytes: a.layers.slice(0, base).reduce((s, l) => s + l.bytes, 0),
    totals,
    entries: d.entries.length > limit ? d.entries.slice(0, limit) : d.entries,
    more: Math.max(0, d.entries.length - limit),
  };
}
