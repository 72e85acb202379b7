/** The Dashboard slice: the engine's disk use by kind, and the clean-ups that first list what they delete. */
import { create } from 'zustand';
import type { CleanupPlan, DiskKind, DiskUsage } from '../../../../engine/contract/dto';
import { guardWith } from '../../api/guarded';
import { call } from '../../api/connection';
import { formatBytes } from '../../lib/format';
import { failureSummary } from '../../lib/selection';
import { KIND_TEXT } from './dashboard-model';

interface DashboardStore {
  readonly usage?: DiskUsage;
  readonly loadingUsage: boolean;
  readonly usageError?: string;
  /** The clean-up being confirmed: exactly what it deletes. */
  readonly plan?: CleanupPlan;
  /** The kind whose list is being read or whose clean-up runs. */
  readonly working?: DiskKind;
  readonly busy: boolean;
  readonly error?: string;
  readonly notice?: string;
  /** Read the disk figures again (`docker system df`). */
  loadUsage(): Promise<void>;
  /** List what a clean-up of `kind` deletes, and open its confirmation (or say there is nothing). */
  askCleanup(kind: DiskKind): Promise<void>;
  /** Delete exactly the confirmed items, then read the figures again. */
  runCleanup(): Promise<void>;
  closeDialog(): void;
  dismiss(): void;
}

export const useDashboard = create<DashboardStore>((set, get) => {
  const guarded = guardWith(set);
  return {
    loadingUsage: false,
    busy: false,
    loadUsage: async () => {
      if (get().loadingUsage) return;
      set({ loadingUsage: true });
      try {
        set({ usage: await call('system.df', {}), usageError: undefined });
      } catch (err) {
        set({ usageError: (err as Error).message });
      } finally {
        set({ loadingUsage: false });
      }
    },
    askCleanup: async (kind) => {
      set({ working: kind });
      const plan = await guarded(() => call('system.cleanupPlan', { kind }));
      set({ working: undefined });
      if (!plan) return;
      if (plan.items.length) set({ plan });
      else set({ notice: `There are no ${KIND_TEXT[kind].cleanup} to clean up.` });
    },
    runCleanup: async () => {
      const plan = get().plan;
      if (!plan) return;
      set({ plan: undefined, working: plan.kind });
      const names = new Map(plan.items.map((i) => [i.id, i.name]));
      const results = await guarded(() => call('system.cleanup', { kind: plan.kind, ids: plan.items.map((i) => i.id) }));
      set({ working: undefined });
      if (results) {
        const done = new Set(results.filter((r) => r.ok).map((r) => r.id));
        const freed = plan.items.filter((i) => done.has(i.id)).reduce((a, i) => a + i.size, 0);
        const { noun } = KIND_TEXT[plan.kind];
        set({
          error: failureSummary(results, (id) => names.get(id) ?? id),
          notice: `Removed ${done.size} ${noun}${done.size === 1 ? '' : 's'}, freeing about ${formatBytes(freed)}.`,
        });
      }
      await get().loadUsage();
    },
    closeDialog: () => set({ plan: undefined }),
    dismiss: () => set({ error: undefined, notice: undefined }),
  };
});

/** Ask for one kind's clean-up (the palette's "Prune build cache…"): its plan opens the Dashboard's confirmation. */
export function askCleanup(kind: DiskKind): Promise<void> {
  return useDashboard.getState().askCleanup(kind);
}
