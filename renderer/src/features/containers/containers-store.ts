/** The containers slice: the live model from containers.watch, and the list's filter. */
import { create } from 'zustand';
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

/** Follow the engine's containers for the app's lifetime. */
export function watchContainers(): () => void {
  return subscribe('containers.watch', {}, {
    next: (delta) => useContainers.setState((s) => applyDelta(s, delta)),
  });
}

/** Selectors (module-level, so they are stable). */
export const selectVisibleIds = (s: ContainersStore) => filterIds(s, s);
export const selectCount = (s: ContainersStore) => s.ids.length;
