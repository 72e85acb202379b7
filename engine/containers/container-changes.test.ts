import { describe, expect, it } from 'vitest';
import { changesOf } from './container-changes';

describe('changesOf', () => {
  it('names each kind and sorts by path', () => {
    expect(
      changesOf([
        { Path: '/tmp/b', Kind: 1 },
        { Path: '/tmp', Kind: 0 },
        { Path: '/etc/motd', Kind: 2 },
      ]),
    ).toEqual([
      { path: '/etc/motd', kind: 'deleted' },
      { path: '/tmp', kind: 'changed' },
      { path: '/tmp/b', kind: 'added' },
    ]);
  });
  it('is empty for the engine’s null (no change), and calls an unknown kind a change', () => {
    expect(changesOf(null)).toEqual([]);
    // dockerode hands the engine's null over as bytes.
    expect(changesOf(Buffer.alloc(5))).toEqual([]);
    expect(changesOf(Buffer.from('[{"Path":"/a","Kind":1}]'))).toEqual([{ path: '/a', kind: 'added' }]);
    expect(changesOf([{ Path: '/x', Kind: 7 }])).toEqual([{ path: '/x', kind: 'changed' }]);
  });
});
