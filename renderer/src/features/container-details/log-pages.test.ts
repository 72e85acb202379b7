import { describe, expect, it } from 'vitest';
import { PAGE, pagesOf } from './log-pages';
import { pagerScale, ROW } from './LogPager';

describe('the whole-log pager', () => {
  it('reads the pages the lines on screen fall in', () => {
    expect(pagesOf(0, 10)).toEqual([0]);
    expect(pagesOf(PAGE - 1, PAGE)).toEqual([0, 1]);
    expect(pagesOf(-300, 2 * PAGE + 1)).toEqual([0, 1, 2]);
  });

  it('scrolls a short log by pixels and a log taller than a browser makes an element on a scale, reaching both ends', () => {
    const short = pagerScale(1000, 40, 40 * ROW);
    expect(short.scaled).toBe(false);
    expect(short.spacer).toBe(1000 * ROW);
    expect(short.firstAt(short.scrollOf(123))).toBe(123);
    expect(short.firstAt(short.spacer - 40 * ROW)).toBe(960);

    const lines = 10_485_760;
    const huge = pagerScale(lines, 40, 40 * ROW);
    expect(huge.scaled).toBe(true);
    expect(huge.spacer).toBeLessThan(10_000_000);
    expect(huge.firstAt(0)).toBe(0);
    expect(huge.firstAt(huge.spacer - 40 * ROW)).toBe(lines - 40);
    // Any line can be the first: its scroll position maps back to it.
    for (const line of [1, 4_999_999, 7_000_001, lines - 41]) expect(Math.abs(huge.firstAt(huge.scrollOf(line)) - line)).toBeLessThanOrEqual(1);
  });
});
