/**
 * The packages of an image layer by layer: the package files each layer
 * leaves in place are stacked with the OCI rules (a whiteout, an opaque
 * directory, or a non-directory written over a path or one of its parents
 * hides what earlier layers wrote there), the databases present after each
 * layer are read into one package list, and each list is compared with the
 * one before: installed, upgraded, downgraded, removed.
 */
import type { LayerChanges } from '../layer-changes.js';
import { displayPath } from '../layer-changes.js';
import type { ImagePackage, ImagePackages, LayerPackages, PackageChange } from './contract.js';
import type { Finding, LayerFindings, OsRelease } from './model.js';
import { purlOf, pypiName } from './purl.js';
import { compareVersions } from './version-order.js';

export interface PackageLayerInput {
  readonly instruction: string;
  readonly changes: Pick<LayerChanges, 'entries' | 'whiteouts' | 'opaque'>;
  readonly findings: LayerFindings;
}

type Present = Map<string, { readonly layer: number; readonly finding: Finding }>;

const parentOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/** Every strict ancestor of a path, nearest first ('' for the root last). */
function* ancestors(path: string): Generator<string> {
  let p = path;
  while (p !== '') {
    p = parentOf(p);
    yield p;
  }
}

/** Drop the package files one layer hides: whiteouts, opaque directories, non-directories written over them or their parents. */
function applyRemovals(present: Present, changes: PackageLayerInput['changes']): void {
  if (!present.size) return;
  const whiteouts = new Set(changes.whiteouts);
  const opaque = new Set(changes.opaque);
  const replaced = new Set<string>();
  for (const e of changes.entries) if (e.kind !== 'dir') replaced.add(e.path);
  for (const path of [...present.keys()]) {
    let gone = whiteouts.has(path) || replaced.has(path);
    for (const a of ancestors(path)) {
      if (gone) break;
      gone = (a !== '' && (whiteouts.has(a) || replaced.has(a))) || opaque.has(a);
    }
    if (gone) present.delete(path);
  }
}

/** The packages the present package files list, by a key that stays the same across versions. */
function packagesOf(present: Present, previous: ReadonlyMap<string, ImagePackage>, layer: number): Map<string, ImagePackage> {
  let os: OsRelease | undefined;
  for (const p of ['usr/lib/os-release', 'etc/os-release']) {
    const f = present.get(p)?.finding;
    if (f?.kind === 'os-release') os = f.os;
  }
  const out = new Map<string, ImagePackage>();
  for (const [path, { finding }] of present) {
    if (finding.kind !== 'packages') continue;
    for (const p of finding.packages) {
      let key: string;
      let location: string;
      let licences = p.licences;
      let size = p.size;
      switch (p.ecosystem) {
        case 'deb': {
          key = `deb:${p.name}:${p.arch ?? ''}`;
          location = path;
          const c = present.get(`usr/share/doc/${p.name}/copyright`)?.finding;
          if (c?.kind === 'copyright') licences = c.licences;
          break;
        }
        case 'apk':
          key = `apk:${p.name}`;
          location = path;
          break;
        case 'npm':
          location = parentOf(path);
          key = `npm:${location}`;
          break;
        case 'python': {
          location = parentOf(path);
          key = `python:${parentOf(location)}:${pypiName(p.name)}`;
          const r = present.get(`${location}/RECORD`)?.finding;
          if (size === undefined && r?.kind === 'record' && r.size) size = r.size;
          break;
        }
        case 'go':
          location = path;
          key = `go:${path}:${p.name}`;
          break;
      }
      const before = previous.get(key);
      out.set(key, {
        ecosystem: p.ecosystem,
        name: p.name,
        version: p.version,
        licences,
        ...(size !== undefined ? { size } : {}),
        ...(p.arch ? { arch: p.arch } : {}),
        ...(p.source ? { source: p.source } : {}),
        location: `/${displayPath(location)}`,
        purl: purlOf(p, os),
        // Unchanged since an earlier layer: that layer installed it, even when this one rewrote the database.
        layer: before && before.version === p.version ? before.layer : layer,
      });
    }
  }
  return out;
}

const byName = (a: ImagePackage, b: ImagePackage) =>
  a.ecosystem.localeCompare(b.ecosystem) || a.name.localeCompare(b.name) || a.location.localeCompare(b.location);

/** Pure: what changed from one package list to the next. */
export function diffPackages(before: ReadonlyMap<string, ImagePackage>, after: ReadonlyMap<string, ImagePackage>): PackageChange[] {
  const out: PackageChange[] = [];
  for (const [key, p] of after) {
    const was = before.get(key);
    if (!was) out.push({ kind: 'installed', package: p });
    else if (was.version !== p.version)
      out.push({ kind: compareVersions(p.version, was.version) < 0 ? 'downgraded' : 'upgraded', package: p, from: was.version });
  }
  for (const [key, p] of before) if (!after.has(key)) out.push({ kind: 'removed', package: p });
  return out.sort((a, b) => byName(a.package, b.package));
}

/** Pure: an image's packages, layer by layer, from each layer's changes and package findings. */
export function imagePackages(id: string, layers: readonly PackageLayerInput[]): ImagePackages {
  const present: Present = new Map();
  let current = new Map<string, ImagePackage>();
  const perLayer: LayerPackages[] = [];
  layers.forEach((l, i) => {
    applyRemovals(present, l.changes);
    for (const [path, finding] of Object.entries(l.findings)) present.set(path, { layer: i, finding });
    const next = packagesOf(present, current, i);
    perLayer.push({ index: i, instruction: l.instruction, changes: diffPackages(current, next) });
    current = next;
  });
  let os: OsRelease | undefined;
  const unreadable: Array<{ path: string; layer: number; why: string }> = [];
  for (const [path, { layer, finding }] of present) {
    if (finding.kind === 'os-release' && (!os || path === 'etc/os-release')) os = finding.os;
    if (finding.kind === 'unreadable') unreadable.push({ path: `/${displayPath(path)}`, layer, why: finding.why });
  }
  return { id, ...(os ? { os } : {}), layers: perLayer, packages: [...current.values()].sort(byName), unreadable };
}
