import { describe, expect, it } from 'vitest';
import { piecesByChars } from './pieces.js';

describe('piecesByChars', () => {
  const items = Array.from({ length: 500 }, (_, i) => ({ i, text: 'x'.repeat(i % 37) }));

  it('keeps every item, in order, each piece under its bound', () => {
    const pieces = piecesByChars(items, 2000, 300);
    expect(pieces.flat()).toEqual(items);
    expect(JSON.stringify(pieces[0]).length).toBeLessThanOrEqual(300 + 1);
    for (const p of pieces.slice(1)) expect(JSON.stringify(p).length).toBeLessThanOrEqual(2000 + 1);
    expect(JSON.stringify(pieces[1]).length).toBeGreaterThan(300);
  });

  it('puts an item larger than the bound alone, and makes no piece of nothing', () => {
    expect(piecesByChars([{ big: 'y'.repeat(100) }, { a: 1 }], 50)).toEqual([[{ big: 'y'.repeat(100) }], [{ a: 1 }]]);
    expect(piecesByChars([], 50)).toEqual([]);
  });
});
