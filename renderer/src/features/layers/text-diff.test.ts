import { describe, expect, it } from 'vitest';
import { lineDiff, MAX_DIFF_LINES, unifiedHunks } from './text-diff';

const text = (hunks: ReturnType<typeof unifiedHunks>) => hunks.flatMap((h) => [h.header, ...h.lines.map((l) => `${l.kind}${l.text}`)]).join('\n');

describe('unified text diff', () => {
  it('prints a one-line change with its context, as diff -u does', () => {
    const a = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n';
    const b = 'one\ntwo\nthree\nfour\nFIVE\nsix\nseven\neight\n';
    expect(text(unifiedHunks(lineDiff(a, b)!))).toBe(['@@ -2,7 +2,7 @@', ' two', ' three', ' four', '-five', '+FIVE', ' six', ' seven', ' eight'].join('\n'));
  });
  it('keeps changes far apart in separate hunks and counts lines added at the end', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const b = a.replace('l1\n', 'x1\n') + '\nnew';
    const hunks = unifiedHunks(lineDiff(a, b)!);
    expect(hunks.map((h) => h.header)).toEqual(['@@ -1,5 +1,5 @@', '@@ -18,3 +18,4 @@']);
  });
  it('diffs from and to an empty file, and gives up on texts too long for its table', () => {
    expect(text(unifiedHunks(lineDiff('', 'a\nb\n')!))).toBe('@@ -0,0 +1,2 @@\n+a\n+b');
    expect(lineDiff('same\n', 'same\n')!.every((l) => l.kind === ' ')).toBe(true);
    expect(lineDiff('x\n'.repeat(MAX_DIFF_LINES + 1), 'y')).toBeUndefined();
  });
});
