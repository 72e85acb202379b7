/**
 * A layer's changes as compact binary, the layer index's format on disk:
 * columns of fixed-size numbers and one table of latin1 strings (paths keep
 * their bytes), so reading it back is a walk over a buffer, with no text to
 * parse and no decompression. A header names the format and its version, and
 * a CRC-32 covers the rest: an old, foreign, cut-short or damaged file reads
 * as nothing (and is indexed again), never as wrong changes.
 *
 * Layout (little-endian): "BLIX", u32 version, u32 CRC-32 of what follows,
 * u32 counts of entries, links, hashes, whiteouts and opaque directories,
 * f64 bytes; then one column per field (f64 size, f64 mtime, u32 mode, u32
 * uid, u32 gid), a u32 length per string (paths, links, hashes, whiteouts,
 * opaque, in that order), u8 kind and flags per entry, and the strings.
 */
import * as zlib from 'node:zlib';
import type { EntryKind, LayerChanges, LayerEntry } from './layer-changes.js';

/** 3: binary columns (1 and 2 were gzipped JSON, under another name). */
export const INDEX_VERSION = 3;
const MAGIC = 0x58494c42; // "BLIX"
const HEADER = 40;

const KINDS: readonly EntryKind[] = ['file', 'hardlink', 'symlink', 'dir', 'device', 'fifo', 'other'];
const KIND_CODE = new Map(KINDS.map((k, i) => [k, i]));
const HAS_LINK = 0x10;
const HAS_HASH = 0x20;

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** Pure: the CRC-32 (IEEE) of bytes (zlib's where Node has it, the same sum by hand where it does not). */
export function crc32(b: Uint8Array): number {
  if (nativeCrc) return nativeCrc(b);
  let c = -1;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
const nativeCrc = (zlib as { crc32?: (b: Uint8Array) => number }).crc32;

/** Where each column starts, for `n` entries and `s` strings (each 8-aligned, so it can be read as a typed array). */
function columns(n: number, s: number) {
  const align = (x: number) => (x + 7) & ~7;
  const size = HEADER;
  const mtime = size + 8 * n;
  const mode = mtime + 8 * n;
  const uid = mode + 4 * n;
  const gid = uid + 4 * n;
  const lengths = align(gid + 4 * n);
  const kind = lengths + 4 * s;
  const text = align(kind + n);
  return { size, mtime, mode, uid, gid, lengths, kind, text };
}

/** Pure: a layer's changes in the index format. */
export function encodeChanges(c: LayerChanges): Buffer {
  const n = c.entries.length;
  const links: string[] = [];
  const hashes: string[] = [];
  for (const e of c.entries) {
    if (e.link !== undefined) links.push(e.link);
    if (e.hash !== undefined) hashes.push(e.hash);
  }
  const strings = [...c.entries.map((e) => e.path), ...links, ...hashes, ...c.whiteouts, ...c.opaque];
  const text = Buffer.from(strings.join(''), 'latin1');
  const at = columns(n, strings.length);
  const out = Buffer.alloc(at.text + text.length);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(INDEX_VERSION, 4);
  out.writeUInt32LE(n, 12);
  out.writeUInt32LE(links.length, 16);
  out.writeUInt32LE(hashes.length, 20);
  out.writeUInt32LE(c.whiteouts.length, 24);
  out.writeUInt32LE(c.opaque.length, 28);
  out.writeDoubleLE(c.bytes, 32);
  c.entries.forEach((e, i) => {
    out.writeDoubleLE(e.size, at.size + 8 * i);
    out.writeDoubleLE(e.mtime, at.mtime + 8 * i);
    out.writeUInt32LE(e.mode >>> 0, at.mode + 4 * i);
    out.writeUInt32LE(e.uid >>> 0, at.uid + 4 * i);
    out.writeUInt32LE(e.gid >>> 0, at.gid + 4 * i);
    out[at.kind + i] = KIND_CODE.get(e.kind)! | (e.link !== undefined ? HAS_LINK : 0) | (e.hash !== undefined ? HAS_HASH : 0);
  });
  strings.forEach((s, i) => out.writeUInt32LE(s.length, at.lengths + 4 * i));
  text.copy(out, at.text);
  out.writeUInt32LE(crc32(out.subarray(12)), 8);
  return out;
}

/** Pure: the changes back from `encodeChanges`, or undefined for anything else (another version, a damaged file). */
export function decodeChanges(file: Buffer): LayerChanges | undefined {
  if (file.length < HEADER || file.readUInt32LE(0) !== MAGIC || file.readUInt32LE(4) !== INDEX_VERSION) return undefined;
  if (crc32(file.subarray(12)) !== file.readUInt32LE(8)) return undefined;
  // Typed arrays need their columns aligned: a buffer that is not is copied once.
  const b = file.byteOffset % 8 === 0 ? file : Buffer.from(new Uint8Array(file));
  const n = b.readUInt32LE(12);
  const [linkCount, hashCount, whiteoutCount, opaqueCount] = [16, 20, 24, 28].map((o) => b.readUInt32LE(o)) as [number, number, number, number];
  const stringCount = n + linkCount + hashCount + whiteoutCount + opaqueCount;
  const at = columns(n, stringCount);
  if (at.text > b.length) return undefined;
  const f64 = (o: number) => new Float64Array(b.buffer, b.byteOffset + o, n);
  const u32 = (o: number, count = n) => new Uint32Array(b.buffer, b.byteOffset + o, count);
  const [size, mtime, mode, uid, gid] = [f64(at.size), f64(at.mtime), u32(at.mode), u32(at.uid), u32(at.gid)];
  const lengths = u32(at.lengths, stringCount);
  // One string for all the text, and each path a slice of it.
  const text = b.toString('latin1', at.text);
  const strings = new Array<string>(stringCount);
  let p = 0;
  for (let i = 0; i < stringCount; i++) {
    strings[i] = text.slice(p, p + lengths[i]!);
    p += lengths[i]!;
  }
  if (p !== text.length) return undefined;
  let link = n;
  let hash = n + linkCount;
  const entries = new Array<LayerEntry>(n);
  for (let i = 0; i < n; i++) {
    const code = b[at.kind + i]!;
    const kind = KINDS[code & 0x0f];
    if (!kind) return undefined;
    const e: { -readonly [K in keyof LayerEntry]: LayerEntry[K] } = {
      path: strings[i]!,
      kind,
      size: size[i]!,
      mode: mode[i]!,
      uid: uid[i]!,
      gid: gid[i]!,
      mtime: mtime[i]!,
    };
    if (code & HAS_LINK) e.link = strings[link++]!;
    if (code & HAS_HASH) e.hash = strings[hash++]!;
    entries[i] = e;
  }
  if (link !== n + linkCount || hash !== n + linkCount + hashCount) return undefined;
  const rest = n + linkCount + hashCount;
  return { entries, whiteouts: strings.slice(rest, rest + whiteoutCount), opaque: strings.slice(rest + whiteoutCount), bytes: b.readDoubleLE(32) };
}
