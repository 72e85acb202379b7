/**
 * One layer's change tree as it is kept on disk: gzipped JSON rows, one per
 * node, parents before children. An image reopened after a restart answers
 * its first tree of a layer's changes from this one small file, instead of
 * reading every layer's index and stacking the whole image again. The tree
 * read back is the tree written (directory totals are summed again); a file
 * of another version, cut short or damaged reads as nothing.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { newRoot, sumSizes, walk, type ChangeStatus, type TreeNode } from './image-tree.js';
import type { EntryKind } from './layer-changes.js';

/** Raise it whenever the change tree's shape or the analysis behind it changes. */
export const CHANGE_TREE_VERSION = 1;

type Row = [
  path: string,
  kind: EntryKind,
  size: number,
  mode: number,
  uid: number,
  gid: number,
  mtime: number,
  layer: number,
  status: ChangeStatus | null,
  link: string | null,
  hash: string | null,
  dataLayer: number | null,
  dataPath: string | null,
];

/** Pure: a change tree (as `changeTree` makes it) as bytes. */
export function encodeChangeTree(tree: TreeNode): Buffer {
  const rows: Row[] = [];
  for (const [path, n] of walk(tree, '')) {
    if (path === '') continue;
    rows.push([
      path,
      n.kind,
      n.size,
      n.mode,
      n.uid,
      n.gid,
      n.mtime,
      n.layer,
      n.status ?? null,
      n.link ?? null,
      n.hash ?? null,
      n.data?.layer ?? null,
      n.data?.path ?? null,
    ]);
  }
  return gzipSync(Buffer.from(JSON.stringify({ v: CHANGE_TREE_VERSION, rows }), 'utf8'), { level: 1 });
}

/** Pure: the change tree the bytes hold, or undefined for anything else. */
export function decodeChangeTree(bytes: Uint8Array): TreeNode | undefined {
  let rows: Row[];
  try {
    const d = JSON.parse(gunzipSync(bytes).toString('utf8')) as { v?: unknown; rows?: unknown };
    if (d.v !== CHANGE_TREE_VERSION || !Array.isArray(d.rows)) return undefined;
    rows = d.rows as Row[];
  } catch {
    return undefined;
  }
  const root = newRoot();
  root.status = 'unchanged';
  const dirs = new Map<string, TreeNode>([['', root]]);
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== 13) return undefined;
    const [path, kind, size, mode, uid, gid, mtime, layer, status, link, hash, dataLayer, dataPath] = row;
    const cut = path.lastIndexOf('/');
    const parent = dirs.get(cut < 0 ? '' : path.slice(0, cut));
    if (!parent) return undefined;
    const name = cut < 0 ? path : path.slice(cut + 1);
    const node: TreeNode = { name, kind, size, mode, uid, gid, mtime, layer };
    if (link !== null) node.link = link;
    if (hash !== null) node.hash = hash;
    if (dataLayer !== null && dataPath !== null) node.data = { layer: dataLayer, path: dataPath };
    if (status !== null) node.status = status;
    if (kind === 'dir') {
      node.children = new Map();
      dirs.set(path, node);
    }
    (parent.children ??= new Map()).set(name, node);
  }
  sumSizes(root);
  return root;
}
