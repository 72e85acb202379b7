/**
 * Pure: where a followed log stands, so a stream opened again (after the
 * engine stopped and came back, or Berth's connection did) continues after
 * the last line shown: no line twice, none skipped that the engine still has.
 * Lines carry the engine's timestamps (RFC 3339 with nanoseconds).
 */
import type { LogLineDto } from '../../../../engine/contract/dto';

export interface LogMark {
  /** The timestamp of the last line shown. */
  readonly ts: string;
  /** How many lines shown carried exactly that timestamp. */
  readonly count: number;
}

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** Pure: a timestamp as [epoch seconds, nanoseconds], or undefined when it is not one. */
function parts(ts: string): readonly [number, number] | undefined {
  const m = TS.exec(ts);
  if (!m) return undefined;
  const seconds = Date.parse(`${m[1]}${m[3]}`) / 1000;
  return Number.isNaN(seconds) ? undefined : [seconds, Number((m[2] ?? '').padEnd(9, '0'))];
}

/** Pure: -1, 0 or 1 as `a` is before, the same as or after `b` (undefined when either is not a timestamp). */
export function compareTs(a: string, b: string): number | undefined {
  const x = parts(a);
  const y = parts(b);
  if (!x || !y) return undefined;
  return Math.sign(x[0] - y[0] || x[1] - y[1]);
}

/** Pure: the lines of a batch that come after the mark, and the mark after them. */
export function afterMark(mark: LogMark | undefined, lines: readonly LogLineDto[]): { lines: LogLineDto[]; mark: LogMark | undefined } {
  const out: LogLineDto[] = [];
  let seenAtMark = 0;
  let next = mark;
  for (const line of lines) {
    if (mark && line.ts) {
      const c = compareTs(line.ts, mark.ts);
      if (c !== undefined && c < 0) continue;
      // Lines of the mark's very instant: the first `count` of them were shown already.
      if (c === 0 && seenAtMark++ < mark.count) continue;
    }
    out.push(line);
    if (line.ts) next = next && next.ts === line.ts ? { ts: line.ts, count: next.count + 1 } : { ts: line.ts, count: 1 };
  }
  return { lines: out, mark: next };
}

/** Pure: the `since` (epoch seconds) that reads again from the mark's second on. */
export function sinceOf(mark: LogMark): number | undefined {
  const p = parts(mark.ts);
  return p ? Math.floor(p[0]) : undefined;
}

/**
 * Pure: the mark after lines that are all new (a stream caught up with its mark): the same as `afterMark` gives,
 * without reading any timestamp, so a flood costs a string comparison per line at most.
 */
export function markAfter(mark: LogMark | undefined, lines: readonly LogLineDto[]): LogMark | undefined {
  let i = lines.length - 1;
  while (i >= 0 && !lines[i]!.ts) i--;
  if (i < 0) return mark;
  const ts = lines[i]!.ts!;
  let count = 0;
  for (; i >= 0; i--) {
    const at = lines[i]!.ts;
    if (at === ts) count++;
    else if (at) break;
  }
  return i < 0 && mark?.ts === ts ? { ts, count: mark.count + count } : { ts, count };
}
