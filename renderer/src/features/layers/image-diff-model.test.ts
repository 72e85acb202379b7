import { describe, expect, it } from 'vitest';
import type { DiffEntry } from '../../../../engine/contract/image-diff';
import { diffRows, sizeText } from './image-diff-model';

const side = { kind: 'file' as const, size: 4, mode: 0o644, uid: 0, gid: 0, layer: 1 };
const entries: DiffEntry[] = [
  { path: 'app', display: 'app', status: 'unchanged', a: { ...side, kind: 'dir' }, b: { ...side, kind: 'dir' } },
  { path: 'app/gone', display: 'app/gone', status: 'removed', a: side },
  { path: 'app/new', display: 'app/new', status: 'added', b: side },
  { path: 'app/sub', display: 'app/sub', status: 'added', b: { ...side, kind: 'dir' } },
  { path: 'app/sub/x', display: 'app/sub/x', status: 'added', b: side },
  { path: 'app/text', display: 'app/text', status: 'changed', a: side, b: side, aspects: ['content'] },
];

describe('diffRows', () => {
  it('shows every entry as a tree, indented under its parents', () => {
    expect(diffRows(entries, 'all').map((r) => `${'  '.repeat(r.depth)}${r.label}`)).toEqual(['app', '  gone', '  new', '  sub', '    x', '  text']);
  });
  it('shows one kind of difference as a flat list of whole paths', () => {
    expect(diffRows(entries, 'changed').map((r) => r.label)).toEqual(['/app/text']);
    expect(diffRows(entries, 'added').map((r) => [r.label, r.depth])).toEqual([
      ['/app/new', 0],
      ['/app/sub', 0],
      ['/app/sub/x', 0],
    ]);
  });
});

describe('sizeText', () => {
  it('gives bytes for files and directories, the kind for the rest, nothing when absent', () => {
    const f = (n: number) => `${n} B`;
    expect(sizeText(side, f)).toBe('4 B');
    expect(sizeText({ ...side, kind: 'symlink' }, f)).toBe('symlink');
    expect(sizeText(undefined, f)).toBe('');
  });
});
