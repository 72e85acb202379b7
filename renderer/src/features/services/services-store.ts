/**
 * The Swarm services slice: the window's engine's services (read again every few seconds while the page is shown,
 * and after each action), every call on services, and the live streams a view opens: a service's tasks and rolling
 * update (kept while an update the user started runs, even when the view goes), and its merged logs.
 */
import { create } from 'zustand';
import type { CreateServiceInput, ServiceLogLine, ServicesList, ServiceSummary, ServiceWatchEvent } from '../../../../engine/contract/index';
import { call, subscribe } from '../../api/connection';
import { useConnection } from '../../api/connection-state';
import { guardWith } from '../../api/guarded';

/** How often the list is read while the page is shown (its counts change without events Berth follows). */
export const LIST_REFRESH_MS = 3000;
/** The most log lines kept per service. */
export const MAX_LOG_LINES = 5000;

interface ServicesStore {
  readonly list?: ServicesList;
  readonly busy: boolean;
  readonly error?: string;
  readonly notice?: string;
  /** The live picture of each followed service: its summary, tasks and update progress. */
  readonly watched: Readonly<Record<string, ServiceWatchEvent>>;
  /** Merged log lines of services whose logs are open. */
  readonly logs: Readonly<Record<string, readonly ServiceLogLine[]>>;
  refresh(): Promise<void>;
  /** Resolves true when the service was made; the engine's refusal is `error`. */
  create(input: CreateServiceInput): Promise<boolean>;
  scale(name: string, replicas: number): Promise<boolean>;
  /** Roll to a new image (and env): the service is followed until the update ends. */
  update(name: string, image: string, env?: readonly string[]): Promise<boolean>;
  rollback(name: string): Promise<boolean>;
  remove(name: string): Promise<boolean>;
  dismiss(): void;
}

export const useServices = create<ServicesStore>((set, get) => {
  const guarded = guardWith(set);
  const refreshAfter = async <T>(op: () => Promise<T>): Promise<T | undefined> => {
    const r = await guarded(op);
    await get().refresh();
    return r;
  };
  return {
    busy: false,
    watched: {},
    logs: {},
    refresh: async () => {
      try {
        set({ list: await call('services.list', {}) });
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },
    create: async (input) => {
      const s = await refreshAfter(() => call('services.create', input));
      if (s)
        set({ notice: `Created ${s.name}: ${s.mode === 'global' ? 'one task per node' : `${s.desired} replica${s.desired === 1 ? '' : 's'}`} of ${s.image}.` });
      return !!s;
    },
    scale: async (name, replicas) => {
      const s = await refreshAfter(() => call('services.scale', { service: name, replicas }));
      if (s) set({ notice: `${s.name} scaled to ${s.desired}.` });
      return !!s;
    },
    update: async (name, image, env) => {
      const s = await refreshAfter(() => call('services.update', { service: name, image, ...(env ? { env: [...env] } : {}) }));
      if (!s) return false;
      set({ notice: `Updating ${s.name} to ${s.image}, ${s.updateConfig.parallelism || 'all'} at a time.` });
      followUntilSettled(s);
      return true;
    },
    rollback: async (name) => {
      const s = await refreshAfter(() => call('services.rollback', { service: name }));
      if (!s) return false;
      set({ notice: `Rolling ${s.name} back to ${s.image}.` });
      followUntilSettled(s);
      return true;
    },
    remove: async (name) => {
      const r = await refreshAfter(() => call('services.remove', { services: [name] }));
      if (r) set({ notice: `Removed ${r.removed.join(', ')} and its tasks.` });
      return !!r;
    },
    dismiss: () => set({ error: undefined, notice: undefined }),
  };
});

/** Who follows each service's live stream (views and running updates); the stream closes when nobody does. */
const followers = new Map<string, { count: number; stop: () => void }>();

/** Follow a service's tasks and update; returns the function that lets go (the last one closes the stream). */
export function followService(name: string): () => void {
  let f = followers.get(name);
  if (!f) {
    const stop = subscribe(
      'services.watch',
      { service: name },
      {
        next: (e) => useServices.setState((s) => ({ watched: { ...s.watched, [name]: e } })),
        end: (err) => {
          if (err) useServices.setState({ error: err.message });
        },
      },
    );
    f = { count: 0, stop };
    followers.set(name, f);
  }
  f.count++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const held = followers.get(name);
    if (held && --held.count === 0) {
      held.stop();
      followers.delete(name);
      useServices.setState((s) => {
        const { [name]: _gone, ...watched } = s.watched;
        return { watched };
      });
    }
  };
}

/** An update the user started keeps its service followed until it completes or pauses, wherever the user goes meanwhile. */
function followUntilSettled(s: ServiceSummary): void {
  const release = followService(s.name);
  let began = false;
  const off = useServices.subscribe((state) => {
    const p = state.watched[s.name]?.progress;
    if (!p) return;
    if (/updating|rollback_started/.test(p.state)) began = true;
    if (began && /completed|paused/.test(p.state)) {
      off();
      release();
      void useServices.getState().refresh();
    }
  });
}

/** Follow a service's logs (every task, merged) while a view shows them. */
export function followLogs(name: string): () => void {
  useServices.setState((s) => ({ logs: { ...s.logs, [name]: [] } }));
  const stop = subscribe(
    'services.logs',
    { service: name, follow: true, tail: 500 },
    {
      reopen: () => useServices.setState((s) => ({ logs: { ...s.logs, [name]: [] } })),
      next: (lines) =>
        useServices.setState((s) => {
          const held = [...(s.logs[name] ?? []), ...lines];
          return { logs: { ...s.logs, [name]: held.length > MAX_LOG_LINES ? held.slice(-MAX_LOG_LINES) : held } };
        }),
    },
  );
  return () => {
    stop();
    useServices.setState((s) => {
      const { [name]: _gone, ...logs } = s.logs;
      return { logs };
    });
  };
}

/** Read the list now and every few seconds while the page is shown, and again when the window changes engine. */
export function followServiceList(): () => void {
  const refresh = () => void useServices.getState().refresh();
  refresh();
  const timer = setInterval(refresh, LIST_REFRESH_MS);
  const off = useConnection.subscribe((s, before) => {
    if (s.engine?.id !== before.engine?.id) {
      useServices.setState({ list: undefined });
      refresh();
    }
  });
  return () => {
    clearInterval(timer);
    off();
  };
}

/** Selectors (module-level, so they are stable). */
export const selectNames = (s: ServicesStore) => s.list?.services.map((x) => x.name);
export const selectService = (name: string) => (s: ServicesStore) => s.list?.services.find((x) => x.name === name);
