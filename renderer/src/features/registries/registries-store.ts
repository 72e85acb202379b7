/** The registries slice: known registries and logins, and the catalogue being browsed. */
import { create } from 'zustand';
import type { RegistryCatalog, RegistrySummary, RepositoryTags } from '../../../../engine/contract/dto';
import { call } from '../../api/connection';

/** Something loaded on demand: nothing yet, loading, there, or the sentence saying why not. */
export type Loadable<T> = { readonly state: 'loading' } | { readonly state: 'ready'; readonly value: T } | { readonly state: 'failed'; readonly error: string };

interface RegistriesStore {
  readonly registries?: readonly RegistrySummary[];
  readonly error?: string;
  readonly notice?: string;
  /** The catalogue of the registry being browsed. */
  readonly catalog?: Loadable<RegistryCatalog> & { readonly server: string };
  /** The tags of the repository chosen in the catalogue. */
  readonly tags?: Loadable<RepositoryTags> & { readonly server: string; readonly repository: string };
  refresh(): Promise<void>;
  /** Log in; resolves to the error sentence, or undefined when the registry accepted the login. */
  login(server: string, username: string, secret: string): Promise<string | undefined>;
  logout(server: string): Promise<void>;
  loadCatalog(server: string): Promise<void>;
  loadTags(server: string, repository: string): Promise<void>;
  closeTags(): void;
  dismiss(): void;
}

const messageOf = (err: unknown) => (err as Error).message;

export const useRegistries = create<RegistriesStore>((set, get) => ({
  refresh: async () => {
    try {
      set({ registries: await call('registries.list', {}) });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },
  login: async (server, username, secret) => {
    try {
      const r = await call('registries.login', { server, username, secret });
      set({ notice: `Logged in to ${r.server} as ${r.username ?? username}.`, error: undefined });
      await get().refresh();
      // A catalogue that needed this login is read again.
      const c = get().catalog;
      if (c?.server === r.server && c.state === 'failed') void get().loadCatalog(r.server);
      return undefined;
    } catch (err) {
      return messageOf(err);
    }
  },
  logout: async (server) => {
    set({ error: undefined, notice: undefined });
    try {
      await call('registries.logout', { server });
      set({ notice: `Logged out of ${server}; its login is no longer stored.` });
      await get().refresh();
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },
  loadCatalog: async (server) => {
    set({ catalog: { server, state: 'loading' }, tags: undefined });
    let next: RegistriesStore['catalog'];
    try {
      next = { server, state: 'ready', value: await call('registries.catalog', { server }) };
    } catch (err) {
      next = { server, state: 'failed', error: messageOf(err) };
    }
    // Only the latest request counts: the user may have picked another registry meanwhile.
    if (get().catalog?.server === server) set({ catalog: next });
  },
  loadTags: async (server, repository) => {
    set({ tags: { server, repository, state: 'loading' } });
    let next: RegistriesStore['tags'];
    try {
      next = { server, repository, state: 'ready', value: await call('registries.tags', { server, repository }) };
    } catch (err) {
      next = { server, repository, state: 'failed', error: messageOf(err) };
    }
    const t = get().tags;
    if (t?.server === server && t.repository === repository) set({ tags: next });
  },
  closeTags: () => set({ tags: undefined }),
  dismiss: () => set({ error: undefined, notice: undefined }),
}));
