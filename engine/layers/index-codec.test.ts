/** The layer index's binary format and its files on disk: a round trip, and anything else read as nothing. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { LayerSummary } from './contract.js';
import { crc32, decodeChanges, encodeChanges, INDEX_VERSION } from './index-codec.js';
import { LayerDiskCache, SUMMARY_VERSION } from './layer-cache.js';
import { contentHash, type LayerChanges } from './layer-changes.js';

const changes: LayerChanges = {
  entries: [
    { path: 'etc', kind: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: 1_700_000_000 },
    { path: 'etc/caf\xe9', kind: 'file', size: 5_000_000_000, mode: 0o4755, uid: 65534, gid: 4_000_000_000, mtime: 5, hash: contentHash('x') },
    { path: 'etc/empty', kind: 'file', size: 0, mode: 0o644, uid: 1, gid: 2, mtime: 0 },
    { path: 'bin/sh', kind: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, mtime: 0, link: 'busybox' },
    { path: 'bin/ash', kind: 'hardlink', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: 0, link: 'bin/busybox', hash: contentHash('bb') },
    { path: 'dev/null', kind: 'device', size: 0, mode: 0o666, uid: 0, gid: 0, mtime: 0 },
    { path: 'run/fifo', kind: 'fifo', size: 0, mode: 0o600, uid: 0, gid: 0, mtime: 0 },
  ],
  whiteouts: ['gone', 'var/\xff\xfe'],
  opaque: ['', 'opt'],
  bytes: 5_000_000_000,
};

describe('layer index format', () => {
  it('gives back every field of every entry kind, links, hashes, whiteouts, opaque directories and non-UTF-8 bytes', () => {
    const bytes = encodeChanges(changes);
    expect(bytes.toString('latin1', 0, 4)).toBe('BLIX');
    expect(bytes.readUInt32LE(4)).toBe(INDEX_VERSION);
    expect(decodeChanges(bytes)).toEqual(changes);
    expect(decodeChanges(encodeChanges({ entries: [], whiteouts: [], opaque: [], bytes: 0 }))).toEqual({ entries: [], whiteouts: [], opaque: [], bytes: 0 });
  });

  it('reads a buffer that does not start on an aligned address (a slice of a bigger one)', () => {
    const bytes = encodeChanges(changes);
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    expect(decodeChanges(shifted.subarray(3))).toEqual(changes);
  });

  it('reads every damaged, cut-short, foreign or older file as nothing', () => {
    const bytes = encodeChanges(changes);
    for (let at = 0; at < bytes.length; at += 7) {
      const flipped = Buffer.from(bytes);
      flipped[at] ^= 0x40;
      expect(decodeChanges(flipped), `byte ${at} flipped`).toBeUndefined();
    }
    for (const cut of [0, 3, 12, 40, bytes.length - 1]) expect(decodeChanges(bytes.subarray(0, cut))).toBeUndefined();
    expect(decodeChanges(Buffer.concat([bytes, Buffer.from([0])]))).toBeUndefined();
    // The next version of the format, even with a sum that holds, is not read as this one.
    const next = Buffer.from(bytes);
    next.writeUInt32LE(INDEX_VERSION + 1, 4);
    expect(decodeChanges(next)).toBeUndefined();
    // What version 2 wrote: gzipped JSON.
    expect(decodeChanges(gzipSync(JSON.stringify({ v: 2, bytes: 0, whiteouts: [], opaque: [], rows: [] })))).toBeUndefined();
    expect(decodeChanges(Buffer.from('{"v":3}'))).toBeUndefined();
  });

  it('sums bytes as CRC-32 does', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });
});

describe('layer index files', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const cacheDir = () => {
    const d = mkdtempSync('/tmp/berth-index-codec-');
    dirs.push(d);
    return `${d}/layers`;
  };
  const id = `sha256:${'cd'.repeat(32)}`;

  it('ignores an index of an earlier version and replaces it with this one when the layer is indexed again', async () => {
    const dir = cacheDir();
    const cache = new LayerDiskCache(dir);
    await cache.put(`sha256:${'00'.repeat(32)}`, changes); // makes the folder
    writeFileSync(`${dir}/${'cd'.repeat(32)}.json.gz`, gzipSync(JSON.stringify({ v: 2, bytes: 0, whiteouts: [], opaque: [], rows: [] })));
    expect(await cache.get(id)).toBeUndefined();
    await cache.put(id, changes);
    expect(await cache.get(id)).toEqual(changes);
    expect(readdirSync(dir).sort()).toEqual([`${'00'.repeat(32)}.lix`, `${'cd'.repeat(32)}.lix`]);
  });

  it('reads a damaged index as missing, so the layer is indexed again', async () => {
    const dir = cacheDir();
    const cache = new LayerDiskCache(dir);
    await cache.put(id, changes);
    const file = `${dir}/${'cd'.repeat(32)}.lix`;
    const bytes = readFileSync(file);
    bytes[bytes.length - 2] ^= 1;
    writeFileSync(file, bytes);
    expect(await cache.get(id)).toBeUndefined();
    writeFileSync(file, bytes.subarray(0, 100));
    expect(await cache.get(id)).toBeUndefined();
  });

  it('keeps an image summary by image id, and forgets one of another version or for another image', async () => {
    const dir = cacheDir();
    const cache = new LayerDiskCache(dir);
    const summary = { id, steps: [], layers: [], total: 0, wasted: 0, efficiency: 1, waste: [], wastePaths: 0, flags: [], files: 0 } satisfies LayerSummary;
    expect(await cache.getSummary(id)).toBeUndefined();
    await cache.putSummary(summary);
    expect(await cache.getSummary(id)).toEqual(summary);
    const file = `${dir}/${'cd'.repeat(32)}.summary.json`;
    writeFileSync(file, JSON.stringify({ v: SUMMARY_VERSION - 1, summary }));
    expect(await cache.getSummary(id)).toBeUndefined();
    writeFileSync(file, JSON.stringify({ v: SUMMARY_VERSION, summary: { ...summary, id: `sha256:${'ef'.repeat(32)}` } }));
    expect(await cache.getSummary(id)).toBeUndefined();
    writeFileSync(file, '{"v":');
    expect(await cache.getSummary(id)).toBeUndefined();
  });
});
