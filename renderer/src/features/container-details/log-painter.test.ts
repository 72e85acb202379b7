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

/** Animation frames, run when the test says. */
function frames() {
  let queued: Array<() => void> = [];
  return {
    next: (fn: () => void) => void queued.push(fn),
    run: () => {
      const now = queued;
      queued = [];
      now.forEach((fn) => fn());
    },
    get waiting() {
      return queued.length;
    },
  };
}

describe('the log painter', () => {
  it('ends with what writing every line would show, doing far less when lines come faster than the terminal takes them', () => {
    const keep = 1000;
    const term = terminal(keep);
    const frame = frames();
    const p = new LogPainter(term.write, false, keep, 4096, 4096, frame.next);
    const all = lines(1, 50_000);
    // Batches of 1,000 lines, the terminal taking one write and a frame going by between two batches.
    for (let i = 0; i < all.length; i += 1000) {
      p.push(all.slice(i, i + 1000));
      term.take();
      frame.run();
    }
    while (term.busy || frame.waiting) {
      term.take();
      frame.run();
    }
    const expected = all.slice(-keep).map((l) => toTerminal(l, false).slice(0, -2));
    expect(term.shown).toEqual(expected);
    expect(p.stats.written + p.stats.skipped).toBe(50_000);
    expect(p.stats.written).toBeLessThan(20_000);
    expect(term.maxChars).toBeLessThanOrEqual(4096);
    expect(p.busy).toBe(false);
  });

  it('writes every line, in order, when the terminal keeps up; one write with xterm at a time', () => {
    const term = terminal(100_000);
    const p = new LogPainter(term.write, true, 10_000, 2048, 2048, (fn) => fn());
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
    const p = new LogPainter(term.write, false, 100, 64, 64, (fn) => fn());
    p.push([{ stream: 'stdout', text: 'x'.repeat(500) }, line(2)]);
    expect(term.writes).toBe(1);
    expect(term.maxChars).toBe(toTerminal({ stream: 'stdout', text: 'x'.repeat(500) }, false).length);
    p.stop();
    term.take();
    p.push(lines(3, 10));
    expect(term.writes).toBe(1);
  });

  it('gives xterm one small write a frame while lines keep coming, and what waits without pause once they stop', () => {
    const term = terminal(100_000);
    const frame = frames();
    const p = new LogPainter(term.write, false, 10_000, 8192, 1024, frame.next);
    const all = lines(1, 20_000);
    // A flood: 500 lines come during every frame; xterm takes each write at once.
    for (let i = 0; i < 10_000; i += 500) {
      while (term.busy) term.take();
      p.push(all.slice(i, i + 500));
      const before = term.writes;
      frame.run();
      // One write for the frame (the first batch's came at once, the painter being idle), of at most the flood's size.
      expect(term.writes - before).toBeLessThanOrEqual(1);
    }
    while (term.busy) term.take();
    expect(term.maxChars).toBeLessThanOrEqual(1024);
    expect(p.busy).toBe(true);
    // The lines stop: after one frame with none, the rest is written back to back, in writes of up to 8 KiB.
    const writesBefore = term.writes;
    for (let k = 0; k < 3 && p.busy; k++) {
      frame.run();
      while (term.busy) term.take();
    }
    expect(p.busy).toBe(false);
    expect(term.writes - writesBefore).toBeGreaterThan(2);
    expect(term.maxChars).toBeGreaterThan(1024);
    expect(term.maxChars).toBeLessThanOrEqual(8192);
    expect(term.shown).toEqual(all.slice(0, 10_000).map((l) => toTerminal(l, false).slice(0, -2)));
    expect(p.stats.written + p.stats.skipped).toBe(10_000);
  });
});
