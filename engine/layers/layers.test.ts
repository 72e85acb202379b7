/** Layer tars built by hand (real tar bytes from tar-stream's packer), read and stacked as the engine would. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pack, type Header } from 'tar-stream';
import { analyse, changeTree, lookup, stack, type TreeNode } from './image-tree.js';
import { displayPath, LayerChangesBuilder, normalisePath, type LayerChanges } from './layer-changes.js';
import { readNumber, TarError, TarReader } from '../util/tar-reader.js';

type Item = Partial<Header> & { name: string; body?: string | Buffer };

/** A real tar archive of these entries. */
async function tar(items: Item[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const { body, ...h } of items) {
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    const header = { mode: h.type === 'directory' ? 0o755 : 0o644, ...h, ...(data ? { size: data.length } : {}) } as Header;
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error | null) => (err ? reject(err) : resolve());
      if (data) p.entry(header, data, done);
      else p.entry(header, done);
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Read a layer tar in uneven chunks, as a socket would deliver it. */
async function read(bytes: Buffer, chunk = 777): Promise<LayerChanges> {
  const b = new LayerChangesBuilder();
  const r = new TarReader((h) => void b.add(h));
  for (let i = 0; i < bytes.length; i += chunk) await r.push(bytes.subarray(i, i + chunk));
  await r.end();
  return b.build();
}

const layer = async (items: Item[]) => read(await tar(items));
const dir = (name: string, extra: Partial<Header> = {}): Item => ({ name, type: 'directory', ...extra });
const file = (name: string, size: number, extra: Partial<Header> = {}): Item => ({ name, body: Buffer.alloc(size, 120), ...extra });
const names = (n: TreeNode | undefined) => [...(n?.children?.keys() ?? [])].sort();

describe('tar reading', () => {
  it('reads names, kinds, sizes, modes and links, whatever the chunk size', async () => {
    const bytes = await tar([
      dir('etc/'),
      file('etc/hosts', 20, { mode: 0o600, uid: 7, gid: 8 }),
      { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
      { name: 'bin/ash', type: 'link', linkname: 'etc/hosts' },
    ]);
    for (const size of [1, 511, 512, 4096, bytes.length]) {
      const l = await read(bytes, size);
      expect(l.entries.map((e) => [e.path, e.kind, e.size, e.link ?? ''])).toEqual([
        ['etc', 'dir', 0, ''],
        ['etc/hosts', 'file', 20, ''],
        ['bin/sh', 'symlink', 0, '/bin/busybox'],
        ['bin/ash', 'hardlink', 0, 'etc/hosts'],
      ]);
      expect(l.entries[1]).toMatchObject({ mode: 0o600, uid: 7, gid: 8 });
      expect(l.bytes).toBe(20);
    }
  });

  it('keeps very long names (PAX) and names that are not UTF-8', async () => {
    const long = `${'deep/'.repeat(60)}file.txt`;
    // The packer writes UTF-8, so the byte is put in by hand, with the header's checksum fixed.
    const bytes = await tar([file(long, 3), file('cafX.txt', 1)]);
    const at = bytes.indexOf('cafX.txt');
    bytes[at + 3] = 0xe9;
    const h = at - (at % 512);
    bytes.fill(0x20, h + 148, h + 156);
    let sum = 0;
    for (let i = h; i < h + 512; i++) sum += bytes[i]!;
    bytes.write(`${sum.toString(8).padStart(6, '0')}\0 `, h + 148, 'latin1');
    const l = await read(bytes);
    expect(l.entries[0]!.path).toBe(long);
    // The byte 0xe9 alone is not UTF-8: shown escaped, never turned into something else.
    expect(displayPath(l.entries[1]!.path)).toBe('caf\\xe9.txt');
    expect(displayPath(Buffer.from('café.txt').toString('latin1'))).toBe('café.txt');
  });

  it('refuses what is not a tar, and a tar cut in the middle of an entry', async () => {
    await expect(read(Buffer.alloc(1024, 65))).rejects.toThrow(TarError);
    const bytes = await tar([file('a', 2000)]);
    await expect(read(bytes.subarray(0, 1200))).rejects.toThrow('ends in the middle of an entry');
  });

  it('reads GNU base-256 sizes', () => {
    const b = Buffer.alloc(12);
    b[0] = 0x80;
    b.writeUIntBE(10 * 2 ** 30, 6, 6);
    expect(readNumber(b, 0, 12)).toBe(10 * 2 ** 30);
    expect(readNumber(Buffer.from('00000001750\0'), 0, 12)).toBe(1000);
  });

  it('normalises paths', () => {
    expect(normalisePath('./usr/bin/')).toBe('usr/bin');
    expect(normalisePath('/etc')).toBe('etc');
    expect(normalisePath('./')).toBe('');
  });
});

describe('stacking layers', () => {
  it('a whiteout removes a file, and a directory with everything below it', async () => {
    const base = await layer([dir('app/'), file('app/a', 10), dir('app/cache/'), file('app/cache/x', 30), file('app/cache/y', 40)]);
    const del = await layer([dir('app/'), file('app/.wh.a', 0), file('app/.wh.cache', 0)]);
    expect(del.whiteouts).toEqual(['app/a', 'app/cache']);
    expect(del.entries.map((e) => e.path)).toEqual(['app']);
    const img = stack([base, del]);
    expect(names(lookup(img, 'app'))).toEqual([]);
    const a = analyse([base, del]);
    // Removed: a, the cache directory, x and y.
    expect(a.layers[1]).toEqual({ added: 0, modified: 0, removed: 4, bytes: 0 });
    expect(a.wasted).toBe(80);
    expect(a.efficiency).toBe(0);
    expect(a.waste.map((w) => [w.path, w.wasted, w.removedIn])).toEqual([
      ['app/cache/y', 40, 1],
      ['app/cache/x', 30, 1],
      ['app/a', 10, 1],
    ]);
  });

  it('an opaque directory hides what lower layers put in it, but keeps what its own layer writes', async () => {
    const base = await layer([dir('etc/'), dir('etc/conf.d/'), file('etc/conf.d/old', 5), file('etc/conf.d/keep', 6), file('etc/other', 7)]);
    const opq = await layer([dir('etc/conf.d/'), file('etc/conf.d/.wh..wh..opq', 0), file('etc/conf.d/keep', 9), file('etc/conf.d/new', 2)]);
    expect(opq.opaque).toEqual(['etc/conf.d']);
    const img = stack([base, opq]);
    expect(names(lookup(img, 'etc/conf.d'))).toEqual(['keep', 'new']);
    expect(lookup(img, 'etc/conf.d/keep')).toMatchObject({ size: 9, layer: 1 });
    // Outside the opaque directory nothing changes.
    expect(lookup(img, 'etc/other')).toMatchObject({ size: 7, layer: 0 });
    const changes = changeTree([base, opq], 1);
    expect(lookup(changes, 'etc/conf.d/old')?.status).toBe('removed');
    expect(lookup(changes, 'etc/conf.d/keep')?.status).toBe('modified');
    expect(lookup(changes, 'etc/conf.d/new')?.status).toBe('added');
    expect(lookup(changes, 'etc/other')).toBeUndefined();
    const a = analyse([base, opq]);
    expect(a.layers[1]).toMatchObject({ added: 1, modified: 1, removed: 1 });
    // old (5, deleted) and the first keep (6, replaced) are waste; the kept keep (9) is not.
    expect(a.wasted).toBe(11);
  });

  it('an opaque directory filled again with a folder of an old name: the folder’s old files are removed, one written again is modified', async () => {
    const base = await layer([dir('etc/'), dir('etc/conf.d/'), dir('etc/conf.d/sub/'), file('etc/conf.d/sub/old', 5), file('etc/conf.d/sub/again', 6)]);
    const opq = await layer([
      dir('etc/conf.d/'),
      file('etc/conf.d/.wh..wh..opq', 0),
      dir('etc/conf.d/sub/'),
      file('etc/conf.d/sub/again', 7),
      file('etc/conf.d/sub/new', 1),
    ]);
    expect(analyse([base, opq]).layers[1]).toEqual({ added: 1, modified: 1, removed: 1, bytes: 8 });
    const changes = changeTree([base, opq], 1);
    expect(lookup(changes, 'etc/conf.d/sub')?.status).toBe('unchanged');
    expect(lookup(changes, 'etc/conf.d/sub/old')?.status).toBe('removed');
    expect(lookup(changes, 'etc/conf.d/sub/again')?.status).toBe('modified');
    expect(lookup(changes, 'etc/conf.d/sub/new')?.status).toBe('added');
    expect(names(lookup(stack([base, opq]), 'etc/conf.d/sub'))).toEqual(['again', 'new']);
  });

  it('a directory replaced by a symlink or a file, or deleted and written again in one layer, removes what was in it', async () => {
    const base = await layer([dir('a/'), file('a/x', 1), dir('b/'), file('b/y', 2), file('b/z', 3)]);
    const next = await layer([{ name: 'a', type: 'symlink', linkname: 'b' }, file('.wh.b', 0), file('b', 4)]);
    expect(analyse([base, next]).layers[1]).toEqual({ added: 0, modified: 2, removed: 3, bytes: 4 });
    expect(lookup(changeTree([base, next], 1), 'b')).toMatchObject({ status: 'modified', kind: 'file' });
  });

  it('directories a layer makes without entries of their own are added', async () => {
    const l = await layer([file('usr/local/bin/tool', 3)]);
    expect(analyse([l]).layers[0]).toMatchObject({ added: 4, modified: 0 });
    expect(lookup(changeTree([l], 0), 'usr/local')?.status).toBe('added');
  });

  it('a file deleted or written again while a hard link still reads its data is not waste', async () => {
    const base = await layer([
      dir('bin/'),
      file('bin/busybox', 100),
      { name: 'bin/sh', type: 'link', linkname: 'bin/busybox' },
      file('data', 10),
      { name: 'keep', type: 'link', linkname: 'data' },
    ]);
    const next = await layer([dir('bin/'), file('bin/.wh.busybox', 0), file('data', 20)]);
    const a = analyse([base, next]);
    expect(a.wasted).toBe(0);
    expect(a.waste).toEqual([]);
    // Once the last link goes, the data is waste.
    const last = await layer([dir('bin/'), file('bin/.wh.sh', 0)]);
    expect(analyse([base, next, last]).waste).toEqual([{ path: 'bin/busybox', copies: [{ layer: 0, size: 100 }], kept: 0, wasted: 100, removedIn: 1 }]);
  });

  it('a file added then deleted in the next layer is all waste, shown removed in that layer', async () => {
    const add = await layer([dir('tmp/'), file('tmp/big.bin', 5 * 1024 * 1024)]);
    const rm = await layer([dir('tmp/'), file('tmp/.wh.big.bin', 0)]);
    const a = analyse([add, rm]);
    expect(a.wasted).toBe(5 * 1024 * 1024);
    expect(a.waste[0]).toEqual({ path: 'tmp/big.bin', copies: [{ layer: 0, size: 5 * 1024 * 1024 }], kept: 0, wasted: 5 * 1024 * 1024, removedIn: 1 });
    expect(lookup(changeTree([add, rm], 0), 'tmp/big.bin')?.status).toBe('added');
    expect(lookup(changeTree([add, rm], 1), 'tmp/big.bin')?.status).toBe('removed');
    expect(lookup(stack([add, rm]), 'tmp/big.bin')).toBeUndefined();
  });

  it('counts a path written three times as its two replaced copies, not all three (dive counts the kept one too)', async () => {
    const l = await Promise.all([10, 20, 30].map((n) => layer([file('data', n)])));
    const a = analyse(l);
    expect(a.waste).toEqual([
      {
        path: 'data',
        copies: [
          { layer: 0, size: 10 },
          { layer: 1, size: 20 },
          { layer: 2, size: 30 },
        ],
        kept: 30,
        wasted: 30,
      },
    ]);
    expect(a.total).toBe(60);
    expect(a.efficiency).toBeCloseTo(0.5);
  });

  it('a file deleted and added again is kept, its earlier copy wasted', async () => {
    const a = analyse([await layer([file('f', 4)]), await layer([file('.wh.f', 0)]), await layer([file('f', 6)])]);
    expect(a.waste).toEqual([
      {
        path: 'f',
        copies: [
          { layer: 0, size: 4 },
          { layer: 2, size: 6 },
        ],
        kept: 6,
        wasted: 4,
      },
    ]);
  });

  it('hard links share their target’s data; symlinks keep their target text', async () => {
    const l = await layer([
      dir('bin/'),
      file('bin/busybox', 100),
      { name: 'bin/ls', type: 'link', linkname: 'bin/busybox' },
      { name: 'bin/sh', type: 'symlink', linkname: 'busybox' },
    ]);
    const img = stack([l]);
    expect(lookup(img, 'bin/ls')).toMatchObject({ kind: 'hardlink', link: 'bin/busybox', size: 100 });
    expect(lookup(img, 'bin/sh')).toMatchObject({ kind: 'symlink', link: 'busybox' });
    // Stored once: the layer's bytes and the directory total count the data once.
    expect(l.bytes).toBe(100);
    expect(lookup(img, 'bin')?.total).toBe(100);
    expect(analyse([l]).wasted).toBe(0);
  });

  it('directories a layer only passes through are unchanged; a changed mode is a modification', async () => {
    const base = await layer([dir('srv/'), file('srv/a', 1)]);
    const next = await layer([dir('srv/'), file('srv/b', 1), dir('opt/', { mode: 0o700 })]);
    const again = await layer([dir('opt/', { mode: 0o755 })]);
    const changes = changeTree([base, next], 1);
    expect(lookup(changes, 'srv')?.status).toBe('unchanged');
    expect(lookup(changes, 'srv/b')?.status).toBe('added');
    expect(lookup(changes, 'srv/a')).toBeUndefined();
    expect(analyse([base, next, again]).layers.map((s) => [s.added, s.modified, s.removed])).toEqual([
      [2, 0, 0],
      [2, 0, 0],
      [0, 1, 0],
    ]);
  });

  it('a file turned into a directory (and back) is a modification, and the old file is waste', async () => {
    const a = analyse([await layer([file('x', 8)]), await layer([dir('x/'), file('x/y', 1)])]);
    expect(a.layers[1]).toMatchObject({ added: 1, modified: 1 });
    expect(a.wasted).toBe(8);
  });

  it('sums sizes and file counts per directory', async () => {
    const img = stack([await layer([dir('a/'), dir('a/b/'), file('a/b/c', 3), file('a/d', 4), file('e', 5)])]);
    expect(img).toMatchObject({ total: 12, files: 3 });
    expect(lookup(img, 'a')).toMatchObject({ total: 7, files: 2 });
  });

  it('reads a gzipped layer the same (the caller unzips; the tar is the same bytes)', async () => {
    const bytes = await tar([file('z', 3)]);
    expect(gzipSync(bytes)[0]).toBe(0x1f);
    expect((await read(bytes)).entries[0]!.path).toBe('z');
  });
});

describe('layer index on disk', () => {
  it('keeps entries, links, whiteouts, opaque directories and non-UTF-8 names through a round trip', async () => {
    const { mkdtempSync, rmSync, readdirSync, statSync } = await import('node:fs');
    const { LayerDiskCache } = await import('./layer-cache.js');
    const { decodeChanges, encodeChanges } = await import('./index-codec.js');
    const changes: LayerChanges = {
      entries: [
        { path: 'caf\xe9', kind: 'file', size: 3, mode: 0o644, uid: 1, gid: 2, mtime: 5 },
        { path: 'bin/sh', kind: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, mtime: 0, link: 'busybox' },
      ],
      whiteouts: ['gone'],
      opaque: ['etc'],
      bytes: 3,
    };
    expect(decodeChanges(encodeChanges(changes))).toEqual(changes);
    expect(decodeChanges(Buffer.from('{"v":2}'))).toBeUndefined();
    const dir = mkdtempSync('/tmp/berth-layer-cache-');
    try {
      const cache = new LayerDiskCache(`${dir}/layers`);
      const id = `sha256:${'ab'.repeat(32)}`;
      expect(await cache.get(id)).toBeUndefined();
      await cache.put(id, changes);
      expect(await cache.get(id)).toEqual(changes);
      // Only the finished file is left, readable by its owner alone; ids that are not digests are not used as names.
      expect(readdirSync(`${dir}/layers`)).toEqual([`${'ab'.repeat(32)}.lix`]);
      expect(statSync(`${dir}/layers/${'ab'.repeat(32)}.lix`).mode & 0o777).toBe(0o600);
      await cache.put('../../etc/passwd', changes);
      expect(readdirSync(`${dir}/layers`)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
