/** Live resource use: the latest sample per container, and a short history for charts. */
import { create } from 'zustand';
import type { ContainerStats } from '../../../../engine/contract/dto';
import { subscribe } from '../../api/connection';

/** Samples kept per container for the charts (about two minutes at one a second). */
export const HISTORY = 120;

interface StatsStore {
  readonly latest: Readonly<Record<string, ContainerStats>>;
  readonly history: Readonly<Record<string, readonly ContainerStats[]>>;
}

export const useStats = create<StatsStore>(() => ({ latest: {}, history: {} }));

/** Pure: merge a batch into the store's state, bounding each history. */
export function mergeStats(s: StatsStore, batch: readonly ContainerStats[], keepHistory: boolean): StatsStore {
  const latest: Record<string, ContainerStats> = { ...s.latest };
  const history: Record<string, readonly ContainerStats[]> = { ...s.history };
  for (const st of batch) {
    latest[st.id] = st;
    if (keepHistory) {
      const h = [...(history[st.id] ?? []), st];
      history[st.id] = h.length > HISTORY ? h.slice(h.length - HISTORY) : h;
    }
  }
  return { latest, history: keepHistory ? history : s.history };
}

/** Follow every running container's stats (for the list). */
export function watchAllStats(): () => void {
  return subscribe('containers.stats', {}, { next: (batch) => useStats.setState((s) => mergeStats(s, batch, false)) });
}

/** Follow one container with history (for its Stats tab). */
export function watchStatsOf(id: string): () => void {
  return subscribe('containers.stats', { ids: [id] }, { next: (batch) => useStats.setState((s) => mergeStats(s, batch, true)) });
}
