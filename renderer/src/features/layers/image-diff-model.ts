/** The file comparison's pure helpers: which rows a filter shows, and how deep each sits. */
import type { DiffEntry, DiffStatus } from '../../../../engine/contract/image-diff';

/** All differences as a tree, or one kind of difference as a flat list. */
export type DiffFilter = 'all' | Exclude<DiffStatus, 'unchanged'>;

export interface DiffRow {
  readonly entry: DiffEntry;
  /** Indent level in the tree (0 in a flat list). */
  readonly depth: number;
  /** What the row shows as its name: the last part in the tree, the whole path in a flat list. */
  readonly label: string;
}

/** Pure: the rows a filter shows: every entry under its parents, or only one status with whole paths. */
export function diffRows(entries: readonly DiffEntry[], filter: DiffFilter): DiffRow[] {
  if (filter === 'all')
    return entries.map((entry) => {
      const slash = entry.display.lastIndexOf('/');
      return { entry, depth: entry.display.split('/').length - 1, label: slash < 0 ? entry.display : entry.display.slice(slash + 1) };
    });
  return entries.filter((e) => e.status === filter).map((entry) => ({ entry, depth: 0, label: `/${entry.display}` }));
}

/** Pure: a side's size for a column: bytes of a file, the total below a directory, nothing for the rest. */
export function sizeText(side: DiffEntry['a'], format: (n: number) => string): string {
  if (!side) return '';
  return side.kind === 'file' || side.kind === 'dir' ? format(side.size) : side.kind;
}
