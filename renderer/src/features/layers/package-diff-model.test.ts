import { describe, expect, it } from 'vitest';
import type { PackageComparison, PackageDifference } from '../../../../engine/contract/packages';
import { layersText, noRowsText, packageCounts, packageRows, packageSummary, versionText } from './package-diff-model';

const d = (kind: PackageDifference['kind'], name: string, a?: string, b?: string, extra: Partial<PackageDifference> = {}): PackageDifference => ({
  kind,
  ecosystem: 'deb',
  name,
  location: '/var/lib/dpkg/status',
  layer: 1,
  ...(a !== undefined ? { a, layerA: 1 } : {}),
  ...(b !== undefined ? { b, layerB: 2 } : {}),
  ...extra,
});
const differences = [
  d('removed', 'curl', '7.88.1'),
  d('added', 'git', undefined, '2.39.2'),
  d('upgraded', 'libc6', '2.36-9', '2.36-9+deb12u4'),
  d('added', 'lodash', undefined, '4.17.21', { ecosystem: 'npm', location: '/app/node_modules/lodash' }),
  d('downgraded', 'zlib1g', '1:1.2.13', '1:1.2.11'),
];

describe('packageRows', () => {
  it('shows every difference, or one kind of them', () => {
    expect(packageRows(differences, 'all', '').map((r) => r.name)).toEqual(['curl', 'git', 'libc6', 'lodash', 'zlib1g']);
    expect(packageRows(differences, 'added', '').map((r) => r.name)).toEqual(['git', 'lodash']);
    expect(packageRows(differences, 'downgraded', '').map((r) => r.name)).toEqual(['zlib1g']);
  });
  it('finds by name, version, ecosystem or location, ignoring case and spaces around', () => {
    expect(packageRows(differences, 'all', ' ZLIB ').map((r) => r.name)).toEqual(['zlib1g']);
    expect(packageRows(differences, 'all', 'deb12u4').map((r) => r.name)).toEqual(['libc6']);
    expect(packageRows(differences, 'all', 'npm').map((r) => r.name)).toEqual(['lodash']);
    expect(packageRows(differences, 'added', 'node_modules').map((r) => r.name)).toEqual(['lodash']);
    expect(packageRows(differences, 'removed', 'lodash')).toEqual([]);
  });
});

describe('the words of a package comparison', () => {
  it('counts each kind and says the versions and layers of each image', () => {
    expect(packageCounts(differences)).toEqual({ added: 2, removed: 1, upgraded: 1, downgraded: 1 });
    expect(versionText(differences[2]!)).toBe('2.36-9 → 2.36-9+deb12u4');
    expect(versionText(differences[0]!)).toBe('7.88.1');
    expect(versionText(differences[1]!)).toBe('2.39.2');
    expect(layersText(differences[2]!)).toBe('A L1 · B L2');
    expect(layersText(differences[0]!)).toBe('A L1');
    expect(layersText(differences[1]!)).toBe('B L2');
  });
  it('sums up a comparison, and says why there is nothing to list', () => {
    const c = (differences: PackageDifference[], same: number): PackageComparison => ({ a: 'a', b: 'b', differences, same });
    expect(packageSummary(c(differences, 7))).toBe('2 added, 1 removed, 1 upgraded, 1 downgraded; 7 the same.');
    expect(packageSummary(c([], 12))).toBe('Both images have the same 12 packages, at the same versions.');
    expect(packageSummary(c([], 1))).toBe('Both images have the same 1 package, at the same versions.');
    expect(packageSummary(c([], 0))).toMatch(/^Neither image has a package database/);
    expect(noRowsText('upgraded', '')).toBe('No package is upgraded.');
    expect(noRowsText('all', ' zzz ')).toBe('No package difference matches “zzz”.');
    expect(noRowsText('added', 'zzz')).toBe('No package difference matches “zzz” among the added ones.');
  });
});
