/**
 * Credit for one stream: how many events the engine may send that the client
 * has not yet acknowledged. A client that opens a stream with a window acks
 * each event once it has consumed it (a log view: once xterm has drawn it);
 * the handler waits on `ready()` before sending more, so a slow view slows the
 * source down instead of anything being dropped or piling up in memory.
 * Without a window there is no limit (clients that never ack).
 */
export class Credit {
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private released = false;

  constructor(readonly window?: number) {}

  /** Events sent and not yet acknowledged. */
  get outstanding(): number {
    return this.inFlight;
  }

  /** True when one more event may go out now. */
  get available(): boolean {
    return this.released || this.window === undefined || this.inFlight < this.window;
  }

  /** An event went out. */
  sent(): void {
    if (this.window !== undefined) this.inFlight++;
  }

  /** The client consumed `n` events; acks beyond what is in flight count for nothing, so no credit is banked. */
  acked(n: number): void {
    this.inFlight = Math.max(0, this.inFlight - n);
    this.wake();
  }

  /**
   * Resolves once an event may go out (at once when it may now, or after `release`). Meant for one sender that
   * awaits it before each event: every waiter is let go when there is room, none is given a slot of its own.
   */
  ready(): Promise<void> {
    if (this.available) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The stream is over: everyone waiting goes on (and finds the stream aborted). */
  release(): void {
    this.released = true;
    this.wake();
  }

  private wake(): void {
    while (this.waiters.length && this.available) this.waiters.shift()!();
  }
}
