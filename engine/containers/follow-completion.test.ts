import { describe, expect, it } from 'vitest';
import type { LogBatch, LogLineDto } from '../contract/index.js';
import { AfterMark, asAsked, markAfter, markingSink } from './follow-completion.js';

const line = (ts: string, text: string): LogLineDto => ({ stream: 'stdout', text, ts });

describe('completing a follow that ended early', () => {
  it('keeps the last timestamp sent and how many lines carried it', () => {
    expect(markAfter(undefined, [])).toBeUndefined();
    const m = markAfter(undefined, [line('t1', 'a'), line('t2', 'b'), line('t2', 'c')]);
    expect(m).toEqual({ ts: 't2', count: 2 });
    expect(markAfter(m, [line('t2', 'd')])).toEqual({ ts: 't2', count: 3 });
    expect(markAfter(m, [line('t3', 'e')])).toEqual({ ts: 't3', count: 1 });
  });

  it('passes only the lines after the mark’s line, in the log’s order, and says whether it was found', () => {
    const f = new AfterMark({ ts: 't2', count: 2 });
    expect(f.take([line('t1', 'a'), line('t2', 'b')])).toEqual([]);
    expect(f.found).toBe(false);
    // Later in the log than the mark, earlier by the clock (stderr copied in after stdout): still after it.
    expect(f.take([line('t2', 'c'), line('t0', 'late stderr'), line('t3', 'd')])).toEqual([line('t0', 'late stderr'), line('t3', 'd')]);
    expect(f.found).toBe(true);
    const never = new AfterMark({ ts: 't9', count: 1 });
    expect(never.take([line('t1', 'a')])).toEqual([]);
    expect(never.found).toBe(false);
  });

  it('sends lines without the timestamps Berth asked for itself, and marks them', () => {
    const sent: LogBatch[] = [];
    const sink = markingSink({ emit: (b) => sent.push(b), signal: new AbortController().signal, ready: () => Promise.resolve() }, false);
    sink.emit({ lines: [line('t1', 'a'), line('t2', 'b')] });
    expect(sent).toEqual([
      {
        lines: [
          { stream: 'stdout', text: 'a' },
          { stream: 'stdout', text: 'b' },
        ],
      },
    ]);
    expect(sink.mark).toEqual({ ts: 't2', count: 1 });
    expect(asAsked([line('t1', 'a')], true)).toEqual([line('t1', 'a')]);
    // A batch the filter empties sends nothing.
    const filtered = markingSink(
      { emit: (b) => sent.push(b), signal: new AbortController().signal, ready: () => Promise.resolve() },
      true,
      new AfterMark({ ts: 't2', count: 1 }),
    );
    filtered.emit({ lines: [line('t2', 'b')] });
    expect(sent).toHaveLength(1);
  });
});
