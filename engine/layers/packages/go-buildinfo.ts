/**
 * Go binaries' embedded build information: since Go 1.18 the linker writes a
 * 32-byte header starting `\xff Go buildinf:` followed by two
 * varint-length-prefixed strings, the Go version and the module list
 * (`path`, `mod`, `dep`, `=>` replacement and `build` lines, tab-separated,
 * framed by 16 sentinel bytes at each end). Older binaries point at the
 * strings through the data segment instead; those are not read here.
 */
import type { FoundPackage } from './model.js';

export const GO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER = 32;
const FLAG_INLINE = 0x2;

export interface GoModule {
  readonly path: string;
  readonly version: string;
  readonly sum?: string;
}

export interface GoBuildInfo {
  readonly goVersion: string;
  /** The main package's import path. */
  readonly path?: string;
  readonly main?: GoModule;
  readonly deps: readonly GoModule[];
}

/** Pure: an unsigned LEB128 varint at `at`: its value and where the next byte is (undefined when cut short). */
function uvarint(b: Buffer, at: number): [number, number] | undefined {
  let n = 0;
  let shift = 0;
  for (let i = at; i < b.length && shift < 35; i++) {
    const c = b[i]!;
    n += (c & 0x7f) * 2 ** shift;
    if (c < 0x80) return [n, i + 1];
    shift += 7;
  }
  return undefined;
}

/** Pure: the build info in `b`, which starts at a magic header; undefined when it is not a readable (Go 1.18+) one. */
export function parseBuildInfo(b: Buffer): GoBuildInfo | undefined {
  if (b.length < HEADER || !b.subarray(0, GO_MAGIC.length).equals(GO_MAGIC)) return undefined;
  const ptrSize = b[14];
  const flags = b[15]!;
  if ((ptrSize !== 4 && ptrSize !== 8) || !(flags & FLAG_INLINE)) return undefined;
  const version = uvarint(b, HEADER);
  if (!version || version[1] + version[0] > b.length) return undefined;
  const goVersion = b.toString('utf8', version[1], version[1] + version[0]);
  if (!/^go\d/.test(goVersion) && !goVersion.startsWith('devel')) return undefined;
  const modLen = uvarint(b, version[1] + version[0]);
  let modText = '';
  if (modLen && modLen[1] + modLen[0] <= b.length) {
    const mod = b.subarray(modLen[1], modLen[1] + modLen[0]);
    // The sentinels around the text; without them there is no module information (built outside module mode).
    if (mod.length >= 33 && mod[mod.length - 17] === 0x0a) modText = mod.toString('utf8', 16, mod.length - 16);
  }
  return { goVersion, ...parseModInfo(modText) };
}

/** Pure: the module lines of the build info: the main package's path, its module, and the dependencies (replacements applied). */
export function parseModInfo(text: string): { path?: string; main?: GoModule; deps: GoModule[] } {
  let path: string | undefined;
  let main: GoModule | undefined;
  const deps: GoModule[] = [];
  const mod = (f: string[]): GoModule | undefined => (f[1] ? { path: f[1], version: f[2] ?? '', ...(f[3] ? { sum: f[3] } : {}) } : undefined);
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    switch (f[0]) {
      case 'path':
        path = f[1];
        break;
      case 'mod':
        main = mod(f);
        break;
      case 'dep': {
        const m = mod(f);
        if (m) deps.push(m);
        break;
      }
      case '=>': {
        // Replaces the dependency just above: the code built is the replacement's.
        const m = mod(f);
        if (m && deps.length) deps[deps.length - 1] = m;
        break;
      }
      default:
        break;
    }
  }
  return { ...(path ? { path } : {}), ...(main ? { main } : {}), deps };
}

/** Pure: a binary's modules as packages: the main module, each dependency, and the standard library (as `stdlib` at the Go version). */
export function goPackages(info: GoBuildInfo): FoundPackage[] {
  const out: FoundPackage[] = [];
  const add = (name: string, version: string) => out.push({ ecosystem: 'go', name, version, licences: [] });
  if (info.main) add(info.main.path, info.main.version || '(devel)');
  for (const d of info.deps) add(d.path, d.version);
  add('stdlib', info.goVersion);
  return out;
}

/** Bytes of build info kept after a header is seen (the module list of a big program is tens of KiB). */
export const BUILDINFO_WINDOW = 256 * 1024;

/**
 * Looks for build info headers in a file streamed through it, chunk by chunk
 * (a header may straddle two chunks), keeping a window of bytes after each of
 * the first few; `result` parses them and gives the first that reads.
 */
export class BuildInfoScanner {
  private tail = Buffer.alloc(0);
  private readonly windows: Array<{ parts: Buffer[]; have: number }> = [];
  private elf: boolean | undefined;

  push(chunk: Buffer): void {
    if (this.elf === undefined) this.elf = chunk.length >= 4 && chunk.readUInt32BE(0) === 0x7f454c46;
    if (!this.elf) return;
    for (const w of this.windows) this.fill(w, chunk);
    // A header straddling the chunk before and this one.
    if (this.tail.length) {
      const seam = Buffer.concat([this.tail, chunk.subarray(0, GO_MAGIC.length - 1)]);
      const at = seam.indexOf(GO_MAGIC);
      if (at >= 0 && at < this.tail.length) this.open(Buffer.concat([seam.subarray(at, this.tail.length), chunk]));
    }
    for (let at = chunk.indexOf(GO_MAGIC); at >= 0; at = chunk.indexOf(GO_MAGIC, at + 1)) this.open(chunk.subarray(at));
    const keep = GO_MAGIC.length - 1;
    this.tail = Buffer.from(chunk.length >= keep ? chunk.subarray(chunk.length - keep) : Buffer.concat([this.tail, chunk]).subarray(-keep));
  }

  private open(from: Buffer): void {
    if (this.windows.length >= 4) return;
    const w = { parts: [] as Buffer[], have: 0 };
    this.fill(w, from);
    this.windows.push(w);
  }

  private fill(w: { parts: Buffer[]; have: number }, bytes: Buffer): void {
    if (w.have >= BUILDINFO_WINDOW) return;
    const part = bytes.subarray(0, BUILDINFO_WINDOW - w.have);
    w.parts.push(Buffer.from(part));
    w.have += part.length;
  }

  /** The first header that reads as Go 1.18+ build info, if any. */
  result(): GoBuildInfo | undefined {
    for (const w of this.windows) {
      const info = parseBuildInfo(Buffer.concat(w.parts));
      if (info) return info;
    }
    return undefined;
  }
}
