/**
 * Two images' packages compared: what image b adds, removes, upgrades and
 * downgrades against image a, each with the layer of each image that put its
 * version there. A package is the same package in both when its ecosystem,
 * name, architecture and record location match (two copies of one npm package
 * in two folders are two packages).
 */
import type { ImagePackage, PackageComparison, PackageDifference } from './contract.js';
import { compareVersions } from './version-order.js';

const MARK: Record<PackageDifference['kind'], string> = { added: '+', removed: '-', upgraded: '↑', downgraded: '↓' };

const keyOf = (p: ImagePackage) => `${p.ecosystem}\n${p.name}\n${p.arch ?? ''}\n${p.location}`;

/** Pure: the differences from a's package list to b's, sorted by ecosystem, name and location, and how many are the same. */
export function comparePackageLists(
  a: { readonly id: string; readonly packages: readonly ImagePackage[] },
  b: { readonly id: string; readonly packages: readonly ImagePackage[] },
): PackageComparison {
  const before = new Map(a.packages.map((p) => [keyOf(p), p]));
  const after = new Map(b.packages.map((p) => [keyOf(p), p]));
  const differences: PackageDifference[] = [];
  let same = 0;
  for (const [k, p] of after) {
    const was = before.get(k);
    const at = { ecosystem: p.ecosystem, name: p.name, location: p.location, layer: p.layer, layerB: p.layer };
    if (!was) differences.push({ kind: 'added', ...at, b: p.version });
    else if (was.version === p.version) same++;
    else
      differences.push({
        kind: compareVersions(p.version, was.version) < 0 ? 'downgraded' : 'upgraded',
        ...at,
        a: was.version,
        b: p.version,
        layerA: was.layer,
      });
  }
  for (const [k, p] of before)
    if (!after.has(k))
      differences.push({ kind: 'removed', ecosystem: p.ecosystem, name: p.name, location: p.location, layer: p.layer, layerA: p.layer, a: p.version });
  differences.sort((x, y) => x.ecosystem.localeCompare(y.ecosystem) || x.name.localeCompare(y.name) || x.location.localeCompare(y.location));
  return { a: a.id, b: b.id, differences, same };
}

/** Pure: the package differences as text, one line each with the layer of each image, then the counts. */
export function packageDiffText(c: PackageComparison): string {
  const lines = ['Packages:'];
  for (const d of c.differences) {
    const version = d.a !== undefined && d.b !== undefined ? `${d.a} → ${d.b}` : (d.b ?? d.a ?? '');
    const layers = [d.layerA !== undefined && `a L${d.layerA}`, d.layerB !== undefined && `b L${d.layerB}`].filter(Boolean).join(', ');
    lines.push(`${MARK[d.kind]} ${d.ecosystem} ${d.name} ${version}  (${layers})  ${d.location}`);
  }
  const n = { added: 0, removed: 0, upgraded: 0, downgraded: 0 };
  for (const d of c.differences) n[d.kind]++;
  if (c.differences.length) lines.push(`${n.added} added, ${n.removed} removed, ${n.upgraded} upgraded, ${n.downgraded} downgraded; ${c.same} the same.`);
  else if (c.same) lines.push(`Both images have the same ${c.same} package${c.same === 1 ? '' : 's'}, at the same versions.`);
  else lines.push('Neither image has a package database Berth reads (dpkg, apk, npm, Python, Go build info).');
  return `${lines.join('\n')}\n`;
}
