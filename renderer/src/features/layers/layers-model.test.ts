import { describe, expect, it } from 'vitest';
import type { LayerTreeEntry } from '../../../../engine/contract/layers';
import { compareHref, compareOf, copiesText, layersHref, modeString, sortEntries, visibleRows } from './layers-model';

const entry = (path: string, kind: LayerTreeEntry['kind'], size = 0): LayerTreeEntry => ({
  path,
  display: path,
  name: path.split('/').pop()!,
  kind,
  size,
  layer: 0,
  mode: 0o644,
  uid: 0,
  gid: 0,
  hasChildren: kind === 'dir',
});

describe('layer browser model', () => {
  it('writes modes as ls -l does, special bits included', () => {
    expect(modeString(0o755, 'dir')).toBe('drwxr-xr-x');
    expect(modeString(0o644, 'file')).toBe('-rw-r--r--');
    expect(modeString(0o4755, 'file')).toBe('-rwsr-xr-x');
    expect(modeString(0o2644, 'file')).toBe('-rw-r-Sr--');
    expect(modeString(0o1777, 'dir')).toBe('drwxrwxrwt');
    expect(modeString(0o777, 'symlink')).toBe('lrwxrwxrwx');
  });

  it('sorts directories first by name, or everything by size', () => {
    const all = [entry('b', 'file', 5), entry('a', 'file', 1), entry('z', 'dir', 3)];
    expect(sortEntries(all, 'name').map((e) => e.path)).toEqual(['z', 'a', 'b']);
    expect(sortEntries(all, 'size').map((e) => e.path)).toEqual(['b', 'z', 'a']);
  });

  it('lists the rows of expanded directories only, depth by depth', () => {
    const children = new Map([
      ['', [entry('etc', 'dir'), entry('bin', 'dir')]],
      ['etc', [entry('etc/hosts', 'file')]],
      ['bin', [entry('bin/sh', 'symlink')]],
    ]);
    expect(visibleRows(children, new Set(['etc']), 'name').map((r) => [r.entry.path, r.depth, r.expanded])).toEqual([
      ['bin', 0, false],
      ['etc', 0, true],
      ['etc/hosts', 1, false],
    ]);
  });

  it('flattens an open tree for a virtual list: each row knows its set size, its place in it and its parent row', () => {
    const children = new Map([
      ['', [entry('usr', 'dir'), entry('etc', 'dir'), entry('a.txt', 'file')]],
      ['etc', [entry('etc/hosts', 'file'), entry('etc/ssl', 'dir')]],
      ['etc/ssl', [entry('etc/ssl/cert.pem', 'file')]],
      ['usr', [entry('usr/bin', 'dir')]],
    ]);
    const rows = visibleRows(children, new Set(['etc', 'etc/ssl']), 'name');
    expect(rows.map((r) => [r.entry.path, r.depth, r.posInSet, r.setSize, r.parent])).toEqual([
      ['etc', 0, 1, 3, -1],
      ['etc/ssl', 1, 1, 2, 0],
      ['etc/ssl/cert.pem', 2, 1, 1, 1],
      ['etc/hosts', 1, 2, 2, 0],
      ['usr', 0, 2, 3, -1],
      ['a.txt', 0, 3, 3, -1],
    ]);
    // An open directory whose entries are not read yet shows nothing below it; a filter counts only what it keeps.
    const kept = visibleRows(children, new Set(['usr/bin', 'etc']), 'name', (e) => e.path !== 'etc/hosts');
    expect(kept.map((r) => [r.entry.path, r.posInSet, r.setSize])).toEqual([
      ['etc', 1, 3],
      ['etc/ssl', 1, 1],
      ['usr', 2, 3],
      ['a.txt', 3, 3],
    ]);
  });

  it('says where copies were, and links to an image’s layers', () => {
    expect(
      copiesText(
        [
          { layer: 2, size: 5 },
          { layer: 4, size: 7 },
        ],
        (n) => `${n} B`,
      ),
    ).toBe('L2 (5 B), L4 (7 B)');
    expect(layersHref('team/app:1')).toBe('#/images/team%2Fapp%3A1');
  });
});

describe('compareHref and compareOf', () => {
  it('opens the new image’s layer browser comparing the previous image with it, by short ids, and reads that back', () => {
    const before = `sha256:${'a'.repeat(64)}`;
    const after = `sha256:${'b'.repeat(64)}`;
    const href = compareHref(before, after);
    expect(href).toBe(`#/images/${'b'.repeat(12)}?compare=${'a'.repeat(12)}`);
    expect(compareOf(href)).toBe('a'.repeat(12));
    expect(compareOf('#/images/team%2Fapp%3A1')).toBeUndefined();
    expect(compareOf('#/images/x?compare=')).toBeUndefined();
    expect(compareOf(`#/images/x?compare=${encodeURIComponent('team/app:1')}`)).toBe('team/app:1');
  });
});
