/**
 * A followed log that ended before the container's last lines: dockerd 20.10 can end a follow when the container
 * exits while lines it wrote just before are still on their way to the log file (seen in CI: a follow of 200,000
 * lines ended, in order and without an error, after 38,127). Berth follows with the engine's timestamps, keeps the
 * last one it sent, and once the follow ends on a stopped container reads the end of the finished log, sending only
 * the lines after that one.
 */
import type { LogBatch, LogLineDto } from '../contract/index.js';
import type { PacedSink } from '../rpc/router.js';

/** The last line sent: its timestamp, and how many lines sent so far carried that same timestamp. */
export interface SentMark {
  readonly ts: string;
  readonly count: number;
}

/** Pure: the mark after sending `lines` (each with its engine timestamp), from the mark before. */
export function markAfter(mark: SentMark | undefined, lines: readonly LogLineDto[]): SentMark | undefined {
  let m = mark;
  for (const l of lines) {
    if (l.ts === undefined) continue;
    m = m && m.ts === l.ts ? { ts: l.ts, count: m.count + 1 } : { ts: l.ts, count: 1 };
  }
  return m;
}

/**
 * Pure: the lines of a read of the finished log that come after the mark, in the log's own order: everything is
 * dropped until the mark's line (the `count`-th line carrying its timestamp) has gone by. The log's order is not the
 * timestamps' (stdout and stderr are copied into it apart), so the engine's `since` cannot stand in for this: on
 * dockerd 20.10 a read `since` a line's own instant leaves out stderr lines that come after it in the log.
 */
export class AfterMark {
  private seen = 0;

  constructor(private readonly mark: SentMark) {}

  /** Whether the mark's line was in what was read so far. */
  get found(): boolean {
    return this.seen >= this.mark.count;
  }

  take(lines: readonly LogLineDto[]): LogLineDto[] {
    const out: LogLineDto[] = [];
    for (const l of lines) {
      if (this.found) out.push(l);
      else if (l.ts === this.mark.ts) this.seen++;
    }
    return out;
  }
}

/** Pure: a line as the client asked for it: without the timestamp Berth asked the engine for on its own behalf. */
export function asAsked(lines: readonly LogLineDto[], timestamps: boolean): LogLineDto[] {
  return timestamps ? [...lines] : lines.map((l) => ({ stream: l.stream, text: l.text }));
}

/** A sink that records the mark of what goes out (with timestamps), and sends the lines as the client asked for them. */
export function markingSink(sink: PacedSink<LogBatch>, timestamps: boolean, filter?: AfterMark): PacedSink<LogBatch> & { mark?: SentMark } {
  const marking: PacedSink<LogBatch> & { mark?: SentMark } = {
    signal: sink.signal,
    ready: () => sink.ready(),
    emit: (batch: LogBatch) => {
      const lines = filter ? filter.take(batch.lines) : batch.lines;
      if (!lines.length) return;
      marking.mark = markAfter(marking.mark, lines);
      sink.emit({ ...batch, lines: asAsked(lines, timestamps) });
    },
  };
  return marking;
}
