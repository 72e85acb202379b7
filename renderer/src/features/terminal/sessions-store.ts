/**
 * Terminal sessions of every container (and the engine shells), kept for the life of the page: their
 * state lives in this store, their xterm instances and streams in a map
 * beside it (not React state), so leaving a page and coming back finds the
 * same sessions and screens.
 */
import { create } from 'zustand';
import { useTheme } from '../../app/theme';
import type { TerminalKind } from '../../../../engine/contract/terminal-model';
import { TerminalSession, type SessionState } from './terminal-session';
import { withoutSession, withSession, type SessionInfo, type SessionTabs } from './sessions-model';
import { useTerminalSettings } from './terminal-settings';

export type { SessionInfo };

/** The owner of the engine shells (container ids and names never start with @). */
export const ENGINE_OWNER = '@engine';

const TITLES: Record<TerminalKind, string> = { shell: 'Shell', attach: 'Attached', engine: 'Engine shell' };

interface SessionsState extends SessionTabs {
  /** A new session of `owner` (a shell unless said otherwise), made the active one. */
  open(owner: string, kind?: TerminalKind): string;
  close(id: string): void;
  select(owner: string, id: string): void;
  reconnect(id: string): void;
}

const runtime = new Map<string, TerminalSession>();
const numbers = new Map<string, number>();
let nextId = 1;

/** The live session object (xterm and stream) behind an id. */
export function sessionOf(id: string | undefined): TerminalSession | undefined {
  return id ? runtime.get(id) : undefined;
}

export const useSessions = create<SessionsState>((set) => ({
  sessions: {},
  byOwner: {},
  active: {},
  open: (owner, kind = owner === ENGINE_OWNER ? 'engine' : 'shell') => {
    const id = `s${nextId++}`;
    const counter = `${owner}/${kind}`;
    const n = (numbers.get(counter) ?? 0) + 1;
    numbers.set(counter, n);
    set((s) => withSession(s, { id, owner, kind, title: `${TITLES[kind]} ${n}`, status: 'connecting' }));
    const report = (state: SessionState) =>
      set((s) =>
        s.sessions[id]
          ? {
              sessions: {
                ...s.sessions,
                [id]: { ...s.sessions[id], status: state.status, message: state.message, shell: state.shell ?? s.sessions[id].shell },
              },
            }
          : s,
      );
    runtime.set(id, new TerminalSession({ kind, owner }, useTerminalSettings.getState(), report));
    return id;
  },
  close: (id) => {
    runtime.get(id)?.dispose();
    runtime.delete(id);
    set((s) => withoutSession(s, id));
  },
  select: (owner, id) => set((s) => ({ active: { ...s.active, [owner]: id } })),
  reconnect: (id) => runtime.get(id)?.connect(),
}));

// Settings and theme apply to every session at once.
useTerminalSettings.subscribe((settings) => runtime.forEach((s) => s.apply(settings)));
useTheme.subscribe(() => requestAnimationFrame(() => runtime.forEach((s) => s.retheme())));
