/**
 * A container's log stream into an RPC sink, with backpressure instead of loss: lines are demultiplexed as they
 * are read and go out in bounded batches as fast as the client takes them. When the client is behind (a stream
 * opened with a window whose events are not yet acknowledged), the pump stops reading the engine's stream, so
 * dockerd (which keeps the log in its own file) waits for us and no line is ever dropped, nor held in memory
 * beyond a couple of batches.
 */
import type { LogBatch } from '../contract/index.js';
import type { PacedSink } from '../rpc/router.js';
import type { LogLine } from '../util/log-demux.js';

/** What turns the bytes read into lines: the engine's stream (LogDemuxer) or its log file (JsonFileLines). */
export interface LineReader {
  push(chunk: Buffer): LogLine[];
  end(): LogLine[];
}

/** The most lines one batch carries. */
export const MAX_BATCH_LINES = 2000;
/**
 * The most characters one batch carries, each line counted with LINE_COST more for what goes around its text on
 * the wire (its stream, its timestamp): a batch then fits in one RPC frame (PART_CHARS, 128K), which the page takes
 * without putting parts together. A single longer line still goes, alone.
 */
export const MAX_BATCH_CHARS = 96 * 1024;
/** What a line costs in a batch besides its text: `{"stream":"stdout","text":"","ts":"2026-12-08T01:02:03.123456789Z"},`. */
export const LINE_COST = 64;

/** Pure: lines waiting to go out, taken in batches bounded by lines and characters, oldest first. */
export class LineQueue {
  private lines: LogLine[] = [];
  private head = 0;
  private text = 0;

  constructor(
    private readonly maxLines = MAX_BATCH_LINES,
    private readonly maxChars = MAX_BATCH_CHARS,
    private readonly lineCost = LINE_COST,
  ) {}

  /** Lines waiting. */
  get size(): number {
    return this.lines.length - this.head;
  }

  /** Characters waiting (text and LINE_COST a line). */
  get chars(): number {
    return this.text;
  }

  push(lines: readonly LogLine[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.text += line.text.length + this.lineCost;
    }
  }

  /** True when two batches are waiting: reading more now would only grow memory. */
  get full(): boolean {
    return this.size >= 2 * this.maxLines || this.text >= 2 * this.maxChars;
  }

  /** The next batch (empty when nothing waits): at least one line, at most the bounds. */
  take(): LogLine[] {
    const start = this.head;
    let chars = 0;
    while (this.head < this.lines.length && this.head - start < this.maxLines) {
      const next = this.lines[this.head]!.text.length + this.lineCost;
      if (this.head > start && chars + next > this.maxChars) break;
      chars += next;
      this.head++;
    }
    const batch = this.lines.slice(start, this.head);
    this.text -= chars;
    if (this.head === this.lines.length) {
      this.lines = [];
      this.head = 0;
    } else if (this.head > 4096) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
    return batch;
  }
}

/** The engine's log stream as dockerode hands it over. */
type LogSource = NodeJS.ReadableStream & { destroy?: () => void };

/** How a pumped log ended: its stream ended, its stream broke (the engine went, or its connection), or the sink was cancelled. */
export type PumpEnd = 'ended' | 'broken' | 'cancelled';

/** Pump `source` through `demux` into `sink` until the source ends (every line sent) or the sink is cancelled. */
export function pumpLog(source: LogSource, demux: LineReader, sink: PacedSink<LogBatch>): Promise<PumpEnd> {
  const queue = new LineQueue();
  let ended = false;
  let sending = false;
  let how: PumpEnd = 'ended';
  return new Promise<PumpEnd>((done) => {
    const resolve = () => done(sink.signal.aborted ? 'cancelled' : how);
    const stop = () => {
      source.destroy?.();
      resolve();
    };
    if (sink.signal.aborted) return stop();
    sink.signal.addEventListener('abort', stop, { once: true });
    const drain = async () => {
      while (queue.size && !sink.signal.aborted) {
        await sink.ready();
        if (sink.signal.aborted) return;
        sink.emit({ lines: queue.take() });
        if (!ended && !queue.full && source.isPaused()) source.resume();
      }
      sending = false;
      if (ended) resolve();
    };
    const kick = () => {
      if (sending) return;
      sending = true;
      // Chunks read in the same turn go out together.
      setImmediate(() => void drain());
    };
    const finish = () => {
      if (ended) return;
      ended = true;
      queue.push(demux.end());
      if (queue.size) kick();
      else if (!sending) resolve();
    };
    source.on('data', (chunk: Buffer) => {
      queue.push(demux.push(chunk));
      if (queue.full) source.pause();
      if (queue.size) kick();
    });
    source.on('end', finish);
    source.on('close', finish);
    // A broken stream ends the log where it broke; the view then asks why (the engine or the container stopped).
    source.on('error', () => {
      how = 'broken';
      finish();
    });
  });
}
