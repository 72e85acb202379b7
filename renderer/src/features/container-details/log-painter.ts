/**
 * Lines on their way into the log terminal. xterm keeps the last `keep`
 * lines (its scrollback); a line older than that is gone from it once newer
 * ones are written. So when lines come faster than xterm takes them, the
 * ones waiting that would be pushed out of the scrollback before they could
 * be seen are not handed to xterm at all: what the terminal ends up showing
 * is the same, with a fraction of the work. One write at a time is given to
 * xterm (at most `maxChars` characters, one bounded main-thread task), the
 * next once it has taken the last.
 */
import type { LogLineDto } from '../../../../engine/contract/dto';
import { toTerminal } from './log-format';

export interface PainterStats {
  /** Lines handed to xterm. */
  readonly written: number;
  /** Lines left out because newer ones would have pushed them out of the scrollback anyway. */
  readonly skipped: number;
}

export class LogPainter {
  private pending: LogLineDto[] = [];
  /** Index of the first pending line not yet written (the array is compacted now and then). */
  private head = 0;
  private writing = false;
  private stopped = false;
  private written = 0;
  private skipped = 0;

  constructor(
    private readonly write: (text: string, done: () => void) => void,
    private readonly showTs: boolean,
    private readonly keep: number,
    private readonly maxChars = 16 * 1024,
  ) {}

  /** Lines to show after those already given. */
  push(lines: readonly LogLineDto[]): void {
    if (this.stopped) return;
    for (const line of lines) this.pending.push(line);
    const waiting = this.pending.length - this.head;
    if (waiting > this.keep) {
      this.skipped += waiting - this.keep;
      this.head = this.pending.length - this.keep;
    }
    if (!this.writing) this.next();
  }

  /** Nothing more is written (the view or its stream went away). */
  stop(): void {
    this.stopped = true;
    this.pending = [];
    this.head = 0;
  }

  get stats(): PainterStats {
    return { written: this.written, skipped: this.skipped };
  }

  /** True while lines wait or a write is with xterm. */
  get busy(): boolean {
    return this.writing || this.head < this.pending.length;
  }

  private next(): void {
    if (this.stopped || this.head >= this.pending.length) {
      this.writing = false;
      if (this.head && this.head === this.pending.length) {
        this.pending = [];
        this.head = 0;
      }
      return;
    }
    let text = '';
    let n = 0;
    while (this.head < this.pending.length) {
      const t = toTerminal(this.pending[this.head]!, this.showTs);
      if (n && text.length + t.length > this.maxChars) break;
      text += t;
      this.head++;
      n++;
    }
    // Compact once the written part is most of the array.
    if (this.head > 4096 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    this.written += n;
    this.writing = true;
    this.write(text, () => this.next());
  }
}
