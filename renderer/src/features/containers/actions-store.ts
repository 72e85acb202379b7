/** The containers' actions slice: selection, running actions, and the dialogs they open. */
import { create } from 'zustand';
import type { ContainerAction, RemovalImpact } from '../../../../engine/contract/dto';
import { guardWith } from '../../api/guarded';
import { call } from '../../api/connection';
import { useContainers } from './containers-store';
import { failureSummary, prune, toggle } from '../../lib/selection';

export type ContainerDialog =
  | { readonly kind: 'remove'; readonly impacts: readonly RemovalImpact[] }
  | { readonly kind: 'rename'; readonly id: string; readonly name: string }
  | { readonly kind: 'runCommand'; readonly name: string; readonly command: string }
  /** "Remove stopped": the containers it would remove, named before anything goes. */
  | { readonly kind: 'removeStopped'; readonly containers: readonly StoppedContainer[] };

export interface StoppedContainer {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** States "Remove stopped" takes (as `docker container prune`: not running, paused or restarting). */
const STOPPED = new Set(['created', 'exited', 'dead']);

interface ActionsStore {
  readonly selected: ReadonlySet<string>;
  readonly busy: boolean;
  readonly error?: string;
  readonly notice?: string;
  readonly dialog?: ContainerDialog;
  /** Actions sent and not answered yet, by container: a stop with a timeout can take that long. */
  readonly inFlight: Readonly<Record<string, ContainerAction>>;
  /** Seconds stop and restart wait before killing; undefined is each container's own default (10 s unless set). */
  readonly stopTimeout?: number;
  setStopTimeout(seconds: number | undefined): void;
  toggle(id: string): void;
  setSelected(ids: readonly string[]): void;
  act(ids: readonly string[], action: ContainerAction): Promise<void>;
  askRemove(ids: readonly string[]): Promise<void>;
  remove(ids: readonly string[], volumes: boolean): Promise<void>;
  askRename(id: string): void;
  rename(id: string, name: string): Promise<boolean>;
  showRunCommand(id: string): Promise<void>;
  /** Open the confirmation naming the stopped containers. */
  askRemoveStopped(): void;
  /** Remove the stopped containers the confirmation named, and only them. */
  removeStopped(ids: readonly string[]): Promise<void>;
  closeDialog(): void;
  dismiss(): void;
}

const nameOf = (id: string) => useContainers.getState().byId[id]?.name ?? id.slice(0, 12);

export const useContainerActions = create<ActionsStore>((set, get) => {
  /** Run an action with the busy flag, turning a thrown error into the alert's sentence. */
  const guarded = guardWith(set);
  return {
    selected: new Set(),
    busy: false,
    inFlight: {},
    toggle: (id) => set((s) => ({ selected: toggle(s.selected, id) })),
    setSelected: (ids) => set({ selected: new Set(ids) }),
    setStopTimeout: (stopTimeout) => set({ stopTimeout }),
    act: async (ids, action) => {
      const timeout = action === 'stop' || action === 'restart' ? get().stopTimeout : undefined;
      set((s) => ({ inFlight: { ...s.inFlight, ...Object.fromEntries(ids.map((id) => [id, action])) } }));
      try {
        const results = await guarded(() => call('containers.act', { ids: [...ids], action, timeout }));
        if (results) set({ error: failureSummary(results, nameOf) });
      } finally {
        set((s) => ({ inFlight: Object.fromEntries(Object.entries(s.inFlight).filter(([id, a]) => !(ids.includes(id) && a === action))) }));
      }
    },
    askRemove: async (ids) => {
      const impacts = await guarded(() => call('containers.removalImpact', { ids: [...ids] }));
      if (impacts) set({ dialog: { kind: 'remove', impacts } });
    },
    remove: async (ids, volumes) => {
      set({ dialog: undefined });
      const results = await guarded(() => call('containers.remove', { ids: [...ids], force: true, volumes }));
      if (results) set((s) => ({ error: failureSummary(results, nameOf), selected: prune(s.selected, useContainers.getState().byId) }));
    },
    askRename: (id) => set({ dialog: { kind: 'rename', id, name: nameOf(id) } }),
    rename: async (id, name) => {
      const done = await guarded(async () => {
        await call('containers.rename', { id, name });
        return true;
      });
      if (done) set({ dialog: undefined });
      return !!done;
    },
    showRunCommand: async (id) => {
      const command = await guarded(() => call('containers.runCommand', { id }));
      if (command) set({ dialog: { kind: 'runCommand', name: nameOf(id), command } });
    },
    askRemoveStopped: () => {
      const { byId } = useContainers.getState();
      const containers = Object.values(byId)
        .filter((c) => STOPPED.has(c.state))
        .map((c) => ({ id: c.id, name: c.name, labels: c.labels }));
      set(containers.length ? { dialog: { kind: 'removeStopped', containers } } : { notice: 'There are no stopped containers to remove.', error: undefined });
    },
    removeStopped: async (ids) => {
      set({ dialog: undefined });
      // Only what was named: one started since then is refused by the engine (no force), not stopped and removed.
      const results = await guarded(() => call('containers.remove', { ids: [...ids], force: false, volumes: false }));
      if (!results) return;
      const removed = results.filter((r) => r.ok).length;
      set({ error: failureSummary(results, nameOf), notice: `Removed ${removed} stopped container${removed === 1 ? '' : 's'}.` });
    },
    closeDialog: () => set({ dialog: undefined }),
    dismiss: () => set({ error: undefined, notice: undefined }),
  };
});

// Containers removed from anywhere leave the selection.
useContainers.subscribe((s) => {
  const { selected } = useContainerActions.getState();
  const next = prune(selected, s.byId);
  if (next !== selected) useContainerActions.setState({ selected: next });
});

/** Stable selector for whether an id is selected. */
export const isSelected = (id: string) => (s: ActionsStore) => s.selected.has(id);
/** The action sent to a container and not answered yet. */
export const inFlightOf = (id: string) => (s: ActionsStore) => s.inFlight[id];

/** What a row says while its action runs. */
export const IN_FLIGHT_TEXT: Readonly<Record<ContainerAction, string>> = {
  start: 'Starting…',
  stop: 'Stopping…',
  restart: 'Restarting…',
  pause: 'Pausing…',
  unpause: 'Resuming…',
  kill: 'Killing…',
};
