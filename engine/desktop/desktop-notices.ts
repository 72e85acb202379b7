/** Notices passed from the pages to the desktop app's main process, and its clicks passed back (see contract.ts). */
import { untilAborted, type StreamSink } from '../rpc/router.js';
import type { DesktopNotice } from './contract.js';

export class DesktopNotices {
  private readonly shows = new Set<(n: DesktopNotice) => void>();
  private readonly clicks = new Set<(id: string) => void>();

  /** Hand a notice to every desktop app listening; false when none is (the page then shows it itself). */
  notify(notice: DesktopNotice): { shown: boolean } {
    for (const show of this.shows) show(notice);
    return { shown: this.shows.size > 0 };
  }

  clicked(id: string): void {
    for (const click of this.clicks) click(id);
  }

  watchNotices(sink: StreamSink<DesktopNotice>): Promise<void> {
    return this.follow(this.shows, (n) => sink.emit(n), sink.signal);
  }

  watchClicks(sink: StreamSink<{ id: string }>): Promise<void> {
    return this.follow(this.clicks, (id) => sink.emit({ id }), sink.signal);
  }

  private async follow<T>(set: Set<(v: T) => void>, listener: (v: T) => void, signal: AbortSignal): Promise<void> {
    set.add(listener);
    try {
      await untilAborted(signal);
    } finally {
      set.delete(listener);
    }
  }
}
