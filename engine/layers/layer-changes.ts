/**
 * One layer's changes, read from its tar entries: what it adds or replaces,
 * what it deletes (whiteouts `.wh.<name>`) and which directories it makes
 * opaque (`.wh..wh..opq`: everything below from earlier layers is hidden).
 * Paths are kept as bytes (latin1 strings), relative, without `./` or slashes
 * at either end.
 */
import { createHash, type Hash } from 'node:crypto';
import type { BodySink, TarHeader, TarKind } from '../util/tar-reader.js';

export type EntryKind = Exclude<TarKind, 'char' | 'block' | 'fifo' | 'other'> | 'device' | 'fifo' | 'other';

export interface LayerEntry {
  readonly path: string;
  readonly kind: EntryKind;
  /** Bytes this entry stores in the layer (0 for a hard link: its data is its target's). */
  readonly size: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: number;
  /** Symlink target as written, or the path a hard link points at (normalised). */
  readonly link?: string;
  /** A file's content: `contentHash` of the bytes the layer stores (absent for an empty file). */
  readonly hash?: string;
}

export interface LayerChanges {
  /** In tar order. */
  readonly entries: LayerEntry[];
  /** Paths deleted from earlier layers. */
  readonly whiteouts: string[];
  /** Directories whose earlier contents are hidden. */
  readonly opaque: string[];
  /** Bytes of file data stored in this layer. */
  readonly bytes: number;
}

const WH = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** Pure: a tar name as a layer path: no `./`, no leading or trailing slash; '' is the root. */
export function normalisePath(name: string): string {
  let p = name;
  while (p.startsWith('./')) p = p.slice(2);
  p = p.replace(/^\/+/, '').replace(/\/+$/, '');
  return p === '.' ? '' : p;
}

const KIND: Record<TarKind, EntryKind> = {
  file: 'file',
  hardlink: 'hardlink',
  symlink: 'symlink',
  dir: 'dir',
  char: 'device',
  block: 'device',
  fifo: 'fifo',
  other: 'other',
};

/**
 * A file's content as a short text, to tell whether two copies hold the same bytes: the first 128 bits of
 * their SHA-256, base64. Timestamps play no part, so a file written again unchanged is the same.
 */
export function contentHash(data: Buffer | string): string {
  return shortDigest(createHash('sha256').update(data));
}

const shortDigest = (h: Hash) => h.digest().subarray(0, 16).toString('base64');

/** Collects a layer's changes from its tar headers, and a hash of each file's bytes. */
export class LayerChangesBuilder {
  private readonly entries: Array<{ -readonly [K in keyof LayerEntry]: LayerEntry[K] }> = [];
  private readonly whiteouts: string[] = [];
  private readonly opaque: string[] = [];
  private bytes = 0;

  /** Take one header; for a file with bytes, the sink that hashes its body (the entry's `hash` is set when it ends). */
  add(h: TarHeader): BodySink | undefined {
    const path = normalisePath(h.name);
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    const base = slash < 0 ? path : path.slice(slash + 1);
    if (base === OPAQUE) {
      this.opaque.push(dir);
      return;
    }
    if (base.startsWith(WH)) {
      const gone = base.slice(WH.length);
      this.whiteouts.push(dir ? `${dir}/${gone}` : gone);
      return;
    }
    if (path === '') return;
    const kind = KIND[h.kind];
    const size = kind === 'file' ? h.size : 0;
    this.bytes += size;
    const entry: (typeof this.entries)[number] = {
      path,
      kind,
      size,
      mode: h.mode,
      uid: h.uid,
      gid: h.gid,
      mtime: h.mtime,
      ...(kind === 'symlink' ? { link: h.link } : kind === 'hardlink' ? { link: normalisePath(h.link) } : {}),
    };
    this.entries.push(entry);
    if (size === 0) return undefined;
    const hash = createHash('sha256');
    const sink: BodySink = (chunk) => void hash.update(chunk);
    sink.end = () => void (entry.hash = shortDigest(hash));
    return sink;
  }

  build(): LayerChanges {
    return { entries: this.entries, whiteouts: this.whiteouts, opaque: this.opaque, bytes: this.bytes };
  }
}

/** Pure: a path's bytes as text for people: UTF-8 when it is, else with each bad byte as \xNN. */
export function displayPath(path: string): string {
  if (!/[\x80-\xff]/.test(path)) return path;
  const bytes = Buffer.from(path, 'latin1');
  const text = bytes.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(bytes)) return text;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    const seq = len ? bytes.subarray(i, i + len) : undefined;
    if (seq && seq.length === len && Buffer.from(seq.toString('utf8'), 'utf8').equals(seq)) {
      out += seq.toString('utf8');
      i += len;
    } else {
      out += `\\x${b.toString(16).padStart(2, '0')}`;
      i += 1;
    }
  }
  return out;
}
