/**
 * Reads one layer's package files as its tar streams by: which entries are
 * package databases (by path), their bodies kept and parsed at the end, Go
 * build info looked for in executables, and the bytes under each
 * `node_modules/<name>` folder counted (npm records no installed size).
 */
import type { TarHeader, BodySink } from '../../util/tar-reader.js';
import { normalisePath } from '../layer-changes.js';
import { parseApkInstalled } from './apk.js';
import { parseDebianCopyright, parseDpkgStatus } from './dpkg.js';
import { BuildInfoScanner, goPackages } from './go-buildinfo.js';
import type { Finding, FoundPackage, LayerFindings, OsRelease } from './model.js';
import { isNpmManifest, npmPackageDir, parsePackageJson } from './npm.js';
import { isDistInfo, parseMetadata, recordSize } from './python.js';

export type FileKind = 'dpkg-status' | 'dpkg-status-d' | 'copyright' | 'apk' | 'npm' | 'python' | 'record' | 'os-release';

/** Most bytes of a package file read (a status file of a big system is a few MiB). */
const MAX_TEXT: Readonly<Record<FileKind, number>> = {
  'dpkg-status': 64 << 20,
  'dpkg-status-d': 1 << 20,
  copyright: 1 << 20,
  apk: 64 << 20,
  npm: 4 << 20,
  python: 4 << 20,
  record: 16 << 20,
  'os-release': 64 << 10,
};

/** Executables smaller than this are scripts or stubs, not Go programs. */
const MIN_GO_BINARY = 64 * 1024;

/** Pure: what kind of package file a path is, if any. */
export function fileKind(path: string): FileKind | undefined {
  if (path === 'var/lib/dpkg/status') return 'dpkg-status';
  if (/^var\/lib\/dpkg\/status\.d\/[^/]+$/.test(path) && !path.endsWith('.md5sums')) return 'dpkg-status-d';
  if (/^usr\/share\/doc\/[^/]+\/copyright$/.test(path)) return 'copyright';
  if (path === 'lib/apk/db/installed') return 'apk';
  if (path === 'etc/os-release' || path === 'usr/lib/os-release') return 'os-release';
  if (isNpmManifest(path)) return 'npm';
  if (isDistInfo(path, 'METADATA')) return 'python';
  if (isDistInfo(path, 'RECORD')) return 'record';
  return undefined;
}

/** Pure: the distribution an os-release file names. */
export function parseOsRelease(text: string): OsRelease | undefined {
  const v = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) v.set(m[1]!, m[2]!.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1'));
  }
  const id = v.get('ID');
  if (!id) return undefined;
  const versionId = v.get('VERSION_ID');
  const prettyName = v.get('PRETTY_NAME');
  return { id, ...(versionId ? { versionId } : {}), ...(prettyName ? { prettyName } : {}) };
}

/** Pure: a package file's text as a finding. */
export function parseFile(kind: FileKind, text: string): Finding {
  const packages = (list: FoundPackage[]): Finding => ({ kind: 'packages', packages: list });
  const one = (p: FoundPackage | undefined): Finding => (p ? packages([p]) : { kind: 'unreadable', why: 'not a package manifest' });
  switch (kind) {
    case 'dpkg-status':
    case 'dpkg-status-d':
      return packages(parseDpkgStatus(text));
    case 'apk':
      return packages(parseApkInstalled(text));
    case 'npm':
      return one(parsePackageJson(text));
    case 'python':
      return one(parseMetadata(text));
    case 'record':
      return { kind: 'record', size: recordSize(text) };
    case 'copyright': {
      const licences = parseDebianCopyright(text);
      return { kind: 'copyright', licences: licences ?? [] };
    }
    case 'os-release': {
      const os = parseOsRelease(text);
      return os ? { kind: 'os-release', os } : { kind: 'unreadable', why: 'no ID in os-release' };
    }
  }
}

/** Collects one layer's findings from its tar headers (hand `entry` each header, take `build` at the end). */
export class LayerPackageCollector {
  private readonly found: Record<string, Finding> = {};
  private readonly npmBytes = new Map<string, number>();
  private readonly goSizes = new Map<string, number>();

  /** A sink for the entry's body when it is a package file or a possible Go binary. */
  entry(h: TarHeader): BodySink | undefined {
    if (h.kind !== 'file') return undefined;
    const path = normalisePath(h.name);
    const dir = npmPackageDir(path);
    if (dir) this.npmBytes.set(dir, (this.npmBytes.get(dir) ?? 0) + h.size);
    const kind = fileKind(path);
    if (kind) return this.text(path, kind, h.size);
    if (h.mode & 0o111 && h.size >= MIN_GO_BINARY) return this.binary(path, h.size);
    return undefined;
  }

  private text(path: string, kind: FileKind, size: number): BodySink | undefined {
    if (size > MAX_TEXT[kind]) {
      this.found[path] = { kind: 'unreadable', why: `bigger than ${MAX_TEXT[kind]} bytes` };
      return undefined;
    }
    const parts: Buffer[] = [];
    const sink: BodySink = (chunk) => void parts.push(Buffer.from(chunk));
    sink.end = () => {
      this.found[path] = parseFile(kind, Buffer.concat(parts).toString('utf8'));
    };
    return sink;
  }

  private binary(path: string, size: number): BodySink {
    const scanner = new BuildInfoScanner();
    const sink: BodySink = (chunk) => scanner.push(chunk);
    sink.end = () => {
      const info = scanner.result();
      if (!info) return;
      this.goSizes.set(path, size);
      this.found[path] = { kind: 'packages', packages: goPackages(info) };
    };
    return sink;
  }

  /** The layer's findings: npm packages get the bytes of their folder in this layer, a Go program's main module its file's size. */
  build(): LayerFindings {
    for (const [path, f] of Object.entries(this.found)) {
      if (f.kind !== 'packages') continue;
      const npmDir = path.endsWith('/package.json') ? path.slice(0, -'/package.json'.length) : undefined;
      const bytes = npmDir !== undefined ? this.npmBytes.get(npmDir) : this.goSizes.get(path);
      if (bytes === undefined) continue;
      this.found[path] = { kind: 'packages', packages: f.packages.map((p, i) => (i === 0 && p.size === undefined ? { ...p, size: bytes } : p)) };
    }
    return this.found;
  }
}
