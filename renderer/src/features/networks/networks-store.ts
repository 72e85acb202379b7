/** The networks slice: the live list (each row selects its own network), and every call on networks. */
import { create } from 'zustand';
import type { NetworkSummary } from '../../../../engine/contract/dto';
import { guardWith } from '../../api/guarded';
import { call, subscribe } from '../../api/connection';
import { keepUnchanged } from '../../lib/keep-unchanged';

/** What the create dialog sends, already checked (the engine checks it again). */
export interface NetworkToCreate {
  readonly name: string;
  readonly driver?: 'bridge' | 'overlay';
  readonly attachable?: boolean;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly internal: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

interface NetworksStore {
  readonly networks?: readonly NetworkSummary[];
  /** The same networks by name (an unchanged network keeps its object): each row selects its own. */
  readonly byName: Readonly<Record<string, NetworkSummary>>;
  readonly busy: boolean;
  readonly error?: string;
  readonly notice?: string;
  /** Resolves true when the network was made; the engine's refusal is `error`. */
  create(n: NetworkToCreate): Promise<boolean>;
  connect(network: string, container: string, aliases: readonly string[]): Promise<boolean>;
  disconnect(network: string, container: string): Promise<void>;
  remove(name: string): Promise<boolean>;
  /** Remove the unused networks the confirmation named, and only them. */
  pruneNamed(names: readonly string[]): Promise<void>;
  dismiss(): void;
}

export const useNetworks = create<NetworksStore>((set) => {
  const guarded = guardWith(set);
  return {
    byName: {},
    busy: false,
    create: async (n) =>
      !!(await guarded(() =>
        call('networks.create', {
          name: n.name,
          driver: n.driver ?? 'bridge',
          attachable: !!n.attachable,
          subnet: n.subnet || undefined,
          gateway: n.gateway || undefined,
          internal: n.internal,
          labels: { ...n.labels },
        }),
      )),
    connect: async (network, container, aliases) => {
      const ok = await guarded(async () => {
        await call('networks.connect', { network, container, aliases: [...aliases] });
        return true;
      });
      return !!ok;
    },
    disconnect: async (network, container) => {
      await guarded(() => call('networks.disconnect', { network, container }));
    },
    remove: async (name) => {
      const r = await guarded(() => call('networks.remove', { names: [name] }));
      if (!r) return false;
      // The engine's sentences name the network already.
      const error = r.find((x) => !x.ok)?.error;
      set({ error });
      return !error;
    },
    pruneNamed: async (names) => {
      const r = await guarded(() => call('networks.prune', { only: [...names] }));
      if (!r) return;
      const n = r.deleted.length;
      set({
        error: r.failed.map((f) => f.error).join(' ') || undefined,
        notice: `Removed ${n} unused network${n === 1 ? '' : 's'}${n ? `: ${r.deleted.join(', ')}` : ''}.`,
      });
    },
    dismiss: () => set({ error: undefined, notice: undefined }),
  };
});

/** Follow the networks while a view that shows them is open (the page, the Run dialog's picker). */
export function watchNetworks(): () => void {
  return subscribe('networks.watch', {}, { next: (list) => useNetworks.setState((s) => keepNetworks(s.byName, list)) });
}

/** The new list with unchanged networks kept as the objects already held. */
function keepNetworks(held: Readonly<Record<string, NetworkSummary>>, next: readonly NetworkSummary[]) {
  const { items, byKey } = keepUnchanged(held, next, (n) => n.name);
  return { networks: items, byName: byKey };
}

/** Selectors (module-level, so they are stable). */
export const selectNames = (s: NetworksStore) => s.networks?.map((n) => n.name);
/** The networks a container can be run on by name: the user's own (bridge, host and none are offered apart). */
export const selectUserNetworkNames = (s: NetworksStore) => s.networks?.filter((n) => !n.predefined).map((n) => n.name) ?? [];
