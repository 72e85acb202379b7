/**
 * Where the renderer's connection to Berth stands, as a store any view may read. The connection itself
 * (`connection.ts`: calls and streams) is for stores only.
 */
import { create } from 'zustand';

/** `no-token`: opened without the web host's token; `stale-token`: the web host answers but refuses this page's token (it was restarted). */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'no-token' | 'stale-token';

export interface ConnectionStore {
  readonly state: ConnectionState;
  /** The engine this window works against (containers, images, volumes, networks, terminals). */
  readonly engine: { readonly id: string; readonly name: string };
  /** Why the engine this window had chosen could not be used again, as a sentence. */
  readonly engineError?: string;
}

export const useConnection = create<ConnectionStore>(() => ({ state: 'connecting', engine: { id: 'berth', name: 'Berth' } }));
