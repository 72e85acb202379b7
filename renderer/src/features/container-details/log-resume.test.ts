import { describe, expect, it } from 'vitest';
import type { LogLineDto } from '../../../../engine/contract/dto';
import { afterMark, compareTs, markAfter, sinceOf } from './log-resume';

// Timestamps as dockerd 20.10 writes them with `docker logs -t` (RFC3339NanoFixed).
const line = (n: number, ts: string): LogLineDto => ({ stream: 'stdout', text: `line ${n}`, ts });
const first = [line(1, '2026-12-04T17:02:10.104552931Z'), line(2, '2026-12-04T17:02:10.305887410Z'), line(3, '2026-12-04T17:02:10.507109826Z')];

describe('a followed log read again after its stream ended', () => {
  it('orders the engine’s timestamps to the nanosecond, across seconds and zones', () => {
    expect(compareTs('2026-12-04T17:02:10.104552931Z', '2026-12-04T17:02:10.104552932Z')).toBe(-1);
    expect(compareTs('2026-12-04T17:02:11.000000000Z', '2026-12-04T17:02:10.999999999Z')).toBe(1);
    expect(compareTs('2026-12-04T18:02:10.5+01:00', '2026-12-04T17:02:10.500000000Z')).toBe(0);
    expect(compareTs('not a time', '2026-12-04T17:02:10Z')).toBeUndefined();
  });

  it('reads again from the second of the last line shown, and keeps only the lines after it', () => {
    const shown = afterMark(undefined, first);
    expect(shown.lines).toHaveLength(3);
    expect(shown.mark).toEqual({ ts: '2026-12-04T17:02:10.507109826Z', count: 1 });
    expect(sinceOf(shown.mark!)).toBe(Date.UTC(2026, 11, 4, 17, 2, 10) / 1000);
    // The engine sends that whole second again, then what came while the view was cut off.
    const again = [...first, line(4, '2026-12-04T17:02:10.708334113Z'), line(5, '2026-12-04T17:02:14.012771001Z')];
    const next = afterMark(shown.mark, again);
    expect(next.lines.map((l) => l.text)).toEqual(['line 4', 'line 5']);
    expect(next.mark).toEqual({ ts: '2026-12-04T17:02:14.012771001Z', count: 1 });
  });

  it('tells apart lines of the same instant by how many of them were shown', () => {
    const ts = '2026-12-04T17:02:10.104552931Z';
    const shown = afterMark(undefined, [line(1, ts), line(2, ts)]);
    expect(shown.mark).toEqual({ ts, count: 2 });
    const next = afterMark(shown.mark, [line(1, ts), line(2, ts), line(3, ts)]);
    expect(next.lines.map((l) => l.text)).toEqual(['line 3']);
    expect(next.mark).toEqual({ ts, count: 3 });
  });

  it('lets lines without a timestamp through, and a first reading through whole', () => {
    const bare: LogLineDto = { stream: 'stderr', text: 'no time' };
    expect(afterMark({ ts: first[2]!.ts!, count: 1 }, [bare]).lines).toEqual([bare]);
    expect(afterMark(undefined, []).mark).toBeUndefined();
  });

  it('keeps the mark of a caught-up stream as afterMark would, batch by batch (seeded random batches)', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      let second = 10;
      const all: LogLineDto[] = [];
      for (let i = 0; i < 1 + Math.floor(rand() * 30); i++) {
        if (rand() < 0.4) second++;
        all.push(rand() < 0.1 ? { stream: 'stderr', text: `bare ${i}` } : line(i, `2026-12-04T17:02:${second}.000000000Z`));
      }
      let mark: ReturnType<typeof markAfter>;
      for (let at = 0; at < all.length;) {
        const n = 1 + Math.floor(rand() * 5);
        mark = markAfter(mark, all.slice(at, at + n));
        at += n;
      }
      expect(mark).toEqual(afterMark(undefined, all).mark);
    }
  });
});
