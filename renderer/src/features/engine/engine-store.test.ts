import { describe, expect, it } from 'vitest';
import { appendLines } from './engine-store';

describe('engine log buffer', () => {
  it('keeps the newest lines within the bound', () => {
    expect(appendLines(['a', 'b'], ['c'], 3)).toEqual(['a', 'b', 'c']);
    expect(appendLines(['a', 'b'], ['c', 'd'], 3)).toEqual(['b', 'c', 'd']);
  });
});
