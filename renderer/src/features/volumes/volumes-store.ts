/** The volumes slice: the live list, sizes on demand, and actions. */
import { create } from 'zustand';
import type { VolumeSummary } from '../../../../engine/contract/dto';
import { guardWith } from '../../api/guarded';
import { call, subscribe } from '../../api/connection';
import { failureSummary } from '../../lib/selection';

interface VolumesStore {
  readonly volumes?: readonly VolumeSummary[];
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

export const useVolumes = create<VolumesStore>((set) => {
  const guarded = guardWith(set);
  return {
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
  return subscribe('volumes.watch', {}, { next: (volumes) => useVolumes.setState({ volumes }) });
}
