/** The layer browser's pure helpers: file modes as `ls` shows them, sorting, and the rows of an expanded tree. */
import type { LayerTreeEntry } from '../../../../engine/contract/layers';

const TYPE_CHAR: Record<LayerTreeEntry['kind'], string> = { file: '-', dir: 'd', symlink: 'l', hardlink: '-', device: 'c', fifo: 'p', other: '?' };

/** Pure: a mode as `ls -l` writes it, e.g. `drwxr-xr-x`, with setuid, setgid and sticky bits. */
export function modeString(mode: number, kind: LayerTreeEntry['kind']): string {
  const bit = (m: number, c: string) => (mode & m ? c : '-');
  const special = (x: number, s: number, set: string, unsetX: string) => (mode & s ? (mode & x ? set : unsetX) : mode & x ? 'x' : '-');
  return (
    TYPE_CHAR[kind] +
    bit(0o400, 'r') +
    bit(0o200, 'w') +
    special(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') +
    bit(0o020, 'w') +
    special(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') +
    bit(0o002, 'w') +
    special(0o001, 0o1000, 't', 'T')
  );
}

export type SortBy = 'name' | 'size';

/** A layer's tree: only what it changed, or the whole image as of it. */
export type TreeView = 'changes' | 'image';

/** Pure: directory entries sorted, directories first, by name or by size (largest first). */
export function sortEntries(entries: readonly LayerTreeEntry[], by: SortBy): LayerTreeEntry[] {
  return [...entries].sort((a, b) => {
    const dir = Number(b.kind === 'dir') - Number(a.kind === 'dir');
    if (by === 'size') return b.size - a.size || a.name.localeCompare(b.name);
    return dir || a.name.localeCompare(b.name);
  });
}

export interface TreeRow {
  readonly entry: LayerTreeEntry;
  readonly depth: number;
  readonly expanded: boolean;
  /** How many entries its directory shows, and its place among them (from 1): the tree's rows are virtualised, so the ARIA tree is told. */
  readonly setSize: number;
  readonly posInSet: number;
  /** The row of its directory, -1 at the top. */
  readonly parent: number;
}

/**
 * Pure: the visible rows of a tree, flattened for a virtual list: the root's
 * entries, and below each expanded directory its loaded entries, sorted,
 * optionally only the ones this layer changed (directories kept when
 * something below them changed).
 */
export function visibleRows(
  children: ReadonlyMap<string, readonly LayerTreeEntry[]>,
  expanded: ReadonlySet<string>,
  by: SortBy,
  keep?: (e: LayerTreeEntry) => boolean,
): TreeRow[] {
  const rows: TreeRow[] = [];
  const visit = (path: string, depth: number, parent: number) => {
    const shown = sortEntries(children.get(path) ?? [], by).filter((e) => !keep || keep(e));
    shown.forEach((entry, i) => {
      const open = entry.kind === 'dir' && expanded.has(entry.path);
      rows.push({ entry, depth, expanded: open, setSize: shown.length, posInSet: i + 1, parent });
      if (open) visit(entry.path, depth + 1, rows.length - 1);
    });
  };
  visit('', 0, -1);
  return rows;
}

/** Pure: where a path's copies were, in words: "L2 (5.0 MiB), L5 (1.0 MiB)". */
export function copiesText(copies: ReadonlyArray<{ layer: number; size: number }>, bytes: (n: number) => string): string {
  return copies.map((c) => `L${c.layer} (${bytes(c.size)})`).join(', ');
}

/** The address of an image's layer browser. */
export const layersHref = (image: string) => `#/images/${encodeURIComponent(image)}`;

/** An image id as the pickers name an untagged image: its first 12 hex digits. */
const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** The address of image `after`'s layer browser comparing `before` with it, file by file (both image ids, shortened). */
export const compareHref = (before: string, after: string) => `${layersHref(shortId(after))}?compare=${encodeURIComponent(shortId(before))}`;

/** Pure: the image a layer browser's address asks to compare its image with, if any. */
export function compareOf(hash: string): string | undefined {
  return new URLSearchParams(hash.split('?')[1] ?? '').get('compare') || undefined;
}
