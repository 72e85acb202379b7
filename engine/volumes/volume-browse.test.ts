import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStatLines, volumePath } from './volume-browse.js';

describe('volume browsing', () => {
  it('parses busybox stat output (recorded), folders first', () => {
    const text = readFileSync(new URL('./fixtures/busybox-stat.txt', import.meta.url), 'utf8');
    expect(parseStatLines(text)).toEqual([
      { name: 'sub', type: 'dir', size: 4096, mode: '755', mtime: 1795414411, target: undefined },
      { name: 'a.txt', type: 'file', size: 3, mode: '644', mtime: 1795414411, target: undefined },
      { name: 'link', type: 'link', size: 5, mode: '777', mtime: 1795414411, target: 'a.txt' },
    ]);
  });
  it('keeps paths inside the volume', () => {
    expect(volumePath('/a/./b/')).toBe('/a/b/');
    // An absolute path cannot climb above its root: it stays inside the volume.
    expect(volumePath('/a/../../etc')).toBe('/etc');
    expect(() => volumePath('relative')).toThrow(/starts with \//);
  });
});
