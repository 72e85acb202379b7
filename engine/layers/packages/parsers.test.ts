import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseApkInstalled } from './apk.js';
import { fileKind, parseOsRelease } from './collector.js';
import { parseDebianCopyright, parseDpkgStatus } from './dpkg.js';
import { BuildInfoScanner, goPackages, parseBuildInfo } from './go-buildinfo.js';
import { npmPackageDir, parsePackageJson } from './npm.js';
import { purlOf } from './purl.js';
import { parseMetadata, recordSize } from './python.js';
import { compareVersions } from './version-order.js';
import { goBuildInfoBytes } from './go-buildinfo-fixture.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

const MOD = [
  'path\tgithub.com/example/server/cmd/server',
  'mod\tgithub.com/example/server\tv1.4.2\th1:abc=',
  'dep\tgithub.com/google/uuid\tv1.6.0\th1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=',
  'dep\tgolang.org/x/sys\tv0.15.0\th1:old=',
  '=>\tgolang.org/x/sys\tv0.16.0\th1:new=',
  'build\t-compiler=gc',
  'build\tGOOS=linux',
  '',
].join('\n');

describe('package database parsers', () => {
  it('reads the installed packages of a dpkg status file, leaving out ones only configuration remains of', () => {
    const p = parseDpkgStatus(fixture('dpkg-status.txt'));
    expect(p.map((x) => `${x.name} ${x.version}`)).toEqual([
      'base-files 12.4+deb12u5',
      'libc6 2.36-9+deb12u4',
      'libgcc-s1 12.2.0-14',
      'tzdata 2024a-0+deb12u1',
    ]);
    expect(p[1]).toEqual({ ecosystem: 'deb', name: 'libc6', version: '2.36-9+deb12u4', licences: [], size: 12991 * 1024, arch: 'amd64', source: 'glibc' });
    expect(p[2]!.source).toBe('gcc-12');
    expect(p[3]!.arch).toBe('all');
  });

  it('reads the licences of a machine-readable copyright file, and none from a free-form one', () => {
    expect(parseDebianCopyright(fixture('copyright-dep5.txt'))).toEqual(['Zlib', 'BSL-1.0']);
    expect(parseDebianCopyright(fixture('copyright-free.txt'))).toBeUndefined();
  });

  it('reads an apk database: name, version, arch, installed size, licence and origin', () => {
    const p = parseApkInstalled(fixture('apk-installed.txt'));
    expect(p.map((x) => x.name)).toEqual(['musl', 'busybox', 'libcrypto3']);
    expect(p[0]).toEqual({ ecosystem: 'apk', name: 'musl', version: '1.2.4_git20230717-r4', licences: ['MIT'], size: 667648, arch: 'x86_64' });
    expect(p[2]).toMatchObject({ licences: ['Apache-2.0'], source: 'openssl', size: 4374528 });
  });

  it('reads package.json (licence as a string, an object or the old list) and finds the package folder of a file', () => {
    expect(parsePackageJson(fixture('package.json'))).toEqual({ ecosystem: 'npm', name: '@babel/code-frame', version: '7.23.5', licences: ['MIT'] });
    expect(parsePackageJson('{"name":"x","version":"1.0.0","license":{"type":"ISC"}}')!.licences).toEqual(['ISC']);
    expect(parsePackageJson('{"name":"y","version":"1.0.0","licenses":[{"type":"MIT"},{"type":"Apache-2.0"}]}')!.licences).toEqual(['MIT', 'Apache-2.0']);
    expect(parsePackageJson('{"name":"no-version"}')).toBeUndefined();
    expect(parsePackageJson('not json')).toBeUndefined();
    expect(npmPackageDir('app/node_modules/@babel/code-frame/lib/index.js')).toBe('app/node_modules/@babel/code-frame');
    expect(npmPackageDir('app/node_modules/a/node_modules/b/package.json')).toBe('app/node_modules/a/node_modules/b');
    expect(npmPackageDir('app/my_node_modules/a/x.js')).toBeUndefined();
    expect(fileKind('app/node_modules/a/package.json')).toBe('npm');
    expect(fileKind('app/node_modules/a/lib/package.json')).toBeUndefined();
    expect(fileKind('app/node_modules/.bin/package.json')).toBeUndefined();
  });

  it('reads a METADATA file’s headers only, its licence from License, else the classifiers; sums a RECORD', () => {
    expect(parseMetadata(fixture('METADATA'))).toEqual({ ecosystem: 'python', name: 'requests', version: '2.31.0', licences: ['Apache 2.0'] });
    expect(parseMetadata(fixture('METADATA-classifier'))!.licences).toEqual(['PSF-2.0']);
    expect(recordSize(fixture('RECORD'))).toBe(4 + 10142 + 4634 + 4963 + 100);
    expect(fileKind('usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA')).toBe('python');
  });

  it('reads os-release', () => {
    expect(parseOsRelease(fixture('os-release'))).toEqual({ id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
  });

  it('reads Go build info: the Go version, main module and dependencies with replacements applied', () => {
    const info = parseBuildInfo(goBuildInfoBytes('go1.21.5', MOD))!;
    expect(info.goVersion).toBe('go1.21.5');
    expect(info.path).toBe('github.com/example/server/cmd/server');
    expect(info.main).toEqual({ path: 'github.com/example/server', version: 'v1.4.2', sum: 'h1:abc=' });
    expect(info.deps.map((d) => `${d.path}@${d.version}`)).toEqual(['github.com/google/uuid@v1.6.0', 'golang.org/x/sys@v0.16.0']);
    expect(goPackages(info).map((p) => `${p.name}@${p.version}`)).toEqual([
      'github.com/example/server@v1.4.2',
      'github.com/google/uuid@v1.6.0',
      'golang.org/x/sys@v0.16.0',
      'stdlib@go1.21.5',
    ]);
    // Built outside module mode: the version only.
    expect(parseBuildInfo(goBuildInfoBytes('go1.22.0', ''))).toEqual({ goVersion: 'go1.22.0', deps: [] });
  });

  it('finds the build info inside an ELF file streamed in small chunks, the header cut across two, after a false start', () => {
    const info = goBuildInfoBytes('go1.21.5', MOD);
    const decoy = Buffer.concat([Buffer.from('\xff Go buildinf:', 'latin1'), Buffer.from('not a header, just the string in rodata')]);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(5000, 1), decoy, Buffer.alloc(3001, 2), info, Buffer.alloc(4000, 3)]);
    for (const size of [7, 100, 4096, elf.length]) {
      const s = new BuildInfoScanner();
      for (let at = 0; at < elf.length; at += size) s.push(elf.subarray(at, at + size));
      expect(s.result()?.main?.version, `chunks of ${size}`).toBe('v1.4.2');
    }
    const notElf = new BuildInfoScanner();
    notElf.push(Buffer.concat([Buffer.from('#!/bin/sh\n'), info]));
    expect(notElf.result()).toBeUndefined();
  });

  it('orders versions as dpkg does', () => {
    expect(compareVersions('2.36-9+deb12u4', '2.36-9+deb12u3')).toBe(1);
    expect(compareVersions('1.0~rc1', '1.0')).toBe(-1);
    expect(compareVersions('1:0.9', '2.0')).toBe(1);
    expect(compareVersions('1.10.0', '1.9.3')).toBe(1);
    expect(compareVersions('v0.16.0', 'v0.15.0')).toBe(1);
    expect(compareVersions('1.2.4_git20230717-r4', '1.2.4_git20230717-r4')).toBe(0);
    expect(compareVersions('1.36.1-r15', '1.36.1-r2')).toBe(1);
  });

  it('gives each package its purl', () => {
    const os = { id: 'debian', versionId: '12' };
    expect(purlOf({ ecosystem: 'deb', name: 'libc6', version: '2.36-9+deb12u4', licences: [], arch: 'amd64', source: 'glibc' }, os)).toBe(
      'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc',
    );
    expect(purlOf({ ecosystem: 'deb', name: 'oldtool', version: '1:2.0-1', licences: [] })).toBe('pkg:deb/debian/oldtool@1%3A2.0-1');
    expect(purlOf({ ecosystem: 'apk', name: 'musl', version: '1.2.4-r4', licences: [], arch: 'x86_64' }, { id: 'alpine', versionId: '3.19.1' })).toBe(
      'pkg:apk/alpine/musl@1.2.4-r4?arch=x86_64&distro=3.19.1',
    );
    expect(purlOf({ ecosystem: 'npm', name: '@babel/code-frame', version: '7.23.5', licences: [] })).toBe('pkg:npm/%40babel/code-frame@7.23.5');
    expect(purlOf({ ecosystem: 'python', name: 'Typing_Extensions', version: '4.9.0', licences: [] })).toBe('pkg:pypi/typing-extensions@4.9.0');
    expect(purlOf({ ecosystem: 'go', name: 'golang.org/x/sys', version: 'v0.16.0', licences: [] })).toBe('pkg:golang/golang.org/x/sys@v0.16.0');
  });
});
