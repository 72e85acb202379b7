/** Packages per layer and the SBOM against a real engine: an image built here from hand-made package databases, one per layer. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack } from 'tar-stream';
import type { RpcClient } from '../rpc/client.js';
import { BUSYBOX_IMAGE, buildFromDockerfile } from '../../e2e/fixtures/images.js';
import { goBuildInfoBytes } from '../layers/packages/go-buildinfo-fixture.js';
import { cycloneDx15Validator } from '../layers/packages/sbom-schemas.js';
import { berth, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('packages');
let rpc: RpcClient;
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'layers', 'packages', 'fixtures', name), 'utf8');
const IMAGE = 'packages/app:1';
/** An older image to compare with: libc6 newer than IMAGE's, zlib1g the same, curl that IMAGE does not have. */
const OLD = 'packages/old:1';
const OLD_STATUS = ['libc6 2.36-9+deb12u5', 'zlib1g 1:1.2.13.dfsg-1', 'curl 7.88.1-10']
  .map((p) => `Package: ${p.split(' ')[0]}\\nStatus: install ok installed\\nArchitecture: amd64\\nVersion: ${p.split(' ')[1]}\\n`)
  .join('\\n');

const STATUS_1 = `Package: libc6\nStatus: install ok installed\nInstalled-Size: 12991\nArchitecture: amd64\nSource: glibc\nVersion: 2.36-9\n\nPackage: zlib1g\nStatus: install ok installed\nInstalled-Size: 168\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n`;
const STATUS_2 = STATUS_1.replace('Version: 2.36-9\n', 'Version: 2.36-9+deb12u4\n');
const NPM_X = JSON.stringify({ name: 'x', version: '1.2.3', license: 'ISC' });
const NPM_INDEX = 'module.exports = 42;\n';

/** Build IMAGE with the classic builder from a tar context on stdin: one package database per layer. */
async function buildImage(dockerHost: string): Promise<void> {
  const go = Buffer.concat([
    Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
    Buffer.alloc(70_000),
    goBuildInfoBytes('go1.21.5', 'path\texample.com/app\nmod\texample.com/app\tv0.3.0\t\ndep\tgithub.com/google/uuid\tv1.6.0\th1:x=\n'),
    Buffer.alloc(1000),
  ]);
  const files: Record<string, { body: string | Buffer; mode?: number }> = {
    Dockerfile: {
      body: `FROM ${BUSYBOX_IMAGE}
COPY os-release /etc/os-release
COPY status-1 /var/lib/dpkg/status
COPY copyright /usr/share/doc/zlib1g/copyright
COPY installed /lib/apk/db/installed
COPY x /app/node_modules/x
COPY requests-2.31.0.dist-info /usr/lib/python3/dist-packages/requests-2.31.0.dist-info
COPY app /usr/local/bin/app
COPY status-2 /var/lib/dpkg/status
RUN rm -rf /app/node_modules/x
`,
    },
    'os-release': { body: fixture('os-release') },
    'status-1': { body: STATUS_1 },
    'status-2': { body: STATUS_2 },
    copyright: { body: fixture('copyright-dep5.txt') },
    installed: { body: fixture('apk-installed.txt') },
    'x/package.json': { body: NPM_X },
    'x/index.js': { body: NPM_INDEX },
    'requests-2.31.0.dist-info/METADATA': { body: fixture('METADATA') },
    'requests-2.31.0.dist-info/RECORD': { body: fixture('RECORD') },
    app: { body: go, mode: 0o755 },
  };
  const p = pack();
  for (const [name, f] of Object.entries(files)) p.entry({ name, mode: f.mode ?? 0o644 }, f.body);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('docker', ['build', '-q', '-t', IMAGE, '-'], { env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0' } });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker build failed: ${err}`))));
    child.stdin.end(Buffer.concat(chunks));
  });
}

beforeAll(async () => {
  let dockerHost: string;
  ({ dockerHost, rpc } = await startTestEngine(home));
  await buildImage(dockerHost);
  await buildFromDockerfile(dockerHost, OLD, `FROM ${BUSYBOX_IMAGE}\nRUN mkdir -p /var/lib/dpkg && printf '${OLD_STATUS}' > /var/lib/dpkg/status\n`);
}, 180_000);
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

