/**
 * "Save as compose.yaml": the file the engine writes from containers, shown before it is saved, and the save.
 * One export at a time (the dialog is modal); its calls live here, not in the dialog.
 */
import { create } from 'zustand';
import type { ComposeExported } from '../../../../engine/contract/compose';
import { call } from '../../api/connection';

export interface ExportState {
  /** The containers asked for (ids), and what the dialog calls them. */
  readonly ids: readonly string[];
  readonly loading: boolean;
  readonly file?: ComposeExported;
  readonly error?: string;
  readonly saving: boolean;
  readonly saveError?: string;
  /** Where the file was written. */
  readonly savedTo?: string;
  /** Read the file for `ids` (nothing is written). */
  preview(ids: readonly string[]): Promise<void>;
  /** Write it to a path on the machine running the engine. */
  save(path: string, overwrite: boolean): Promise<void>;
  reset(): void;
}

const initial = { ids: [], loading: false, saving: false, file: undefined, error: undefined, saveError: undefined, savedTo: undefined };

export const useComposeExport = create<ExportState>()((set, get) => ({
  ...initial,
  async preview(ids) {
    set({ ...initial, ids, loading: true });
    try {
      const file = await call('compose.export', { containers: [...ids], overwrite: false });
      if (get().ids === ids) set({ file, loading: false });
    } catch (err) {
      if (get().ids === ids) set({ error: (err as Error).message, loading: false });
    }
  },
  async save(path, overwrite) {
    const { ids } = get();
    set({ saving: true, saveError: undefined, savedTo: undefined });
    try {
      const r = await call('compose.export', { containers: [...ids], path, overwrite });
      if (get().ids === ids) set({ saving: false, file: r, savedTo: r.path });
    } catch (err) {
      if (get().ids === ids) set({ saving: false, saveError: (err as Error).message });
    }
  },
  reset: () => set(initial),
}));
