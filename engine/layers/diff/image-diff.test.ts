/** Two images compared file by file, from layer changes written by hand. */
import { describe, expect, it } from 'vitest';
import { pack } from 'tar-stream';
import { decodeChanges, encodeChanges } from '../index-codec.js';
import { contentHash, LayerChangesBuilder, type LayerChanges, type LayerEntry } from '../layer-changes.js';
import { TarReader } from '../../util/tar-reader.js';
import { diffImages, sharedBase, type DiffInput } from './image-diff.js';
import { diffText } from './diff-cli.js';
import { formatBytes } from '../../contract/format.js';

const file = (path: string, body: string, more: Partial<LayerEntry> = {}): LayerEntry => ({
  path,
  kind: 'file',
  size: body.length,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtime: 1,
  ...(body.length ? { hash: contentHash(body) } : {}),
  ...more,
});
const dir = (path: string, more: Partial<LayerEntry> = {}): LayerEntry => ({ path, kind: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: 1, ...more });
const symlink = (path: string, link: string): LayerEntry => ({ path, kind: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, mtime: 1, link });

function layer(entries: LayerEntry[], whiteouts: string[] = [], opaque: string[] = []): LayerChanges {
  return { entries, whiteouts, opaque, bytes: entries.reduce((s, e) => s + e.size, 0) };
}

let n = 0;
function image(layers: LayerChanges[], diffIds = layers.map(() => `sha256:${(n++).toString(16).padStart(64, '0')}`)): DiffInput {
  return { ref: `img${n}`, id: `sha256:${n}`, diffIds, layers, instructions: layers.map((_, i) => `RUN step ${i}`) };
}

const base = layer([dir('etc'), file('etc/hosts', 'localhost\n'), dir('bin'), file('bin/sh', 'shell')]);
const baseId = 'sha256:'.padEnd(71, 'b');

describe('diffImages', () => {
  it('finds nothing between an image and itself, and counts its layers shared', () => {
    const img = image([base, layer([file('app', 'x')])]);
    const d = diffImages(img, img);
    expect(d.entries).toEqual([]);
    expect(d.totals).toMatchObject({ added: 0, removed: 0, changed: 0, bytesAdded: 0, bytesRemoved: 0 });
    expect(d.sharedBase).toBe(2);
    expect(d.a.layers.every((l) => l.shared)).toBe(true);
  });

  it('sees added, removed and changed files, with what changed, sizes and the layer of each image that wrote them', () => {
    const a = image(
      [
        base,
        layer([dir('app'), file('app/same', 'same'), file('app/text', 'aaaa'), file('app/gone', 'bye!'), symlink('app/link', 'one'), file('app/run', 'x')]),
      ],
      [baseId, 'sha256:a1'],
    );
    const b = image(
      [
        base,
        layer([dir('app'), file('app/same', 'same'), file('app/text', 'aaaa'), file('app/gone', 'bye!'), symlink('app/link', 'one'), file('app/run', 'x')]),
        // Same size, other bytes; a new file; the link moved; mode and owner changed; the same file written again (new mtime).
        layer(
          [
            file('app/text', 'bbbb'),
            file('app/new', 'hello'),
            symlink('app/link', 'two'),
            file('app/run', 'x', { mode: 0o755, uid: 1 }),
            file('app/same', 'same', { mtime: 99 }),
          ],
          ['app/gone'],
        ),
      ],
      [baseId, 'sha256:b1', 'sha256:b2'],
    );
    const d = diffImages(a, b);
    const byPath = Object.fromEntries(d.entries.map((e) => [e.path, e]));
    expect(d.entries.map((e) => `${e.status} ${e.path}${e.aspects ? ` ${e.aspects.join(',')}` : ''}`)).toEqual([
      'unchanged app',
      'removed app/gone',
      'changed app/link link',
      'added app/new',
      'changed app/run mode,owner',
      'changed app/text content',
    ]);
    expect(byPath['app/text']).toMatchObject({ a: { size: 4, layer: 1 }, b: { size: 4, layer: 2 } });
    expect(byPath['app/gone']).toMatchObject({ a: { layer: 1 } });
    expect(byPath['app/link']).toMatchObject({ a: { link: 'one' }, b: { link: 'two' } });
    expect(byPath.app!.below).toEqual({ added: 1, removed: 1, changed: 3, bytesAdded: 5 + 4, bytesRemoved: 4 + 4 });
    expect(d.totals).toMatchObject({ added: 1, removed: 1, changed: 3, bytesAdded: 9, bytesRemoved: 8 });
    expect(d.sharedBase).toBe(1);
    expect(d.sharedBytes).toBe(base.bytes);
    // Image a's layer 1 wrote what b removed and changed; b's layer 2 wrote what is new.
    expect(d.a.layers.map((l) => [l.shared, l.paths, l.bytes])).toEqual([
      [true, 0, 0],
      [false, 4, 8],
    ]);
    expect(d.b.layers.map((l) => [l.shared, l.paths, l.bytes])).toEqual([
      [true, 0, 0],
      [false, 0, 0],
      [false, 4, 9],
    ]);
  });

  it('applies whiteouts and opaque directories before comparing', () => {
    const a = image([base, layer([dir('srv'), file('srv/old.conf', 'old'), file('srv/keep.conf', 'keep')])]);
    const b = image([
      base,
      layer([dir('srv'), file('srv/old.conf', 'old'), file('srv/keep.conf', 'keep')]),
      layer([dir('srv'), file('srv/keep.conf', 'keep')], [], ['srv']),
    ]);
    const d = diffImages(a, b);
    expect(d.entries.map((e) => `${e.status} ${e.path}`)).toEqual(['unchanged srv', 'removed srv/old.conf']);
    expect(d.totals).toMatchObject({ removed: 1, bytesRemoved: 3, changed: 0 });
  });

  it('lists a whole added directory, and a directory that became a file', () => {
    const a = image([base, layer([dir('data'), file('data/x', '12')])]);
    const b = image([base, layer([dir('opt'), dir('opt/tool'), file('opt/tool/bin', 'abc'), file('data', 'now a file')])]);
    const d = diffImages(a, b);
    expect(d.entries.map((e) => `${e.status} ${e.path}${e.aspects ? ` ${e.aspects.join(',')}` : ''}`)).toEqual([
      'changed data kind,mode',
      'removed data/x',
      'added opt',
      'added opt/tool',
      'added opt/tool/bin',
    ]);
    expect(d.entries[0]!.below).toMatchObject({ removed: 1, bytesRemoved: 2 });
    expect(d.entries[2]!.below).toMatchObject({ added: 2, bytesAdded: 3 });
    expect(d.totals).toMatchObject({ added: 3, removed: 1, changed: 1, bytesAdded: 3 + 10, bytesRemoved: 2 });
  });

  it('keeps paths in byte order and lists at most the limit, counting the rest', () => {
    const a = image([base]);
    const b = image([base, layer([file('z', '1'), file('a', '1'), file('m', '1')])]);
    const d = diffImages(a, b, 2);
    expect(d.entries.map((e) => e.path)).toEqual(['a', 'm']);
    expect(d.more).toBe(1);
    expect(d.totals.added).toBe(3);
  });

  it('compares a hard link by its target', () => {
    const link = (path: string, to: string): LayerEntry => ({ path, kind: 'hardlink', size: 0, mode: 0o644, uid: 0, gid: 0, mtime: 1, link: to });
    const a = image([base, layer([file('one', 'data'), file('two', 'other'), link('l', 'one')])]);
    const b = image([base, layer([file('one', 'data'), file('two', 'other'), link('l', 'two')])]);
    const d = diffImages(a, b);
    expect(d.entries.map((e) => `${e.status} ${e.path} ${e.aspects?.join(',')}`)).toEqual(['changed l size,content,link']);
    // A hard link stores no bytes of its own.
    expect(d.totals).toMatchObject({ bytesAdded: 0, bytesRemoved: 0 });
  });
});

