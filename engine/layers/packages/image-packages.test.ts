import { describe, expect, it } from 'vitest';
import type { LayerEntry } from '../layer-changes.js';
import { imagePackages, type PackageLayerInput } from './image-packages.js';
import type { Finding, FoundPackage } from './model.js';

const file = (path: string, kind: LayerEntry['kind'] = 'file'): LayerEntry => ({ path, kind, size: 1, mode: 0o644, uid: 0, gid: 0, mtime: 0 });
const deb = (name: string, version: string): FoundPackage => ({ ecosystem: 'deb', name, version, licences: [], arch: 'amd64', size: 1024 });
const pkgs = (...packages: FoundPackage[]): Finding => ({ kind: 'packages', packages });
const layer = (findings: Record<string, Finding>, extra: Partial<PackageLayerInput['changes']> = {}): PackageLayerInput => ({
  instruction: 'RUN x',
  changes: { entries: Object.keys(findings).map((p) => file(p)), whiteouts: [], opaque: [], ...extra },
  findings,
});
const summary = (r: ReturnType<typeof imagePackages>) =>
  r.layers.map((l) => l.changes.map((c) => `${c.kind} ${c.package.name} ${c.from ? `${c.from}→` : ''}${c.package.version}`));

describe('packages layer by layer', () => {
  it('reads installs, upgrades, downgrades and removals from the dpkg status each layer writes, licences from copyright files', () => {
    const r = imagePackages('sha256:x', [
      layer({
        'var/lib/dpkg/status': pkgs(deb('libc6', '2.36-9'), deb('zlib1g', '1:1.2.13')),
        'usr/share/doc/zlib1g/copyright': { kind: 'copyright', licences: ['Zlib'] },
        'etc/os-release': { kind: 'os-release', os: { id: 'debian', versionId: '12' } },
      }),
      layer({ 'var/lib/dpkg/status': pkgs(deb('libc6', '2.36-9+deb12u4'), deb('zlib1g', '1:1.2.13'), deb('curl', '7.88.1-10')) }),
      layer({ 'var/lib/dpkg/status': pkgs(deb('libc6', '2.36-9+deb12u4'), deb('zlib1g', '1:1.2.11')) }),
      layer({}),
    ]);
    expect(summary(r)).toEqual([
      ['installed libc6 2.36-9', 'installed zlib1g 1:1.2.13'],
      ['installed curl 7.88.1-10', 'upgraded libc6 2.36-9→2.36-9+deb12u4'],
      ['removed curl 7.88.1-10', 'downgraded zlib1g 1:1.2.13→1:1.2.11'],
      [],
    ]);
    expect(r.os).toEqual({ id: 'debian', versionId: '12' });
    const libc = r.packages.find((p) => p.name === 'libc6')!;
    // Layer 2 rewrote the database without touching libc6: layer 1 installed this version.
    expect(libc).toMatchObject({ layer: 1, location: '/var/lib/dpkg/status', purl: 'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12' });
    expect(r.packages.find((p) => p.name === 'zlib1g')).toMatchObject({ layer: 2, licences: ['Zlib'] });
  });

  it('stacks package files with the OCI rules: a whiteout, an opaque directory and a file over a parent hide them', () => {
    const npm = (name: string, version: string): Finding => pkgs({ ecosystem: 'npm', name, version, licences: ['MIT'] });
    const r = imagePackages('sha256:y', [
      layer({
        'app/node_modules/a/package.json': npm('a', '1.0.0'),
        'app/node_modules/b/package.json': npm('b', '1.0.0'),
        'app/node_modules/c/package.json': npm('c', '1.0.0'),
        'srv/node_modules/d/package.json': npm('d', '1.0.0'),
        'opt/node_modules/e/package.json': npm('e', '1.0.0'),
      }),
      // rm -rf app/node_modules/a; a symlink over opt/node_modules.
      layer({}, { whiteouts: ['app/node_modules/a'], entries: [file('opt/node_modules', 'symlink')] }),
      // srv replaced whole, with a new d.
      layer({ 'srv/node_modules/d/package.json': npm('d', '2.0.0') }, { opaque: ['srv'] }),
      layer({ 'srv/node_modules/d/package.json': npm('d', '2.0.0') }),
    ]);
    expect(summary(r)).toEqual([
      ['installed a 1.0.0', 'installed b 1.0.0', 'installed c 1.0.0', 'installed d 1.0.0', 'installed e 1.0.0'],
      ['removed a 1.0.0', 'removed e 1.0.0'],
      ['upgraded d 1.0.0→2.0.0'],
      [],
    ]);
    expect(r.packages.map((p) => `${p.location}@${p.layer}`)).toEqual(['/app/node_modules/b@0', '/app/node_modules/c@0', '/srv/node_modules/d@2']);
  });

  it('keeps one package name in two places apart, sizes Python packages from RECORD, and lists unreadable databases', () => {
    const py: Finding = pkgs({ ecosystem: 'python', name: 'requests', version: '2.31.0', licences: ['Apache-2.0'] });
    const r = imagePackages('sha256:z', [
      layer({
        'usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA': py,
        'usr/lib/python3/dist-packages/requests-2.31.0.dist-info/RECORD': { kind: 'record', size: 4096 },
        'venv/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA': py,
        'lib/apk/db/installed': { kind: 'unreadable', why: 'bigger than 67108864 bytes' },
      }),
    ]);
    expect(r.packages).toHaveLength(2);
    expect(r.packages.map((p) => p.size)).toEqual([4096, undefined]);
    expect(r.unreadable).toEqual([{ path: '/lib/apk/db/installed', layer: 0, why: 'bigger than 67108864 bytes' }]);
  });
});
