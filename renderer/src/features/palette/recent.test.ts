import { describe, expect, it } from 'vitest';
import { MAX_RECENT, parseRecent, pushRecent } from './recent';

describe('recent entries', () => {
  it('puts the last used first, once', () => {
    expect(pushRecent(['a', 'b', 'c'], 'b')).toEqual(['b', 'a', 'c']);
    expect(pushRecent([], 'x')).toEqual(['x']);
  });

  it('keeps at most the limit, dropping the oldest', () => {
    let list: string[] = [];
    for (let i = 0; i < 20; i++) list = pushRecent(list, `e${i}`);
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toBe('e19');
    expect(list.at(-1)).toBe(`e${20 - MAX_RECENT}`);
  });

  it('reads what it wrote, and nothing from garbage', () => {
    expect(parseRecent(JSON.stringify(['a', 'b']))).toEqual(['a', 'b']);
    expect(parseRecent(null)).toEqual([]);
    expect(parseRecent('{')).toEqual([]);
    expect(parseRecent('{"a":1}')).toEqual([]);
    expect(parseRecent(JSON.stringify(['a', 1, '', 'a', 'b']))).toEqual(['a', 'b']);
  });
});
