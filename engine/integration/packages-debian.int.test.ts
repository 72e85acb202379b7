/**
 * Packages per layer on real Debian images, read against dpkg's own word. The base is the root filesystem of Berth's VM
 * image (built from Debian 12 packages by mmdebstrap, `npm run engine:image`, which the VM tests build too), imported as an
 * image. Two builds on top install a package made here with `dpkg-deb` through the image's own `dpkg -i`, then upgrade it
 * and purge a Debian package. What Berth reads from the layers is compared with `dpkg-query` run inside each image, and
 * with the package list the image recipe recorded.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import { devImageDir, imageCacheDir } from '../engine/vm/recipe.js';
import { cycloneDx15Validator } from '../layers/packages/sbom-schemas.js';
import { docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('debian');
const work = mkdtempSync('/tmp/bt-debian-');
const imageDir = devImageDir(process.cwd());
const BASE = 'berth-debian/base:12';
const STEP1 = 'berth-debian/hello:1';
const STEP2 = 'berth-debian/hello:2';
/** A Debian package of the base with no other package depending on it, and maintainer scripts that run in a container. */
const PURGED = 'acpid';
let rpc: RpcClient;
let dockerHost = '';

/** `berth-hello` at `version`, made with dpkg-deb: one data file and a DEP-5 copyright file naming `licence`. */
function makeDeb(version: string, licence: string, installedKiB: number): string {
  const root = join(work, `hello-${version}`);
  mkdirSync(join(root, 'DEBIAN'), { recursive: true });
  mkdirSync(join(root, 'usr/share/berth-hello'), { recursive: true });
  mkdirSync(join(root, 'usr/share/doc/berth-hello'), { recursive: true });
  writeFileSync(
    join(root, 'DEBIAN/control'),
    `Package: berth-hello\nVersion: ${version}\nArchitecture: all\nMaintainer: Berth tests <dev@berth.local>\nInstalled-Size: ${installedKiB}\nSection: misc\nPriority: optional\nDescription: a package made by Berth's tests\n`,
  );
  writeFileSync(join(root, 'usr/share/berth-hello/hello.txt'), `hello ${version}\n`);
  writeFileSync(
    join(root, 'usr/share/doc/berth-hello/copyright'),
    `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: berth-hello\n\nFiles: *\nCopyright: 2026 Berth authors\nLicense: ${licence}\n`,
  );
  const deb = join(work, `berth-hello_${version}_all.deb`);
  execFileSync('dpkg-deb', ['--build', '--root-owner-group', root, deb], { stdio: 'ignore' });
  return deb;
}

/** What dpkg itself says is installed in `image`: "name version" of every package in state "ii", sorted. */
async function dpkgQuery(image: string): Promise<string[]> {
  const out = await docker(dockerHost, ['run', '--rm', '--network', 'none', image, 'dpkg-query', '-W', '-f', '${db:Status-Abbrev}|${Package} ${Version}\\n']);
  return out
    .split('\n')
    .filter((l) => l.startsWith('ii'))
    .map((l) => l.split('|')[1]!)
    .sort();
}

function build(tag: string, dockerfile: string): void {
  writeFileSync(join(work, 'Dockerfile'), dockerfile);
  execFileSync('docker', ['build', '-q', '-t', tag, work], { env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0' }, stdio: 'pipe' });
}

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  // Built once per recipe (the VM tests use the same build), else made from Debian packages now.
  execFileSync('node', ['--import', 'tsx', 'scripts/engine-image.ts', '--cache', imageCacheDir(), imageDir], { stdio: 'inherit' });
  // The image's root filesystem, read from its ext4 file as the kernel mounts it, becomes one layer: all of it but the
  // kernel and its modules (a container has no use for them, and they are a fifth of it; dpkg still lists their package).
  const raw = join(work, 'rootfs.ext4');
  const mnt = join(work, 'mnt');
  mkdirSync(mnt);
  execFileSync('zstd', ['-q', '-d', '-f', join(imageDir, 'rootfs.ext4.zst'), '-o', raw]);
  execFileSync('mount', ['-o', 'loop,ro', raw, mnt]);
  try {
    execFileSync('sh', ['-c', 'tar -C "$1" --exclude=./boot --exclude=./usr/lib/modules -c . | docker import - "$2" >/dev/null', 'sh', mnt, BASE], {
      env: { ...process.env, DOCKER_HOST: dockerHost },
    });
  } finally {
    execFileSync('umount', [mnt]);
    rmSync(raw, { force: true });
  }
  makeDeb('1.0-1', 'MIT', 12);
  makeDeb('2.0-1', 'Apache-2.0', 14);
  build(STEP1, `FROM ${BASE}\nCOPY berth-hello_1.0-1_all.deb /tmp/\nRUN dpkg -i /tmp/berth-hello_1.0-1_all.deb\n`);
  build(STEP2, `FROM ${STEP1}\nCOPY berth-hello_2.0-1_all.deb /tmp/\nRUN dpkg -i /tmp/berth-hello_2.0-1_all.deb && dpkg --purge ${PURGED}\n`);
}, 1_200_000);

