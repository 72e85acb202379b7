/**
 * Layers stacked into the image's filesystem, as plain logic: each layer's
 * changes applied in order (opaque directories first, then whiteouts, then
 * its entries), each change classed as added, modified or removed against
 * the layers below, and the waste of the image counted: for every path, the
 * bytes of all its copies in all layers minus the copies the image still
 * reads (its own last copy, and any a hard link still points to).
 */
import type { EntryKind, LayerChanges } from './layer-changes.js';

export type ChangeStatus = 'added' | 'modified' | 'removed' | 'unchanged';

export interface TreeNode {
  readonly name: string;
  kind: EntryKind;
  /** Bytes stored for this path (files); for a directory see `total`. */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  link?: string;
  /** A file's content hash (a hard link's: its target's), absent for an empty file. */
  hash?: string;
  /** The layer that last wrote this path. */
  layer: number;
  /** A hard link: the stored copy of file data it reads (a path as some layer wrote it). */
  data?: { readonly layer: number; readonly path: string };
  status?: ChangeStatus;
  children?: Map<string, TreeNode>;
  /** Bytes of the files below (directories), filled by `sumSizes`. */
  total?: number;
  /** Files below (directories), filled by `sumSizes`. */
  files?: number;
}

export interface LayerStats {
  readonly added: number;
  readonly modified: number;
  readonly removed: number;
  /** Bytes of file data this layer stores. */
  readonly bytes: number;
}

export interface WasteCopy {
  readonly layer: number;
  readonly size: number;
}

export interface WasteItem {
  readonly path: string;
  /** Every copy of the path's data, in layer order. */
  readonly copies: readonly WasteCopy[];
  /** Bytes of its copies the image still reads (its last copy when it is still there, and copies hard links point to). */
  readonly kept: number;
  readonly wasted: number;
  /** The layer that deleted it, when the final image no longer has it. */
  readonly removedIn?: number;
}

export interface Analysis {
  readonly layers: readonly LayerStats[];
  /** Sum of the file bytes of every layer. */
  readonly total: number;
  readonly wasted: number;
  /** Share of the layers' bytes the image really uses, 0–1. */
  readonly efficiency: number;
  /** Paths with wasted bytes, most wasted first. */
  readonly waste: readonly WasteItem[];
  /** The image as of its last layer. */
  readonly tree: TreeNode;
}

export const newRoot = (): TreeNode => ({ name: '', kind: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: 0, layer: -1, children: new Map() });

const parts = (path: string) => (path === '' ? [] : path.split('/'));

/** The node at a path, or undefined. */
export function lookup(root: TreeNode, path: string): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  for (const p of parts(path)) {
    node = node.children?.get(p);
    if (!node) return undefined;
  }
  return node;
}

/**
 * The directory at a path, made (as an implicit directory of this layer)
 * where missing or where a file or link is in the way; `made` hears each
 * directory made, with what it replaced.
 */
function dirAt(root: TreeNode, path: string, layer: number, made?: (path: string, node: TreeNode, replaced: TreeNode | undefined) => void): TreeNode {
  let node = root;
  const names = parts(path);
  names.forEach((p, i) => {
    let next = node.children?.get(p);
    if (!next || next.kind !== 'dir') {
      const old = next;
      next = { name: p, kind: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: 0, layer, children: new Map() };
      (node.children ??= new Map()).set(p, next);
      made?.(names.slice(0, i + 1).join('/'), next, old);
    }
    node = next;
  });
  return node;
}

/** Every path at and below a node, with its node, parents before children. */
export function* walk(node: TreeNode, path: string): Generator<[string, TreeNode]> {
  yield [path, node];
  if (node.children) for (const [name, child] of node.children) yield* walk(child, path ? `${path}/${name}` : name);
}

const split = (path: string): [string, string] => {
  const i = path.lastIndexOf('/');
  return i < 0 ? ['', path] : [path.slice(0, i), path.slice(i + 1)];
};

