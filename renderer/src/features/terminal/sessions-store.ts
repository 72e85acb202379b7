/**
 * Shell sessions of every container, kept for the life of the page: their
 * state lives in this store, their xterm instances and streams in a map
 * beside it (not React state), so leaving a page and coming back finds the
 * same sessions and screens.
 */
import { create } from 'zustand';
import { useTheme } from '../../app/theme';
import { TerminalSession, type SessionState } from './terminal-session';
import { useTerminalSettings } from './terminal-settings';

export interface SessionInfo extends SessionState {
  readonly id: string;
  readonly containerId: string;
  readonly title: string;
}

interface SessionsState {
  readonly sessions: Readonly<Record<string, SessionInfo>>;
  /** Session ids by container id, in tab order. */
  readonly byContainer: Readonly<Record<string, readonly string[]>>;
  /** The session shown for each container. */
  readonly active: Readonly<Record<string, string>>;
  open(containerId: string): string;
  close(id: string): void;
  select(containerId: string, id: string): void;
  reconnect(id: string): void;
}

const runtime = new Map<string, TerminalSession>();
const numbers = new Map<string, number>();
let nextId = 1;

/** The live session object (xterm and stream) behind an id. */
export function sessionOf(id: string | undefined): TerminalSession | undefined {
  return id ? runtime.get(id) : undefined;
}

export const useSessions = create<SessionsState>((set, get) => ({
  sessions: {},
  byContainer: {},
  active: {},
  open: (containerId) => {
    const id = `s${nextId++}`;
    const n = (numbers.get(containerId) ?? 0) + 1;
    numbers.set(containerId, n);
    set((s) => ({
      sessions: { ...s.sessions, [id]: { id, containerId, title: `Shell ${n}`, status: 'connecting' } },
      byContainer: { ...s.byContainer, [containerId]: [...(s.byContainer[containerId] ?? []), id] },
      active: { ...s.active, [containerId]: id },
    }));
    const report = (state: SessionState) =>
      set((s) => (s.sessions[id] ? { sessions: { ...s.sessions, [id]: { ...s.sessions[id], status: state.status, message: state.message, shell: state.shell ?? s.sessions[id].shell } } } : s));
    runtime.set(id, new TerminalSession(containerId, useTerminalSettings.getState(), report));
    return id;
  },
  close: (id) => {
    const info = get().sessions[id];
    runtime.get(id)?.dispose();
    runtime.delete(id);
    if (!info) return;
    set((s) => {
      const { [id]: _gone, ...sessions } = s.sessions;
      const ids = (s.byContainer[info.containerId] ?? []).filter((x) => x !== id);
      const at = (s.byContainer[info.containerId] ?? []).indexOf(id);
      const active = { ...s.active };
      if (active[info.containerId] === id) {
        const next = ids[Math.min(at, ids.length - 1)];
        if (next) active[info.containerId] = next;
        else delete active[info.containerId];
      }
      return { sessions, byContainer: { ...s.byContainer, [info.containerId]: ids }, active };
    });
  },
  select: (containerId, id) => set((s) => ({ active: { ...s.active, [containerId]: id } })),
  reconnect: (id) => runtime.get(id)?.connect(),
}));

// Settings and theme apply to every session at once.
useTerminalSettings.subscribe((settings) => runtime.forEach((s) => s.apply(settings)));
useTheme.subscribe(() => requestAnimationFrame(() => runtime.forEach((s) => s.retheme())));
