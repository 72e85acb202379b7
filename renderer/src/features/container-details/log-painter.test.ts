import { describe, expect, it } from 'vitest';
import type { LogLineDto } from '../../../../engine/contract/dto';
import { toTerminal } from './log-format';
import { LogPainter } from './log-painter';

const line = (i: number, stream: 'stdout' | 'stderr' = 'stdout'): LogLineDto => ({
  stream,
  text: `line ${i}`,
  ts: `2026-12-07T00:00:${String(i % 60).padStart(2, '0')}Z`,
});
const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => line(from + k, k % 7 ? 'stdout' : 'stderr'));

/** A terminal that keeps its last `keep` lines, as xterm's scrollback does, and takes writes when told. */
function terminal(keep: number) {
  let shown: string[] = [];
  const waiting: Array<() => void> = [];
  let writes = 0;
  let maxChars = 0;
  return {
    write: (text: string, done: () => void) => {
      writes++;
      maxChars = Math.max(maxChars, text.length);
      shown = [...shown, ...text.split('\r\n').slice(0, -1)].slice(-keep);
      waiting.push(done);
    },
    /** xterm takes the oldest write. */
    take: () => waiting.shift()?.(),
    get busy() {
      return waiting.length > 0;
    },
    get shown() {
      return shown;
    },
    get writes() {
      return writes;
    },
    get maxChars() {
      return maxChars;
    },
  };
}

describe('the log painter', () => {
  it('ends with what writing every line would show, doing far less when lines come faster than the terminal takes them', () => {
    const keep = 1000;
    const term = terminal(keep);
    const p = new LogPainter(term.write, false, keep, 4096);
    const all = lines(1, 50_000);
    // Batches of 1,000 lines, the terminal taking one write between two batches.
    for (let i = 0; i < all.length; i += 1000) {
      p.push(all.slice(i, i + 1000));
      term.take();
    }
    while (term.busy) term.take();
    const expected = all.slice(-keep).map((l) => toTerminal(l, false).slice(0, -2));
    expect(term.shown).toEqual(expected);
    expect(p.stats.written + p.stats.skipped).toBe(50_000);
    expect(p.stats.written).toBeLessThan(20_000);
    expect(term.maxChars).toBeLessThanOrEqual(4096);
    expect(p.busy).toBe(false);
  });

  it('writes every line, in order, when the terminal keeps up; one write with xterm at a time', () => {
    const term = terminal(100_000);
    const p = new LogPainter(term.write, true, 10_000, 2048);
    const all = lines(1, 3000);
    for (let i = 0; i < all.length; i += 30) {
      p.push(all.slice(i, i + 30));
      while (term.busy) term.take();
    }
    expect(term.shown).toEqual(all.map((l) => toTerminal(l, true).slice(0, -2)));
    expect(p.stats).toEqual({ written: 3000, skipped: 0 });
  });

  it('writes a line longer than a write alone, and nothing once stopped', () => {
    const term = terminal(100);
    const p = new LogPainter(term.write, false, 100, 64);
    p.push([{ stream: 'stdout', text: 'x'.repeat(500) }, line(2)]);
    expect(term.writes).toBe(1);
    expect(term.maxChars).toBe(toTerminal({ stream: 'stdout', text: 'x'.repeat(500) }, false).length);
    p.stop();
    term.take();
    p.push(lines(3, 10));
    expect(term.writes).toBe(1);
  });
});
