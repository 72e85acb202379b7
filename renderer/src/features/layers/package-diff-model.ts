/** The package side of a comparison: which package differences a filter and a search show, counted, and what to say when there are none. */
import type { PackageComparison, PackageDifference, PackageDifferenceKind } from '../../../../engine/contract/packages';

export type PackageFilter = 'all' | PackageDifferenceKind;

export const PACKAGE_FILTERS: ReadonlyArray<readonly [PackageFilter, string]> = [
  ['all', 'All'],
  ['added', 'Added'],
  ['removed', 'Removed'],
  ['upgraded', 'Upgraded'],
  ['downgraded', 'Downgraded'],
];

/** Pure: the differences of one kind (or all) whose name, version, ecosystem or location holds the search, in the comparison's order. */
export function packageRows(differences: readonly PackageDifference[], filter: PackageFilter, query: string): PackageDifference[] {
  const q = query.trim().toLowerCase();
  return differences.filter(
    (d) => (filter === 'all' || d.kind === filter) && (!q || `${d.ecosystem} ${d.name} ${d.a ?? ''} ${d.b ?? ''} ${d.location}`.toLowerCase().includes(q)),
  );
}

/** Pure: how many differences of each kind. */
export function packageCounts(differences: readonly PackageDifference[]): Record<PackageDifferenceKind, number> {
  const out = { added: 0, removed: 0, upgraded: 0, downgraded: 0 };
  for (const d of differences) out[d.kind]++;
  return out;
}

/** Pure: a difference's versions for people: "1.0", "1.0 → 1.1". */
export function versionText(d: PackageDifference): string {
  return d.a !== undefined && d.b !== undefined ? `${d.a} → ${d.b}` : (d.b ?? d.a ?? '');
}

/** Pure: where each image's version came from, "A L1 · B L3". */
export function layersText(d: PackageDifference): string {
  return [d.layerA !== undefined && `A L${d.layerA}`, d.layerB !== undefined && `B L${d.layerB}`].filter(Boolean).join(' · ');
}

/** Pure: the sentence over the list: the counts, or why there is nothing to list. */
export function packageSummary(c: PackageComparison): string {
  if (!c.differences.length)
    return c.same
      ? `Both images have the same ${c.same} package${c.same === 1 ? '' : 's'}, at the same versions.`
      : 'Neither image has a package database Berth reads (dpkg, apk, npm, Python, Go build info): there are no packages to compare.';
  const n = packageCounts(c.differences);
  return `${n.added} added, ${n.removed} removed, ${n.upgraded} upgraded, ${n.downgraded} downgraded; ${c.same} the same.`;
}

/** Pure: what to say when a filter or search leaves nothing, though the images' packages differ. */
export function noRowsText(filter: PackageFilter, query: string): string {
  const q = query.trim();
  if (q) return `No package difference matches “${q}”${filter === 'all' ? '' : ` among the ${filter} ones`}.`;
  return `No package is ${filter === 'all' ? 'different' : filter}.`;
}
