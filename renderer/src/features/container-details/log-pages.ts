/**
 * A stopped container's whole log, read page by page as the view scrolls to
 * it (`containers.logRange`), never whole: at most KEPT_PAGES pages are held,
 * the ones used longest ago dropped first. The view asks for the lines it
 * shows; pages not yet here are fetched, one call each, and the view is told
 * when they come.
 */
import type { LogLineDto } from '../../../../engine/contract/dto';
import { call } from '../../api/connection';

/** Lines per page. */
export const PAGE = 500;
/** Pages held at most (20,000 lines). */
export const KEPT_PAGES = 40;

/** Pure: the pages lines `from` to `to` (inclusive) fall in. */
export function pagesOf(from: number, to: number): number[] {
  const out: number[] = [];
  for (let p = Math.floor(Math.max(0, from) / PAGE); p <= Math.floor(Math.max(0, to) / PAGE); p++) out.push(p);
  return out;
}

export class LogPages {
  private readonly pages = new Map<number, readonly LogLineDto[]>();
  private readonly asked = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private closed = false;
  /** Why the last page could not be read, if it could not. */
  error: string | undefined;

  constructor(
    private readonly id: string,
    private readonly timestamps: boolean,
    readonly lines: number,
  ) {}

  /** Line `i`, when its page is here. */
  line(i: number): LogLineDto | undefined {
    const p = Math.floor(i / PAGE);
    const page = this.pages.get(p);
    if (!page) return undefined;
    // Used: it goes to the back of the queue.
    this.pages.delete(p);
    this.pages.set(p, page);
    return page[i - p * PAGE];
  }

  /** Make sure lines `from` to `to` come (the ones shown, and a page around them). */
  want(from: number, to: number): void {
    for (const p of pagesOf(from - PAGE / 2, Math.min(to + PAGE / 2, this.lines - 1))) {
      if (this.pages.has(p) || this.asked.has(p) || p * PAGE >= this.lines) continue;
      this.asked.add(p);
      call('containers.logRange', { id: this.id, from: p * PAGE, count: PAGE, timestamps: this.timestamps }).then(
        (lines) => {
          this.asked.delete(p);
          if (this.closed) return;
          this.pages.set(p, lines);
          while (this.pages.size > KEPT_PAGES) this.pages.delete(this.pages.keys().next().value!);
          this.error = undefined;
          this.emit();
        },
        (err: unknown) => {
          this.asked.delete(p);
          if (this.closed) return;
          this.error = (err as Error).message;
          this.emit();
        },
      );
    }
  }

  /** The lines held now, for copy and download. */
  held(): Array<{ from: number; lines: readonly LogLineDto[] }> {
    return [...this.pages.entries()].sort((a, b) => a[0] - b[0]).map(([p, lines]) => ({ from: p * PAGE, lines }));
  }

  get pagesHeld(): number {
    return this.pages.size;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  close(): void {
    this.closed = true;
    this.pages.clear();
    this.listeners.clear();
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}

/** Open a stopped container's log for reading by range; undefined when it can only be read as a stream (and why). */
export async function openLogPages(id: string, timestamps: boolean): Promise<{ pages?: LogPages; bytes?: number; reason?: string }> {
  const info = await call('containers.logOpen', { id });
  if (!info.available) return { reason: info.reason };
  return { pages: new LogPages(id, timestamps, info.lines), bytes: info.bytes };
}