describe('sharedBase', () => {
  it('counts the common layers from the bottom only', () => {
    expect(sharedBase(['x', 'y', 'z'], ['x', 'y', 'q', 'z'])).toBe(2);
    expect(sharedBase([], ['x'])).toBe(0);
  });
});

describe('content hashes in the layer index', () => {
  it('hashes each file body as a layer tar is read, and keeps the hash through the disk cache', async () => {
    const p = pack();
    p.entry({ name: 'etc/', type: 'directory', mode: 0o755 });
    p.entry({ name: 'etc/a', mode: 0o644 }, 'first');
    p.entry({ name: 'etc/empty', mode: 0o644 }, '');
    p.entry({ name: 'etc/l', type: 'symlink', linkname: 'a' });
    p.finalize();
    const chunks: Buffer[] = [];
    for await (const c of p) chunks.push(c as Buffer);
    const b = new LayerChangesBuilder();
    const r = new TarReader((h) => b.add(h));
    const bytes = Buffer.concat(chunks);
    for (let i = 0; i < bytes.length; i += 100) await r.push(bytes.subarray(i, i + 100));
    await r.end();
    const changes = b.build();
    expect(changes.entries.map((e) => [e.path, e.hash, e.link])).toEqual([
      ['etc', undefined, undefined],
      ['etc/a', contentHash('first'), undefined],
      ['etc/empty', undefined, undefined],
      ['etc/l', undefined, 'a'],
    ]);
    expect(decodeChanges(encodeChanges(changes))).toEqual(changes);
  });
});

describe('berth image diff as text', () => {
  it('prints each difference with what changed and the layers that wrote it, then the totals', () => {
    const a = image([base, layer([file('app', 'aaaa'), file('gone', 'bye'), file('run', 'x')])], [baseId, 'sha256:a1']);
    const b = image([base, layer([file('app', 'bbbb'), file('new', 'hello'), file('run', 'x', { mode: 0o755 })])], [baseId, 'sha256:b1']);
    const text = diffText(diffImages({ ...a, ref: 'x:1', id: `sha256:${'1'.repeat(64)}` }, { ...b, ref: 'y:1', id: `sha256:${'2'.repeat(64)}` }));
    expect(text.split('\n')).toEqual([
      'a: x:1 (111111111111), 2 layers',
      'b: y:1 (222222222222), 2 layers',
      `They share their first 1 layer (${formatBytes(base.bytes)}).`,
      '~ /app  content (4 B)  (a L1, b L1)',
      '- /gone  3 B  (a L1)',
      '+ /new  5 B  (b L1)',
      '~ /run  mode 644 → 755  (a L1, b L1)',
      '1 added, 1 removed, 2 changed; 9 B added, 7 B removed; files 23 B → 25 B.',
      'Layers that wrote the differences:',
      '  a L1 RUN step 1: 3 paths, 7 B',
      '  b L1 RUN step 1: 3 paths, 9 B',
      '',
    ]);
    expect(diffText(diffImages(a, a))).toContain('No differences: both images hold the same files.');
  });
});