/** What applying one layer did, path by path (used for the stats, the change tree and the waste). */
interface Applied {
  readonly stats: LayerStats;
  /** Paths this layer took away (each with everything below it), with what they were. */
  readonly removed: Array<[string, TreeNode]>;
  /** Paths this layer wrote (its entries, and directories it made for them), with their status against the layers below. */
  readonly written: Array<[string, ChangeStatus]>;
}

type Meta = Pick<TreeNode, 'kind' | 'mode' | 'uid' | 'gid'>;

/** Pure: a path's status, from what it was below this layer and what it is now. */
function statusOf(before: Meta | undefined, now: Meta): ChangeStatus {
  if (!before) return 'added';
  if (before.kind === 'dir' && now.kind === 'dir')
    return before.mode !== now.mode || before.uid !== now.uid || before.gid !== now.gid ? 'modified' : 'unchanged';
  return 'modified';
}

/**
 * Apply one layer's changes to the tree in place. Each written path's status
 * compares it with what was there below this layer, which an opaque
 * directory or a whiteout of this layer may have taken out of the tree
 * first; what was there and is gone afterwards is removed, wherever it was:
 * below an opaque directory, a whiteout, or a directory replaced by a file.
 */
function applyLayer(root: TreeNode, layer: LayerChanges, index: number): Applied {
  // Subtrees taken out of the tree, by path: some of their paths may be written again below.
  const gone = new Map<string, TreeNode>();
  for (const dir of layer.opaque) {
    const node = lookup(root, dir);
    if (node?.kind === 'dir' && node.children) {
      for (const [name, child] of node.children) gone.set(dir ? `${dir}/${name}` : name, child);
      node.children = new Map();
    }
  }
  for (const path of layer.whiteouts) {
    const [dir, name] = split(path);
    const parent = lookup(root, dir);
    const node = parent?.children?.get(name);
    if (node) {
      gone.set(path, node);
      parent!.children!.delete(name);
    }
  }
  /** What was at a path below this layer, when it is no longer in the tree. */
  const hidden = (path: string): TreeNode | undefined => {
    if (!gone.size) return undefined;
    const names = parts(path);
    for (let i = 1; i <= names.length; i++) {
      let node = gone.get(names.slice(0, i).join('/'));
      if (!node) continue;
      for (const n of names.slice(i)) node = node?.children?.get(n);
      return node;
    }
    return undefined;
  };
  // Each path written (entries, and directories made for them): what it was below this layer, and its node now.
  // Nodes out of the tree no longer change, so only a directory written over keeps a copy of what it was. A path
  // written twice in one layer (its node already of this layer) keeps what it was before the first time.
  const written: Array<{ path: string; before: Meta | undefined; node: TreeNode }> = [];
  let byPath: Map<string, (typeof written)[number]> | undefined;
  const wrote = (path: string, before: Meta | undefined, node: TreeNode, again: boolean) => {
    if (again) {
      byPath ??= new Map(written.map((w) => [w.path, w]));
      const was = byPath.get(path);
      if (was) return void (was.node = node);
    }
    const w = { path, before, node };
    written.push(w);
    byPath?.set(path, w);
  };
  const made = (path: string, node: TreeNode, replaced: TreeNode | undefined) => {
    if (replaced) gone.set(path, replaced);
    wrote(path, replaced ?? hidden(path), node, replaced?.layer === index);
  };
  for (const e of layer.entries) {
    const [dir, name] = split(e.path);
    const parent = dirAt(root, dir, index, made);
    const existing = parent.children?.get(name);
    const before = existing ?? hidden(e.path);
    const again = existing?.layer === index;
    if (e.kind === 'dir' && existing?.kind === 'dir') {
      const snapshot: Meta = { kind: 'dir', mode: existing.mode, uid: existing.uid, gid: existing.gid };
      wrote(e.path, snapshot, existing, again);
      if (statusOf(again ? byPath!.get(e.path)!.before : snapshot, e) !== 'unchanged') existing.layer = index;
      Object.assign(existing, { mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime });
      continue;
    }
    if (existing) gone.set(e.path, existing);
    const target = e.kind === 'hardlink' ? lookup(root, e.link ?? '') : undefined;
    const node: TreeNode = {
      name,
      kind: e.kind,
      size: target ? target.size : e.size,
      mode: e.mode,
      uid: e.uid,
      gid: e.gid,
      mtime: e.mtime,
      layer: index,
      ...(e.link !== undefined ? { link: e.link } : {}),
    };
    const hash = target ? target.hash : e.hash;
    if (hash !== undefined) node.hash = hash;
    // A hard link reads the copy of the data its target had when it was made.
    if (target?.kind === 'file') node.data = { layer: target.layer, path: e.link! };
    else if (target?.data) node.data = target.data;
    if (e.kind === 'dir') node.children = new Map();
    (parent.children ??= new Map()).set(name, node);
    wrote(e.path, before, node, again);
  }
  const statuses: Array<[string, ChangeStatus]> = [];
  let added = 0;
  let modified = 0;
  for (const w of written) {
    const status = statusOf(w.before, w.node);
    if (status === 'added') added++;
    if (status === 'modified') modified++;
    statuses.push([w.path, status]);
  }
  // What was taken away and is not there again is what this layer removed.
  const removed: Array<[string, TreeNode]> = [];
  let removedCount = 0;
  const collect = (path: string, node: TreeNode): void => {
    if (!lookup(root, path)) {
      removed.push([path, node]);
      for (const _ of walk(node, path)) removedCount++;
    } else for (const [name, child] of node.children ?? []) collect(`${path}/${name}`, child);
  };
  for (const [path, node] of gone) collect(path, node);
  return { stats: { added, modified, removed: removedCount, bytes: layer.bytes }, removed, written: statuses };
}

