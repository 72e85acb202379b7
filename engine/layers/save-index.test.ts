/** `docker save` archives built by hand (legacy and OCI layouts, plain, gzip and zstd layers), read in one pass. */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pack } from 'tar-stream';
import { ArchiveFormatError, indexSaveStream, joinPath, sniff } from './save-index.js';

type Item = { name: string; body?: Buffer | string; link?: string };

async function tar(items: Item[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const it of items) {
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (it.link !== undefined) p.entry({ name: it.name, type: 'symlink', linkname: it.link }, cb);
      else if (it.body === undefined) p.entry({ name: it.name, type: 'directory' }, cb);
      else {
        const body = typeof it.body === 'string' ? Buffer.from(it.body) : it.body;
        p.entry({ name: it.name, size: body.length }, body, cb);
      }
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

async function* chunks(bytes: Buffer, size = 1000): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const read = (bytes: Buffer) => indexSaveStream(chunks(bytes), () => undefined);
const paths = (l: { changes: { entries: Array<{ path: string }> } }) => l.changes.entries.map((e) => e.path);

describe('docker save archives', () => {
  it('reads the legacy layout, where the manifest comes last and a repeated layer is a symlink to the first', async () => {
    const layer = await tar([{ name: 'etc/' }, { name: 'etc/hostname', body: 'box\n' }]);
    const config = JSON.stringify({
      rootfs: { diff_ids: ['sha256:aa', 'sha256:aa'] },
      history: [{ created_by: 'ADD a' }, { created_by: 'ENV X=1', empty_layer: true }, { created_by: 'ADD a' }],
    });
    const archive = await tar([
      { name: 'one/' },
      { name: 'one/layer.tar', body: layer },
      { name: 'two/' },
      { name: 'two/layer.tar', link: '../one/layer.tar' },
      { name: 'cfg.json', body: config },
      { name: 'manifest.json', body: JSON.stringify([{ Config: 'cfg.json', RepoTags: ['t:1'], Layers: ['one/layer.tar', 'two/layer.tar'] }]) },
    ]);
    const saved = await read(archive);
    expect(saved.layers.map((l) => l.diffId)).toEqual(['sha256:aa', 'sha256:aa']);
    expect(saved.layers.map(paths)).toEqual([
      ['etc', 'etc/hostname'],
      ['etc', 'etc/hostname'],
    ]);
    expect(saved.history.map((h) => h.empty_layer ?? false)).toEqual([false, true, false]);
  });

  it('reads an OCI layout without manifest.json, its blobs gzip and zstd, through a nested index', async () => {
    const gz = gzipSync(await tar([{ name: 'bin/' }, { name: 'bin/tool', body: 'x'.repeat(3000) }]));
    const zst = readFileSync(new URL('./fixtures/layer.tar.zst', import.meta.url));
    const config = JSON.stringify({ rootfs: { diff_ids: ['sha256:d1', 'sha256:d2'] } });
    const manifest = JSON.stringify({ config: { digest: 'sha256:c0' }, layers: [{ digest: 'sha256:b1' }, { digest: 'sha256:b2' }] });
    const inner = JSON.stringify({ manifests: [{ digest: 'sha256:m0' }] });
    const archive = await tar([
      { name: 'oci-layout', body: '{"imageLayoutVersion":"1.0.0"}' },
      { name: 'blobs/' },
      { name: 'blobs/sha256/' },
      { name: 'blobs/sha256/b1', body: gz },
      { name: 'blobs/sha256/b2', body: zst },
      { name: 'blobs/sha256/c0', body: config },
      { name: 'blobs/sha256/m0', body: manifest },
      { name: 'blobs/sha256/i0', body: inner },
      { name: 'index.json', body: JSON.stringify({ manifests: [{ digest: 'sha256:i0' }] }) },
    ]);
    const saved = await read(archive);
    expect(saved.layers.map(paths)).toEqual([
      ['bin', 'bin/tool'],
      ['etc', 'etc/motd'],
    ]);
    expect(saved.layers[0]!.changes.bytes).toBe(3000);
    expect(saved.layers[1]!.changes.entries[1]).toMatchObject({ kind: 'file', size: 11 });
  });

  it('says what is wrong with a broken archive', async () => {
    const cfg = { name: 'c.json', body: JSON.stringify({ rootfs: { diff_ids: ['sha256:a'] } }) };
    const noLayer = await tar([cfg, { name: 'manifest.json', body: JSON.stringify([{ Config: 'c.json', Layers: ['x/layer.tar'] }]) }]);
    await expect(read(noLayer)).rejects.toThrow('The image archive lacks the layer x/layer.tar.');
    const mismatch = await tar([cfg, { name: 'manifest.json', body: JSON.stringify([{ Config: 'c.json', Layers: [] }]) }]);
    await expect(read(mismatch)).rejects.toThrow('disagree on the number of layers');
    const layer = await tar([{ name: 'a', body: 'x'.repeat(5000) }]);
    const cut = (await tar([{ name: 'l/layer.tar', body: layer }])).subarray(0, 3000);
    await expect(read(cut)).rejects.toThrow(ArchiveFormatError);
    await expect(read(await tar([cfg]))).rejects.toThrow('neither manifest.json nor index.json');
  });

  it('tells blobs apart by their first bytes, and resolves relative links', () => {
    expect(sniff(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('gzip');
    expect(sniff(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))).toBe('zstd');
    expect(sniff(Buffer.alloc(1024))).toBe('tar');
    expect(sniff(Buffer.from('  {"a":1}'))).toBe('json');
    expect(joinPath('two', '../one/layer.tar')).toBe('one/layer.tar');
    expect(joinPath('a/b', './c')).toBe('a/b/c');
  });
});
