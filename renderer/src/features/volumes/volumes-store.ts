/** The volumes slice: the live list (each row selects its own volume), sizes on demand, actions, and browsing a volume's files. */
import { create } from 'zustand';
import type { VolumeEntry, VolumeSummary } from '../../../../engine/contract/dto';
import { guardWith } from '../../api/guarded';
import { call, subscribe } from '../../api/connection';
import { failureSummary } from '../../lib/selection';
import { keepUnchanged } from '../../lib/keep-unchanged';

/** One folder of a volume as the browser shows it. */
export interface BrowsedFolder {
  readonly name: string;
  readonly path: string;
  readonly entries?: readonly VolumeEntry[];
  readonly error?: string;
}

interface VolumesStore {
  readonly volumes?: readonly VolumeSummary[];
  /** The same volumes by name (an unchanged volume keeps its object): each row selects its own. */
  readonly byName: Readonly<Record<string, VolumeSummary>>;
  /** The folder of a volume being browsed. */
  readonly browsed?: BrowsedFolder;
  /** Read one folder of a volume (a helper container lists it, read-only). */
  browse(name: string, path: string): void;
  closeBrowser(): void;
  readonly sizes?: Readonly<Record<string, number>>;
  readonly loadingSizes: boolean;
  readonly busy: boolean;
  readonly error?: string;
  readonly notice?: string;
  loadSizes(): Promise<void>;
  create(name: string): Promise<boolean>;
  remove(names: readonly string[]): Promise<void>;
  /** Remove the unused volumes the confirmation named, and only them. */
  removeUnused(names: readonly string[]): Promise<void>;
  dismiss(): void;
}

export const useVolumes = create<VolumesStore>((set, get) => {
  const guarded = guardWith(set);
  return {
    byName: {},
    browse: (name, path) => {
      set({ browsed: { name, path } });
      const current = () => get().browsed?.name === name && get().browsed?.path === path;
      call('volumes.browse', { name, path }).then(
        (entries) => current() && set({ browsed: { name, path, entries } }),
        (err: Error) => current() && set({ browsed: { name, path, error: err.message } }),
      );
    },
    closeBrowser: () => set({ browsed: undefined }),
    loadingSizes: false,
    busy: false,
    loadSizes: async () => {
      set({ loadingSizes: true, error: undefined });
      try {
        set({ sizes: await call('volumes.sizes', {}) });
      } catch (err) {
        set({ error: (err as Error).message });
      } finally {
        set({ loadingSizes: false });
      }
    },
    create: async (name) => !!(await guarded(() => call('volumes.create', { name: name || undefined }))),
    remove: async (names) => {
      const r = await guarded(() => call('volumes.remove', { names: [...names] }));
      if (r) set({ error: failureSummary(r, (id) => id.slice(0, 24)) });
    },
    removeUnused: async (names) => {
      // Named volumes, not a prune: one taken into use since the confirmation is refused by the engine, and nothing unnamed goes.
      const r = await guarded(() => call('volumes.remove', { names: [...names] }));
      if (!r) return;
      const removed = r.filter((x) => x.ok).length;
      set({ error: failureSummary(r, (id) => id.slice(0, 24)), notice: `Removed ${removed} unused volume${removed === 1 ? '' : 's'}.` });
    },
    dismiss: () => set({ error: undefined, notice: undefined }),
  };
});

/** Follow the volumes while their page is shown. */
export function watchVolumes(): () => void {
  return subscribe('volumes.watch', {}, { next: (list) => useVolumes.setState((s) => ({ ...keepVolumes(s.byName, list) })) });
}

/** The new list with unchanged volumes kept as the objects already held. */
function keepVolumes(held: Readonly<Record<string, VolumeSummary>>, next: readonly VolumeSummary[]) {
  const { items, byKey } = keepUnchanged(held, next, (v) => v.name);
  return { volumes: items, byName: byKey };
}

/** Selectors (module-level, so they are stable). */
export const selectNames = (s: VolumesStore) => s.volumes?.map((v) => v.name);
