/**
 * Terminal sessions of every container (and the engine shells), kept for the life of the page: their
 * state lives in this store, their xterm instances and streams in a map
 * beside it (not React state), so leaving a page and coming back finds the
 * same sessions and screens.
 */
import { create } from 'zustand';
import type { TerminalKind } from '../../../../engine/contract/terminal-model';
import { TerminalSession, type SessionState } from './terminal-session';
import { withoutSession, withSession, type SessionInfo, type SessionTabs } from './sessions-model';
import { useSettings } from '../settings';

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

let following = false;

/** Settings and theme apply to every session at once (followed from the first session on, so loading this module subscribes to nothing). */
function followSettings(): void {
  if (following) return;
  following = true;
  useSettings.subscribe((now, before) => {
    if (now.terminal !== before.terminal) runtime.forEach((s) => s.apply(now.terminal));
    if (now.theme !== before.theme || now.themeChoice !== before.themeChoice) requestAnimationFrame(() => runtime.forEach((s) => s.retheme()));
  });
}

export const useSessions = create<SessionsState>((set) => ({
  sessions: {},
  byOwner: {},
  active: {},
  open: (owner, kind = owner === ENGINE_OWNER ? 'engine' : 'shell') => {
    followSettings();
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
    runtime.set(id, new TerminalSession({ kind, owner }, useSettings.getState().terminal, report));
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