describe('packages per layer', () => {
  it('reads what each layer installed, upgraded and removed, as the package files say', async () => {
    const p = await rpc.call('layers.packages', { ref: IMAGE });
    const changes = p.layers.map((l) =>
      l.changes.map((c) => `${c.kind} ${c.package.ecosystem}:${c.package.name} ${c.from ? `${c.from}→` : ''}${c.package.version}`),
    );
    expect(changes).toEqual([
      [],
      [],
      ['installed deb:libc6 2.36-9', 'installed deb:zlib1g 1:1.2.13.dfsg-1'],
      [],
      ['installed apk:busybox 1.36.1-r15', 'installed apk:libcrypto3 3.1.4-r5', 'installed apk:musl 1.2.4_git20230717-r4'],
      ['installed npm:x 1.2.3'],
      ['installed python:requests 2.31.0'],
      ['installed go:example.com/app v0.3.0', 'installed go:github.com/google/uuid v1.6.0', 'installed go:stdlib go1.21.5'],
      ['upgraded deb:libc6 2.36-9→2.36-9+deb12u4'],
      ['removed npm:x 1.2.3'],
    ]);
    expect(p.os).toMatchObject({ id: 'debian', versionId: '12' });
    const x = p.layers[5]!.changes[0]!.package;
    expect(x).toMatchObject({ licences: ['ISC'], location: '/app/node_modules/x', size: NPM_X.length + NPM_INDEX.length, purl: 'pkg:npm/x@1.2.3', layer: 5 });
    const byName = new Map(p.packages.map((q) => [q.name, q]));
    expect(byName.get('zlib1g')).toMatchObject({ licences: ['Zlib', 'BSL-1.0'], size: 168 * 1024, layer: 2 });
    expect(byName.get('libc6')).toMatchObject({
      version: '2.36-9+deb12u4',
      layer: 8,
      purl: 'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc',
    });
    expect(byName.get('musl')).toMatchObject({ licences: ['MIT'], size: 667648 });
    expect(byName.get('requests')).toMatchObject({ licences: ['Apache 2.0'], size: 4 + 10142 + 4634 + 4963 + 100 });
    expect(byName.has('x')).toBe(false);
  });

  it('exports SBOMs: CycloneDX that the published schema accepts, and SPDX; the CLI prints the packages and writes the SBOM', async () => {
    const cdx = await rpc.call('layers.sbom', { ref: IMAGE, format: 'cyclonedx' });
    const doc = JSON.parse(cdx.document!) as { components: Array<{ purl: string }> };
    const validate = cycloneDx15Validator();
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(doc.components).toHaveLength(cdx.packages);
    expect(doc.components.map((c) => c.purl)).toContain('pkg:pypi/requests@2.31.0');
    const sp = JSON.parse((await rpc.call('layers.sbom', { ref: IMAGE, format: 'spdx' })).document!) as { spdxVersion: string; packages: unknown[] };
    expect(sp.spdxVersion).toBe('SPDX-2.3');
    expect(sp.packages).toHaveLength(cdx.packages + 1);

    const text = await berth(home, ['image', 'packages', IMAGE]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('↑ deb libc6 2.36-9 → 2.36-9+deb12u4');
    expect(text.stdout).toContain('- npm x 1.2.3');
    const out = join(home, 'sbom.spdx.json');
    const written = await berth(home, ['image', 'sbom', IMAGE, '--format', 'spdx', '-o', out]);
    expect(written.code, written.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ spdxVersion: 'SPDX-2.3' });
    const bad = await berth(home, ['image', 'sbom', IMAGE, '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"xml" is not an SBOM format: use cyclonedx or spdx.');
  });

  it('compares the packages of two images: what the second adds, removes and changes', async () => {
    const c = await rpc.call('layers.comparePackages', { a: BUSYBOX_IMAGE, b: IMAGE });
    expect(c.same).toBe(0);
    expect(c.differences.every((d) => d.kind === 'added')).toBe(true);
    expect(c.differences.find((d) => d.name === 'libc6')).toMatchObject({ kind: 'added', b: '2.36-9+deb12u4', layer: 8 });
    const back = await rpc.call('layers.comparePackages', { a: IMAGE, b: BUSYBOX_IMAGE });
    expect(back.differences.find((d) => d.name === 'musl')).toMatchObject({ kind: 'removed', a: '1.2.4_git20230717-r4' });
  });

  it('tells upgraded from downgraded packages, with the layer of each image, in the RPC and in berth image diff --packages', async () => {
    const c = await rpc.call('layers.comparePackages', { a: OLD, b: IMAGE });
    const deb = c.differences
      .filter((d) => d.ecosystem === 'deb')
      .map((d) => `${d.kind} ${d.name} ${d.a ?? ''}→${d.b ?? ''} A${d.layerA ?? '-'} B${d.layerB ?? '-'}`);
    expect(deb).toEqual(['removed curl 7.88.1-10→ A1 B-', 'downgraded libc6 2.36-9+deb12u5→2.36-9+deb12u4 A1 B8']);
    expect(c.same).toBe(1);
    expect(c.differences.find((d) => d.name === 'requests')).toMatchObject({ kind: 'added', b: '2.31.0', layerB: 6 });
    const back = await rpc.call('layers.comparePackages', { a: IMAGE, b: OLD });
    expect(back.differences.find((d) => d.name === 'libc6')).toMatchObject({ kind: 'upgraded', layerA: 8, layerB: 1 });

    const text = await berth(home, ['image', 'diff', OLD, IMAGE, '--packages']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('↓ deb libc6 2.36-9+deb12u5 → 2.36-9+deb12u4  (a L1, b L8)  /var/lib/dpkg/status');
    expect(text.stdout).toContain('- deb curl 7.88.1-10  (a L1)  /var/lib/dpkg/status');
    const json = await berth(home, ['image', 'diff', OLD, IMAGE, '--packages', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { packages: unknown }).packages).toEqual(c);
  });
});
