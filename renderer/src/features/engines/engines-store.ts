/** The Engines slice: the list with its live health, adding and removing engines, and which engine this window works against. */
import { create } from 'zustand';
import type { AddEngineInput, EngineEntry, EngineField } from '../../../../engine/contract/index';
import { call, subscribe, switchEngine } from '../../api/connection';
import { guardWith } from '../../api/guarded';

interface EnginesStore {
  readonly entries?: readonly EngineEntry[];
  readonly busy: boolean;
  readonly error?: string;
  readonly notice?: string;
  /** Load the list once (the switcher, before the Engines page was opened). */
  load(): Promise<void>;
  /** Add an engine; the field errors when it was not added, none when it was. */
  add(input: AddEngineInput): Promise<Partial<Record<EngineField, string>>>;
  remove(id: string): Promise<void>;
  /** Make this window work against another engine. */
  use(id: string): Promise<void>;
  dismiss(): void;
}

export const useEngines = create<EnginesStore>((set, get) => {
  const guarded = guardWith(set);
  return {
    busy: false,
    load: async () => {
      try {
        set({ entries: await call('engines.list', {}) });
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },
    add: async (input) => {
      const r = await guarded(() => call('engines.add', input));
      if (!r) return { host: get().error ?? 'The engine could not be added.' };
      if (r.engine) {
        const added = r.engine;
        set((s) => ({ entries: [...(s.entries ?? []).filter((e) => e.id !== added.id), added], notice: `Added "${added.name}".` }));
        return {};
      }
      return Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
    },
    remove: async (id) => {
      const name = get().entries?.find((e) => e.id === id)?.name ?? id;
      const r = await guarded(() => call('engines.remove', { id }));
      if (r?.removed) set((s) => ({ entries: s.entries?.filter((e) => e.id !== id), notice: `Removed "${name}" from the list.` }));
    },
    use: async (id) => {
      await guarded(() => switchEngine(id));
    },
    dismiss: () => set({ error: undefined, notice: undefined }),
  };
});

/** Follow the list with fresh health while the Engines page is shown. */
export function watchEngines(): () => void {
  return subscribe('engines.watch', {}, { next: (entries) => useEngines.setState({ entries }) });
}
