/**
 * Where the renderer's connection to Berth stands, as a store any view may read. The connection itself
 * (`connection.ts`: calls and streams) is for stores only.
 */
import { create } from 'zustand';

/** `no-token`: opened without the web host's token; `stale-token`: the web host answers but refuses this page's token (it was restarted). */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'no-token' | 'stale-token';

export const useConnection = create<{ state: ConnectionState }>(() => ({ state: 'connecting' }));
