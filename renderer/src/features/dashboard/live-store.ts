/**
 * The Dashboard's live slice: the engine's own CPU and memory, every running container's latest stats (summed on screen), the
 * recent activity, and the last lines of the containers needing attention. The streams are opened by `followDashboard` while
 * the Dashboard is shown (and the window visible) and closed when it goes: nothing is sampled for a page no one sees.
 */
import { create } from 'zustand';
import type { ActivityItem, ContainerStats, EngineUsage, LogLineDto } from '../../../../engine/contract/dto';
import { call, subscribe } from '../../api/connection';
import { whileVisible } from './while-visible';

/** A container's last lines, or why they could not be read. */
export interface LastLines {
  readonly lines?: readonly LogLineDto[];
  readonly error?: string;
}

/** How many lines the attention list shows per container. */
export const LAST_LINES = 3;

interface LiveStore {
  readonly engine?: EngineUsage;
  readonly stats: Readonly<Record<string, ContainerStats>>;
  /** Undefined until the engine answered once. */
  readonly activity?: readonly ActivityItem[];
  readonly activityError?: string;
  readonly lastLines: Readonly<Record<string, LastLines>>;
}

export const useDashboardLive = create<LiveStore>(() => ({ stats: {}, lastLines: {} }));

/** Follow the engine's use, the containers' stats and the activity while the Dashboard is shown; returns the stop. */
export function followDashboard(): () => void {
  const stopActivity = subscribe(
    'system.activity',
    {},
    {
      next: (activity) => useDashboardLive.setState({ activity, activityError: undefined }),
      end: (err) => err && useDashboardLive.setState({ activityError: err.message }),
    },
  );
  const stopSampling = whileVisible(() => {
    const stopEngine = subscribe('system.engineUsage', {}, { next: (engine) => useDashboardLive.setState({ engine }) });
    const stopStats = subscribe('containers.stats', {}, { next: (batch) => useDashboardLive.setState((s) => ({ stats: mergeLatest(s.stats, batch) })) });
    return () => {
      stopEngine();
      stopStats();
      // Figures of a page no longer followed would only mislead when it comes back.
      useDashboardLive.setState({ engine: undefined, stats: {} });
    };
  });
  return () => {
    stopActivity();
    stopSampling();
    // Lines read on this visit may be stale by the next, and the activity may be another engine's: each visit reads them again.
    useDashboardLive.setState({ lastLines: {}, activity: undefined, activityError: undefined });
  };
}

/** Pure: the latest sample per container, updated with a batch. */
export function mergeLatest(latest: Readonly<Record<string, ContainerStats>>, batch: readonly ContainerStats[]): Record<string, ContainerStats> {
  const next: Record<string, ContainerStats> = { ...latest };
  for (const s of batch) next[s.id] = s;
  return next;
}

const reading = new Set<string>();

/** Read the last lines of the containers not read yet on this visit (once each: not polled). */
export function loadLastLines(ids: readonly string[]): void {
  for (const id of ids) {
    if (useDashboardLive.getState().lastLines[id] || reading.has(id)) continue;
    reading.add(id);
    void call('containers.lastLines', { id, lines: LAST_LINES })
      .then(
        (lines): LastLines => ({ lines }),
        (err: Error): LastLines => ({ error: err.message }),
      )
      .then((entry) => {
        reading.delete(id);
        useDashboardLive.setState((s) => ({ lastLines: { ...s.lastLines, [id]: entry } }));
      });
  }
}
