import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the first delay up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, 250, 10_000))).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000]);
    expect(backoffDelay(60, 500, 30_000)).toBe(30_000);
  });
  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, 500, 10_000)).toBe(500);
  });
});
