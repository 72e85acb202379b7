/**
 * Layers stacked into the image's filesystem, as plain logic: each layer's
 * changes applied in order (opaque directories first, then whiteouts, then
 * its entries), each change classed as added, modified or removed against
 * the layers below, and the waste of the image counted: for every path, the
 * bytes of all its copies in all layers minus the one copy the image keeps.
 */
import type { EntryKind, LayerChanges, LayerEntry } from './layer-changes.js';

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
  /** The layer that last wrote this path. */
  layer: number;
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
  /** Bytes the image keeps for this path (its last copy, when it is still there). */
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

/** The directory at a path, made (as an implicit directory of this layer) where missing. */
function dirAt(root: TreeNode, path: string, layer: number): TreeNode {
  let node = root;
  for (const p of parts(path)) {
    let next = node.children?.get(p);
    if (!next || next.kind !== 'dir') {
      next = { name: p, kind: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: 0, layer, children: new Map() };
      (node.children ??= new Map()).set(p, next);
    }
    node = next;
  }
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
  /** Paths this layer hid, with what they were (for the change tree), not counting ones it wrote again. */
  readonly removed: Array<[string, TreeNode]>;
  /** Entries with their status against the layers below. */
  readonly written: Array<[LayerEntry, ChangeStatus]>;
}

/** Apply one layer's changes to the tree in place. */
function applyLayer(root: TreeNode, layer: LayerChanges, index: number): Applied {
  const hidden = new Map<string, TreeNode>();
  for (const dir of layer.opaque) {
    const node = lookup(root, dir);
    if (node?.kind === 'dir' && node.children) {
      for (const [name, child] of node.children) hidden.set(dir ? `${dir}/${name}` : name, child);
      node.children = new Map();
    }
  }
  for (const path of layer.whiteouts) {
    const [dir, name] = split(path);
    const parent = lookup(root, dir);
    const node = parent?.children?.get(name);
    if (node) {
      hidden.set(path, node);
      parent!.children!.delete(name);
    }
  }
  const written: Array<[LayerEntry, ChangeStatus]> = [];
  let added = 0;
  let modified = 0;
  for (const e of layer.entries) {
    const [dir, name] = split(e.path);
    const parent = dirAt(root, dir, index);
    const before = parent.children?.get(name) ?? hidden.get(e.path);
    let status: ChangeStatus;
    if (!before) status = 'added';
    else if (e.kind === 'dir' && before.kind === 'dir') status = before.mode !== e.mode || before.uid !== e.uid || before.gid !== e.gid ? 'modified' : 'unchanged';
    else status = 'modified';
    if (status === 'added') added++;
    if (status === 'modified') modified++;
    written.push([e, status]);
    const existing = parent.children?.get(name);
    if (e.kind === 'dir' && existing?.kind === 'dir') {
      Object.assign(existing, { mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime });
      if (status !== 'unchanged') existing.layer = index;
    } else {
      const size = e.kind === 'hardlink' ? (lookup(root, e.link ?? '')?.size ?? 0) : e.size;
      const node: TreeNode = { name, kind: e.kind, size, mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime, layer: index, ...(e.link !== undefined ? { link: e.link } : {}) };
      if (e.kind === 'dir') node.children = new Map();
      (parent.children ??= new Map()).set(name, node);
    }
  }
  // What was hidden and not written again is what this layer removed.
  const removed: Array<[string, TreeNode]> = [];
  let removedCount = 0;
  for (const [path, node] of hidden) {
    if (lookup(root, path)) continue;
    removed.push([path, node]);
    for (const _ of walk(node, path)) removedCount++;
  }
  return { stats: { added, modified, removed: removedCount, bytes: layer.bytes }, removed, written };
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
  const below = newRoot();
  for (let i = 0; i < index; i++) applyLayer(below, layers[i]!, i);
  const applied = applyLayer(below, layers[index]!, index);
  const out = newRoot();
  out.status = 'unchanged';
  for (const [path, node] of applied.removed) {
    const [dir, name] = split(path);
    const copy = cloneAs(node, 'removed');
    (dirAt(out, dir, index).children ??= new Map()).set(name, copy);
  }
  for (const [e, status] of applied.written) {
    const [dir, name] = split(e.path);
    const parent = dirAt(out, dir, index);
    const live = lookup(below, e.path)!;
    const existing = parent.children?.get(name);
    if (existing && existing.kind === 'dir' && e.kind === 'dir') {
      existing.status = status;
      continue;
    }
    (parent.children ??= new Map()).set(name, { ...live, name, status, ...(e.kind === 'dir' ? { children: existing?.children ?? new Map() } : { children: undefined }) });
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
  const waste: WasteItem[] = [];
  let wasted = 0;
  for (const [path, list] of copies) {
    const final = lookup(root, path);
    const kept = final?.kind === 'file' && list.some((c) => c.layer === final.layer) ? final.size : 0;
    const all = list.reduce((a, c) => a + c.size, 0);
    if (all - kept <= 0) continue;
    wasted += all - kept;
    waste.push({ path, copies: list, kept, wasted: all - kept, ...(kept ? {} : { removedIn: removedIn.get(path) }) });
  }
  waste.sort((a, b) => b.wasted - a.wasted || (a.path < b.path ? -1 : 1));
  return { layers: stats, total, wasted, efficiency: total ? (total - wasted) / total : 1, waste, tree: root };
}
