/** The backend's default folder for host paths (Downloads, else home): asked once, kept for every path field after. */
import { create } from 'zustand';
import type { ArchiveDefaults } from '../../../engine/contract/archive';
import { call } from '../api/connection';

interface ArchiveDefaultsStore {
  readonly defaults?: ArchiveDefaults;
  /** The last ask failed: path fields start empty then. */
  readonly failed: boolean;
  /** Ask the backend, unless it answered already or is being asked. */
  load(): void;
}

let asking = false;

export const useArchiveDefaults = create<ArchiveDefaultsStore>((set, get) => ({
  failed: false,
  load: () => {
    if (get().defaults || asking) return;
    asking = true;
    call('images.archiveDefaults', {})
      .then(
        (defaults) => set({ defaults, failed: false }),
        () => set({ failed: true }),
      )
      .finally(() => {
        asking = false;
      });
  },
}));
