/**
 * Following a service while someone looks: one poller per service shared by all its watchers, started by the
 * first and stopped when the last goes; each watcher gets the current picture at once, then each change. And the
 * details the engine puts before each line of a service's log (which task, which node).
 */
import type { StreamSink } from '../rpc/router.js';

interface Watched<E> {
  readonly sinks: Map<StreamSink<E>, { resolve(): void; reject(err: unknown): void }>;
  last?: { json: string; event: E };
  timer?: ReturnType<typeof setTimeout>;
  stopped: boolean;
}

export class WatchHub<E> {
  private readonly watched = new Map<string, Watched<E>>();

  constructor(
    private readonly read: (key: string) => Promise<E>,
    private readonly intervalMs: number,
  ) {}

  /** Services polled now. */
  get size(): number {
    return this.watched.size;
  }

  /** Send `key`'s picture to `sink` now and on each change, until the sink is cancelled or reading fails (the stream ends with the error). */
  follow(key: string, sink: StreamSink<E>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (sink.signal.aborted) return resolve();
      let w = this.watched.get(key);
      const fresh = !w;
      if (!w) {
        w = { sinks: new Map(), stopped: false };
        this.watched.set(key, w);
      }
      const entry = w;
      entry.sinks.set(sink, { resolve, reject });
      if (entry.last) sink.emit(entry.last.event);
      sink.signal.addEventListener(
        'abort',
        () => {
          entry.sinks.delete(sink);
          resolve();
          if (!entry.sinks.size) this.stop(key, entry);
        },
        { once: true },
      );
      if (fresh) void this.poll(key, entry);
    });
  }

  private stop(key: string, w: Watched<E>): void {
    w.stopped = true;
    if (w.timer) clearTimeout(w.timer);
    if (this.watched.get(key) === w) this.watched.delete(key);
  }

  private async poll(key: string, w: Watched<E>): Promise<void> {
    if (w.stopped) return;
    try {
      const event = await this.read(key);
      if (w.stopped) return;
      const json = JSON.stringify(event);
      if (json !== w.last?.json) {
        w.last = { json, event };
        for (const sink of w.sinks.keys()) sink.emit(event);
      }
    } catch (err) {
      this.stop(key, w);
      for (const { reject } of w.sinks.values()) reject(err);
      return;
    }
    w.timer = setTimeout(() => void this.poll(key, w), this.intervalMs);
  }
}

/**
 * Pure: a service log line's text with the details the engine put first (`details=true`: comma-separated
 * key=value pairs, then a space) taken off, and those details.
 */
export function parseLogDetails(text: string): { attrs: Record<string, string>; text: string } {
  const space = text.indexOf(' ');
  const head = space < 0 ? text : text.slice(0, space);
  if (!/^[\w.-]+=/.test(head)) return { attrs: {}, text };
  const attrs: Record<string, string> = {};
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  for (const pair of head.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) attrs[decode(pair.slice(0, eq))] = decode(pair.slice(eq + 1));
  }
  return { attrs, text: space < 0 ? '' : text.slice(space + 1) };
}