afterAll(async () => {
  rpc?.close();
  await removeHomes();
  rmSync(work, { recursive: true, force: true });
});

const debs = (list: ReadonlyArray<{ ecosystem: string; name: string; version: string }>) =>
  list
    .filter((p) => p.ecosystem === 'deb')
    .map((p) => `${p.name} ${p.version}`)
    .sort();

describe('packages of a real Debian image', () => {
  it('reads the base layer’s packages as dpkg-query and the image recipe list them', async () => {
    const installed = await dpkgQuery(BASE);
    const recorded = (JSON.parse(readFileSync(join(imageDir, 'manifest.json'), 'utf8')) as { packages: string[] }).packages;
    expect(installed).toEqual([...recorded].sort());
    expect(installed.length).toBeGreaterThan(100);

    const p = await rpc.call('layers.packages', { ref: BASE });
    expect(p.os).toMatchObject({ id: 'debian', versionId: '12' });
    expect(p.layers).toHaveLength(1);
    expect(p.layers[0]!.changes.every((c) => c.kind === 'installed')).toBe(true);
    expect(debs(p.layers[0]!.changes.map((c) => c.package))).toEqual(installed);
    expect(debs(p.packages)).toEqual(installed);
    expect(p.unreadable).toEqual([]);
    // Each with its architecture and the size dpkg recorded, and a purl naming the release.
    const libc = p.packages.find((q) => q.ecosystem === 'deb' && q.name === 'libc6')!;
    expect(libc.arch).toBe('amd64');
    expect(libc.size).toBeGreaterThan(1024 * 1024);
    expect(libc.purl).toBe(`pkg:deb/debian/libc6@${encodeURIComponent(libc.version)}?arch=amd64&distro=debian-12&upstream=glibc`);
  });

  it('reads what each build step installed, upgraded and purged, as dpkg inside each image says', async () => {
    const base = await dpkgQuery(BASE);
    const step1 = await dpkgQuery(STEP1);
    const step2 = await dpkgQuery(STEP2);
    expect(step1).toEqual([...base, 'berth-hello 1.0-1'].sort());
    const purged = base.find((l) => l.startsWith(`${PURGED} `))!;
    expect(purged).toBeDefined();
    expect(step2).toEqual([...base.filter((l) => l !== purged), 'berth-hello 2.0-1'].sort());

    const p = await rpc.call('layers.packages', { ref: STEP2 });
    const changes = p.layers.map((l) =>
      l.changes.map((c) => `${c.kind} ${c.package.ecosystem}:${c.package.name} ${c.from ? `${c.from}→` : ''}${c.package.version}`).sort(),
    );
    expect(changes.slice(1)).toEqual([[], ['installed deb:berth-hello 1.0-1'], [], [`removed deb:${purged}`, 'upgraded deb:berth-hello 1.0-1→2.0-1'].sort()]);
    expect(debs(p.packages)).toEqual(step2);
    // The licence from the copyright file dpkg installed, and the size from the control file, for the version installed last.
    expect(p.packages.find((q) => q.name === 'berth-hello')).toMatchObject({
      version: '2.0-1',
      licences: ['Apache-2.0'],
      size: 14 * 1024,
      layer: 4,
      arch: 'all',
    });
  });

  it('exports a CycloneDX SBOM of the real image that the published schema accepts, and SPDX with every package', async () => {
    const final = await dpkgQuery(STEP2);
    const cdx = await rpc.call('layers.sbom', { ref: STEP2, format: 'cyclonedx' });
    const doc = JSON.parse(cdx.document!) as { components: Array<{ purl: string; name: string; version: string }> };
    const validate = cycloneDx15Validator();
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(doc.components).toHaveLength(cdx.packages);
    const debComponents = doc.components.filter((c) => c.purl.startsWith('pkg:deb/'));
    expect(debComponents.map((c) => `${c.name} ${c.version}`).sort()).toEqual(final);
    const sp = JSON.parse((await rpc.call('layers.sbom', { ref: STEP2, format: 'spdx' })).document!) as { packages: Array<{ name: string }> };
    expect(sp.packages).toHaveLength(cdx.packages + 1);
  });

  it('compares the packages of the base and the final image: one added, one purged, the rest the same', async () => {
    const base = await dpkgQuery(BASE);
    const purged = base.find((l) => l.startsWith(`${PURGED} `))!;
    const c = await rpc.call('layers.comparePackages', { a: BASE, b: STEP2 });
    const deb = c.differences.filter((d) => d.ecosystem === 'deb').map((d) => `${d.kind} ${d.name} ${d.a ?? ''}→${d.b ?? ''}`);
    expect(deb.sort()).toEqual(['added berth-hello →2.0-1', `removed ${PURGED} ${purged.split(' ')[1]}→`].sort());
    expect(c.differences.filter((d) => d.ecosystem !== 'deb')).toEqual([]);
  });
});
