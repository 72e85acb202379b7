/**
 * Lines on their way into the log terminal. xterm keeps the last `keep`
 * lines (its scrollback); a line older than that is gone from it once newer
 * ones are written. So when lines come faster than xterm takes them, the
 * ones waiting that would be pushed out of the scrollback before they could
 * be seen are not handed to xterm at all: what the terminal ends up showing
 * is the same, with a fraction of the work. One write at a time is given to
 * xterm (at most `maxChars` characters, one bounded main-thread task), the
 * next once it has taken the last. While lines keep coming faster than that
 * (a flood), xterm gets one write a frame: the page spends the rest of its time
 * taking lines in (which lets the engine send more), and more of them are left
 * out; once they stop coming, what waits is written without pause.
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
  /** Lines came since the painter began waiting for a frame. */
  private arrived = false;
  /** No line came during the last frame waited for: writes follow one another without pause. */
  private draining = false;
  /** The next write waits for a frame. */
  private waiting = false;

  constructor(
    private readonly write: (text: string, done: () => void) => void,
    private readonly showTs: boolean,
    private readonly keep: number,
    private readonly maxChars = 16 * 1024,
    /** The most characters a frame's write carries while lines keep coming. */
    private readonly floodChars = 4 * 1024,
    private readonly nextFrame: (fn: () => void) => void = (fn) => requestAnimationFrame(() => fn()),
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
    if (lines.length) {
      this.arrived = true;
      this.draining = false;
    }
    if (!this.writing && !this.waiting) this.next();
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
    return this.writing || this.waiting || this.head < this.pending.length;
  }

  /**
   * xterm took the last write. When more waits, the next write is at the next frame, which leaves the page the
   * time between to take lines in; when no line came during that frame (the lines stopped coming), what waits is
   * written without pause until more lines come.
   */
  private taken(): void {
    if (this.stopped) return;
    if (this.draining || this.head >= this.pending.length) return this.next();
    this.writing = false;
    this.waiting = true;
    this.arrived = false;
    this.nextFrame(() => {
      this.waiting = false;
      this.draining = !this.arrived;
      if (!this.writing) this.next();
    });
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
    const limit = this.draining ? this.maxChars : this.floodChars;
    while (this.head < this.pending.length) {
      const t = toTerminal(this.pending[this.head]!, this.showTs);
      if (n && text.length + t.length > limit) break;
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
    this.write(text, () => this.taken());
  }
}