/** Pure: the image as of layer `upTo` (all layers when omitted), with directory totals. */
export function stack(layers: readonly LayerChanges[], upTo = layers.length - 1): TreeNode {
  const root = newRoot();
  for (let i = 0; i <= upTo; i++) applyLayer(root, layers[i]!, i);
  sumSizes(root);
  return root;
}

/** Fill `total` and `files` of every directory below a node (not counting removed entries); returns the node's bytes. */
export function sumSizes(node: TreeNode): number {
  if (node.kind !== 'dir') return node.kind === 'file' && node.status !== 'removed' ? node.size : 0;
  let total = 0;
  let files = 0;
  for (const child of node.children?.values() ?? []) {
    total += sumSizes(child);
    if (child.status !== 'removed') files += child.kind === 'dir' ? (child.files ?? 0) : 1;
  }
  node.total = total;
  node.files = files;
  return total;
}

/**
 * Pure: one layer's own changes as a tree: what it added, modified or left
 * unchanged (directories it only passes through), and what it removed, each
 * node marked with its status.
 */
export function changeTree(layers: readonly LayerChanges[], index: number): TreeNode {
  const image = newRoot();
  for (let i = 0; i < index; i++) applyLayer(image, layers[i]!, i);
  return changeTreeOf(image, applyLayer(image, layers[index]!, index), index);
}

/**
 * Pure: every layer's change tree, bottom first, in one pass over the layers (the same trees as `changeTree` for each
 * layer, for the price of stacking the image once). Each tree is its own copy: the layers after it do not change it.
 */
export function* changeTrees(layers: readonly LayerChanges[]): Generator<[number, TreeNode]> {
  const image = newRoot();
  for (let i = 0; i < layers.length; i++) yield [i, changeTreeOf(image, applyLayer(image, layers[i]!, i), i)];
}

