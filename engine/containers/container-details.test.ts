import { describe, expect, it } from 'vitest';
import type { LogLine } from '../util/log-demux.js';
import { addBounded } from './container-details.js';

describe('bounded batches', () => {
  const line = (n: number): LogLine => ({ stream: 'stdout', text: String(n) });
  it('keeps the newest lines and counts the dropped ones', () => {
    const r = addBounded([line(1), line(2)], [line(3), line(4), line(5)], 3);
    expect(r.batch.map((l) => l.text)).toEqual(['3', '4', '5']);
    expect(r.dropped).toBe(2);
    expect(addBounded([], [line(1)], 3).dropped).toBe(0);
  });
});
