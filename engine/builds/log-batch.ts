/**
 * Build log output gathered before it is sent: a step printing a line per
 * write reaches the engine as one trace entry per line, and 50,000 lines as
 * 50,000 events would swamp the page. Text is kept per step and stream and
 * sent at most every `intervalMs`, and always before anything that must come
 * after it (a step's state, the end of the build).
 */
export interface LogChunk {
  readonly digest: string;
  readonly stream: number;
  readonly text: string;
}

export class LogBatch {
  private pending = new Map<string, { digest: string; stream: number; parts: string[] }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (chunk: LogChunk) => void,
    private readonly intervalMs = 50,
  ) {}

  add(digest: string, stream: number, text: string): void {
    const key = `${stream}:${digest}`;
    const p = this.pending.get(key);
    if (p) p.parts.push(text);
    else this.pending.set(key, { digest, stream, parts: [text] });
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Send what is pending now, in the order the steps first had output. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = new Map();
    for (const p of pending.values()) this.send({ digest: p.digest, stream: p.stream, text: p.parts.join('') });
  }
}
