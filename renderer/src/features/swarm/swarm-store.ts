/** The Swarm slice: where the window's engine stands in Swarm mode, its nodes, the join tokens, and the actions on them. */
import { create } from 'zustand';
import type { JoinTokens, NodeAction, SwarmInitInput, SwarmJoinInput, SwarmView } from '../../../../engine/contract/index';
import { call, subscribe } from '../../api/connection';
import { guardWith } from '../../api/guarded';
import { actionNotice } from './swarm-words';

interface SwarmStore {
  readonly view?: SwarmView;
  readonly tokens?: JoinTokens;
  readonly busy: boolean;
  readonly error?: string;
  readonly notice?: string;
  /** Initialise a swarm; the sentence that kept it from happening, or undefined when it did. */
  init(input: Partial<SwarmInitInput>): Promise<string | undefined>;
  /** Join a swarm; the sentence that kept it from happening, or undefined when it did. */
  join(input: Partial<SwarmJoinInput> & Pick<SwarmJoinInput, 'remoteAddr' | 'token'>): Promise<string | undefined>;
  leave(force: boolean): Promise<void>;
  loadTokens(): Promise<void>;
  update(id: string, hostname: string, action: NodeAction): Promise<void>;
  remove(id: string, hostname: string, force: boolean): Promise<void>;
  dismiss(): void;
}

export const useSwarm = create<SwarmStore>((set) => {
  const guarded = guardWith(set);
  /** Run a call that may fail with a sentence the dialog shows by its fields, not in the page's banner. */
  const inDialog = async (op: () => Promise<SwarmView>, notice: (v: SwarmView) => string): Promise<string | undefined> => {
    set({ busy: true, error: undefined, notice: undefined });
    try {
      const view = await op();
      set({ view, tokens: undefined, notice: notice(view) });
      return undefined;
    } catch (err) {
      return (err as Error).message;
    } finally {
      set({ busy: false });
    }
  };
  return {
    busy: false,
    init: (input) =>
      inDialog(
        () => call('swarm.init', input),
        (v) => `This engine is now the manager of a new swarm (${v.swarm.nodeAddr ?? ''}).`,
      ),
    join: (input) =>
      inDialog(
        () => call('swarm.join', input),
        (v) => `This engine joined the swarm as a ${v.swarm.role ?? 'node'}.`,
      ),
    leave: async (force) => {
      const view = await guarded(() => call('swarm.leave', { force }));
      if (view) set({ view, tokens: undefined, notice: 'This engine left the swarm.' });
    },
    loadTokens: async () => {
      const tokens = await guarded(() => call('swarm.joinTokens', {}));
      if (tokens) set({ tokens });
    },
    update: async (id, hostname, action) => {
      const nodes = await guarded(() => call('nodes.update', { id, action }));
      if (nodes) set((s) => ({ view: s.view && { ...s.view, nodes }, notice: actionNotice(action, hostname) }));
    },
    remove: async (id, hostname, force) => {
      const nodes = await guarded(() => call('nodes.remove', { id, force }));
      if (nodes) set((s) => ({ view: s.view && { ...s.view, nodes }, notice: `Removed ${hostname} from the swarm.` }));
    },
    dismiss: () => set({ error: undefined, notice: undefined }),
  };
});

/** Follow the swarm while the Swarm page is shown (it starts over when the window switches engine). */
export function watchSwarm(): () => void {
  return subscribe(
    'swarm.watch',
    {},
    {
      next: (view) =>
        useSwarm.setState((s) => ({
          view,
          // Tokens belong to a manager: a window that switched engine, or an engine that left, drops them.
          tokens: view.swarm.role === 'manager' && view.swarm.nodeId === s.view?.swarm.nodeId ? s.tokens : undefined,
        })),
      end: (err) => err && useSwarm.setState({ view: undefined, error: err.message }),
      reopen: () => useSwarm.setState({ view: undefined, tokens: undefined }),
    },
  );
}
