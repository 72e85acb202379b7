/**
 * The Swarm stacks slice: the window's engine's stacks (read again every few seconds while they are shown, and
 * after each action), the plan of a deploy, the deploy itself (kept running and shown again when the user comes
 * back, even when the dialog closed), a stack's services for the removal question, and removing a stack.
 */
import { create } from 'zustand';
import type { ServiceSummary, StackDeployInput, StackPlan, StacksList } from '../../../../engine/contract/index';
import { call, transfer } from '../../api/connection';
import { useConnection } from '../../api/connection-state';
import { guardWith } from '../../api/guarded';
import { applyDeployEvent, endDeployRun, newDeployRun, type DeployRun } from './deploy-run';

/** How often the list is read while it is shown (task counts change without events Berth follows). */
export const STACKS_REFRESH_MS = 3000;

interface StacksStore {
  readonly list?: StacksList;
  readonly busy: boolean;
  readonly error?: string;
  readonly notice?: string;
  /** The last plan asked for, with the input it was made for. */
  readonly plan?: { readonly input: StackDeployInput; readonly plan: StackPlan };
  readonly planning: boolean;
  readonly planError?: string;
  /** The deploy running or last run. */
  readonly run?: DeployRun;
  /** Each stack's services, as read for the removal question. */
  readonly services: Readonly<Record<string, readonly ServiceSummary[]>>;
  refresh(): Promise<void>;
  /** What deploying would change; the refusal of a bad file (file:line:column) is `planError`. */
  makePlan(input: StackDeployInput): Promise<void>;
  forgetPlan(): void;
  /** Start a deploy; it runs on whatever the user does meanwhile. */
  deploy(input: StackDeployInput): void;
  clearRun(): void;
  loadServices(name: string): Promise<void>;
  remove(name: string): Promise<boolean>;
  dismiss(): void;
}

export const useStacks = create<StacksStore>((set, get) => {
  const guarded = guardWith(set);
  return {
    busy: false,
    planning: false,
    services: {},
    refresh: async () => {
      try {
        set({ list: await call('stacks.list', {}) });
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },
    makePlan: async (input) => {
      set({ planning: true, planError: undefined, plan: undefined });
      try {
        set({ plan: { input, plan: await call('stacks.plan', input) } });
      } catch (err) {
        set({ planError: (err as Error).message });
      } finally {
        set({ planning: false });
      }
    },
    forgetPlan: () => set({ plan: undefined, planError: undefined }),
    deploy: (input) => {
      if (get().run?.running) return;
      set({ run: newDeployRun(input.name), error: undefined, notice: undefined });
      const patch = (f: (r: DeployRun) => DeployRun) => set((s) => (s.run ? { run: f(s.run) } : {}));
      transfer('stacks.deploy', input, {
        next: (e) => patch((r) => applyDeployEvent(r, e)),
        end: (err) => {
          patch((r) => endDeployRun(r, err?.message));
          const run = get().run;
          if (!err && run)
            set({
              notice: `Deployed ${run.stack}: ${run.changed?.length ? `${run.changed.length} change${run.changed.length === 1 ? '' : 's'}` : 'nothing to change'}.`,
            });
          void get().refresh();
        },
      });
    },
    clearRun: () => {
      if (!get().run?.running) set({ run: undefined, plan: undefined });
    },
    loadServices: async (name) => {
      try {
        const services = await call('stacks.services', { name });
        set((s) => ({ services: { ...s.services, [name]: services } }));
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },
    remove: async (name) => {
      const r = await guarded(() => call('stacks.remove', { name }));
      await get().refresh();
      if (!r) return false;
      const count = r.services.length + r.networks.length + r.configs.length + r.secrets.length;
      if (r.failures.length) set({ error: r.failures.join(' ') });
      else set({ notice: `Removed the stack ${name}: ${count} object${count === 1 ? '' : 's'}.` });
      set((s) => {
        const { [name]: _gone, ...services } = s.services;
        return { services };
      });
      return true;
    },
    dismiss: () => set({ error: undefined, notice: undefined }),
  };
});

/** Read the list now and every few seconds while it is shown, and again when the window changes engine. */
export function followStacks(): () => void {
  const refresh = () => void useStacks.getState().refresh();
  refresh();
  const timer = setInterval(refresh, STACKS_REFRESH_MS);
  const off = useConnection.subscribe((s, before) => {
    if (s.engine?.id !== before.engine?.id) {
      useStacks.setState({ list: undefined, services: {} });
      refresh();
    }
  });
  return () => {
    clearInterval(timer);
    off();
  };
}

/** Selectors (module-level, so they are stable). */
export const selectStackNames = (s: StacksStore) => s.list?.stacks.map((x) => x.name);
export const selectStack = (name: string) => (s: StacksStore) => s.list?.stacks.find((x) => x.name === name);