/** Layer `index`'s change tree, from the image with it applied and what applying it did. */
function changeTreeOf(image: TreeNode, applied: Applied, index: number): TreeNode {
  const out = newRoot();
  out.status = 'unchanged';
  for (const [path, node] of applied.removed) {
    const [dir, name] = split(path);
    const copy = cloneAs(node, 'removed');
    (dirAt(out, dir, index).children ??= new Map()).set(name, copy);
  }
  for (const [path, status] of applied.written) {
    const [dir, name] = split(path);
    const parent = dirAt(out, dir, index);
    const live = lookup(image, path)!;
    const existing = parent.children?.get(name);
    if (existing && existing.kind === 'dir' && live.kind === 'dir') {
      existing.status = status;
      continue;
    }
    (parent.children ??= new Map()).set(name, {
      ...live,
      name,
      status,
      ...(live.kind === 'dir' ? { children: existing?.children ?? new Map() } : { children: undefined }),
    });
  }
  markImplicit(out);
  sumSizes(out);
  return out;
}

/** A removed subtree, every node marked removed. */
function cloneAs(node: TreeNode, status: ChangeStatus): TreeNode {
  const copy: TreeNode = { ...node, status };
  if (node.children) copy.children = new Map([...node.children].map(([k, v]) => [k, cloneAs(v, status)]));
  return copy;
}

/** Directories made only to hold changes are unchanged. */
function markImplicit(node: TreeNode): void {
  node.status ??= 'unchanged';
  for (const child of node.children?.values() ?? []) markImplicit(child);
}

/** Pure: every layer's stats, and the image's waste and efficiency. */
export function analyse(layers: readonly LayerChanges[]): Analysis {
  const root = newRoot();
  const stats: LayerStats[] = [];
  const copies = new Map<string, WasteCopy[]>();
  const removedIn = new Map<string, number>();
  let total = 0;
  layers.forEach((layer, i) => {
    const applied = applyLayer(root, layer, i);
    stats.push(applied.stats);
    total += layer.bytes;
    for (const [path, node] of applied.removed) for (const [p, n] of walk(node, path)) if (n.kind === 'file') removedIn.set(p, i);
    for (const e of layer.entries) {
      if (e.kind !== 'file' || e.size === 0) continue;
      const list = copies.get(e.path);
      if (list) list.push({ layer: i, size: e.size });
      else copies.set(e.path, [{ layer: i, size: e.size }]);
    }
  });
  sumSizes(root);
  // The copies the image still reads: each file's own, and the ones hard links point to (a file deleted or
  // written again after a hard link to it was made still has its data in the image).
  const linked = new Set<string>();
  const copyKey = (layer: number, path: string) => `${layer}\0${path}`;
  const findLinks = (node: TreeNode): void => {
    for (const child of node.children?.values() ?? []) {
      if (child.kind === 'hardlink' && child.data) linked.add(copyKey(child.data.layer, child.data.path));
      else if (child.children) findLinks(child);
    }
  };
  if (layers.some((l) => l.entries.some((e) => e.kind === 'hardlink'))) findLinks(root);
  const waste: WasteItem[] = [];
  let wasted = 0;
  for (const [path, list] of copies) {
    const final = lookup(root, path);
    const own = final?.kind === 'file' ? final.layer : undefined;
    const kept = list.reduce((a, c) => a + (c.layer === own || (linked.size && linked.has(copyKey(c.layer, path))) ? c.size : 0), 0);
    const all = list.reduce((a, c) => a + c.size, 0);
    if (all - kept <= 0) continue;
    wasted += all - kept;
    waste.push({ path, copies: list, kept, wasted: all - kept, ...(kept ? {} : { removedIn: removedIn.get(path) }) });
  }
  waste.sort((a, b) => b.wasted - a.wasted || (a.path < b.path ? -1 : 1));
  return { layers: stats, total, wasted, efficiency: total ? (total - wasted) / total : 1, waste, tree: root };
}
