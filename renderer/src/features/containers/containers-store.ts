/** The containers slice: the live model from containers.watch, and the list's filter. */
import { create } from 'zustand';
import type { ContainerDelta } from '../../../../engine/contract/dto';
import { subscribe } from '../../api/connection';
import { applyDelta, emptyModel, filterIds, type ContainerFilter, type ContainersModel } from './containers-model';

interface ContainersStore extends ContainersModel, ContainerFilter {
  /** Compose projects shown open. */
  readonly expanded: ReadonlySet<string>;
  setQuery(query: string): void;
  setRunningOnly(runningOnly: boolean): void;
  toggleProject(project: string): void;
}

export const useContainers = create<ContainersStore>((set) => ({
  ...emptyModel,
  query: '',
  runningOnly: false,
  setQuery: (query) => set({ query }),
  setRunningOnly: (runningOnly) => set({ runningOnly }),
  expanded: new Set(),
  toggleProject: (project) =>
    set((s) => {
      const expanded = new Set(s.expanded);
      if (!expanded.delete(project)) expanded.add(project);
      return { expanded };
    }),
}));

/** Apply one delta of containers.watch to the store. */
export function receiveDelta(delta: ContainerDelta): void {
  useContainers.setState((s) => applyDelta(s, delta));
}

/** Follow the engine's containers for the app's lifetime. */
export function watchContainers(): () => void {
  return subscribe('containers.watch', {}, { next: receiveDelta });
}

/** Selectors (module-level, so they are stable). */
/** The ids a filter shows; the same array again while neither the list nor the filter changed (filterIds remembers its last answer). */
export const selectVisibleIds = (filter: ContainerFilter) => (s: ContainersStore) => filterIds(s, filter);
export const selectCount = (s: ContainersStore) => s.ids.length;
/** Whether the rows follow the engine now (false while it is away: they are only the last known state). */
export const selectLive = (s: ContainersStore) => s.unavailable === undefined;
