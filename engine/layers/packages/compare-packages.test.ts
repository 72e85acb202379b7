import { describe, expect, it } from 'vitest';
import type { ImagePackage } from './contract.js';
import { comparePackageLists, packageDiffText } from './compare-packages.js';

const pkg = (name: string, version: string, layer: number, extra: Partial<ImagePackage> = {}): ImagePackage => ({
  ecosystem: 'deb',
  name,
  version,
  licences: [],
  arch: 'amd64',
  location: '/var/lib/dpkg/status',
  purl: `pkg:deb/${name}@${version}`,
  layer,
  ...extra,
});
const words = (c: ReturnType<typeof comparePackageLists>) =>
  c.differences.map((d) => `${d.kind} ${d.name} ${d.a ?? ''}→${d.b ?? ''} A${d.layerA ?? '-'} B${d.layerB ?? '-'}`);

describe('two images’ packages compared', () => {
  it('tells added, removed, upgraded and downgraded packages apart, with the layer of each image that put each version there', () => {
    const a = { id: 'sha256:a', packages: [pkg('libc6', '2.36-9', 1), pkg('zlib1g', '1:1.2.13', 1), pkg('curl', '7.88.1-10', 2), pkg('tar', '1.34', 1)] };
    const b = { id: 'sha256:b', packages: [pkg('libc6', '2.36-9+deb12u4', 3), pkg('zlib1g', '1:1.2.11', 2), pkg('tar', '1.34', 1), pkg('git', '1:2.39.2', 4)] };
    const c = comparePackageLists(a, b);
    expect(words(c)).toEqual([
      'removed curl 7.88.1-10→ A2 B-',
      'added git →1:2.39.2 A- B4',
      'upgraded libc6 2.36-9→2.36-9+deb12u4 A1 B3',
      'downgraded zlib1g 1:1.2.13→1:1.2.11 A1 B2',
    ]);
    expect(c).toMatchObject({ a: 'sha256:a', b: 'sha256:b', same: 1 });
  });

  it('is its own mirror image: b against a swaps added with removed and upgraded with downgraded', () => {
    const a = { id: 'a', packages: [pkg('x', '1.0', 0), pkg('y', '2.0', 0)] };
    const b = { id: 'b', packages: [pkg('x', '1.10', 1), pkg('z', '1', 1)] };
    const flip = { added: 'removed', removed: 'added', upgraded: 'downgraded', downgraded: 'upgraded' } as const;
    const forth = comparePackageLists(a, b).differences;
    const back = comparePackageLists(b, a).differences;
    expect(back.map((d) => [d.name, d.kind, d.a, d.b, d.layerA, d.layerB])).toEqual(forth.map((d) => [d.name, flip[d.kind], d.b, d.a, d.layerB, d.layerA]));
    // 1.10 is newer than 1.0: versions are ordered as numbers, not as text.
    expect(forth.find((d) => d.name === 'x')?.kind).toBe('upgraded');
  });

  it('keeps packages of the same name apart by ecosystem, architecture and location', () => {
    const a = { id: 'a', packages: [pkg('lodash', '4.17.20', 1, { ecosystem: 'npm', arch: undefined, location: '/app/node_modules/lodash' })] };
    const b = {
      id: 'b',
      packages: [
        pkg('lodash', '4.17.20', 1, { ecosystem: 'npm', arch: undefined, location: '/app/node_modules/lodash' }),
        pkg('lodash', '4.17.21', 2, { ecosystem: 'npm', arch: undefined, location: '/srv/node_modules/lodash' }),
        pkg('libc6', '2.36-9', 1, { arch: 'i386' }),
      ],
    };
    const c = comparePackageLists(a, b);
    expect(words(c)).toEqual(['added libc6 →2.36-9 A- B1', 'added lodash →4.17.21 A- B2']);
    expect(c.differences[1]!.location).toBe('/srv/node_modules/lodash');
    expect(c.same).toBe(1);
  });

  it('finds nothing between two images without packages, nor between an image and itself', () => {
    expect(comparePackageLists({ id: 'a', packages: [] }, { id: 'b', packages: [] })).toEqual({ a: 'a', b: 'b', differences: [], same: 0 });
    const p = [pkg('a', '1', 0), pkg('b', '2', 0)];
    expect(comparePackageLists({ id: 'x', packages: p }, { id: 'x', packages: p })).toMatchObject({ differences: [], same: 2 });
  });
});

describe('packageDiffText', () => {
  it('prints one line per difference with the layer of each image, then the counts; or why there is none', () => {
    const a = { id: 'a', packages: [pkg('libc6', '2.36-9', 1), pkg('curl', '7.88.1-10', 2), pkg('tar', '1.34', 1)] };
    const b = { id: 'b', packages: [pkg('libc6', '2.36-9+deb12u4', 3), pkg('tar', '1.34', 1), pkg('git', '1:2.39.2', 4)] };
    expect(packageDiffText(comparePackageLists(a, b)).split('\n')).toEqual([
      'Packages:',
      '- deb curl 7.88.1-10  (a L2)  /var/lib/dpkg/status',
      '+ deb git 1:2.39.2  (b L4)  /var/lib/dpkg/status',
      '↑ deb libc6 2.36-9 → 2.36-9+deb12u4  (a L1, b L3)  /var/lib/dpkg/status',
      '1 added, 1 removed, 1 upgraded, 0 downgraded; 1 the same.',
      '',
    ]);
    expect(packageDiffText(comparePackageLists(a, a))).toBe('Packages:\nBoth images have the same 3 packages, at the same versions.\n');
    expect(packageDiffText(comparePackageLists({ id: 'a', packages: [] }, { id: 'b', packages: [] }))).toMatch(/^Packages:\nNeither image/);
  });
});
