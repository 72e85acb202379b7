/** The tabs of terminal sessions, as plain data: which sessions each owner has, in order, and which one it shows. */
import type { TerminalKind } from '../../../../engine/contract/terminal-model';
import type { SessionState } from './terminal-session';

export interface SessionInfo extends SessionState {
  readonly id: string;
  /** The container the session belongs to, or the engine's owner key. */
  readonly owner: string;
  readonly kind: TerminalKind;
  readonly title: string;
}

export interface SessionTabs {
  readonly sessions: Readonly<Record<string, SessionInfo>>;
  /** Session ids by owner, in tab order. */
  readonly byOwner: Readonly<Record<string, readonly string[]>>;
  /** The session shown for each owner. */
  readonly active: Readonly<Record<string, string>>;
}

/** Pure: a new session added as its owner's last tab, and shown. */
export function withSession(s: SessionTabs, info: SessionInfo): SessionTabs {
  return {
    sessions: { ...s.sessions, [info.id]: info },
    byOwner: { ...s.byOwner, [info.owner]: [...(s.byOwner[info.owner] ?? []), info.id] },
    active: { ...s.active, [info.owner]: info.id },
  };
}

/** Pure: a session removed; when it was shown, the tab that took its place (or the one before, at the end) is shown. */
export function withoutSession(s: SessionTabs, id: string): SessionTabs {
  const info = s.sessions[id];
  if (!info) return s;
  const { [id]: _gone, ...sessions } = s.sessions;
  const before = s.byOwner[info.owner] ?? [];
  const ids = before.filter((x) => x !== id);
  const active = { ...s.active };
  if (active[info.owner] === id) {
    const next = ids[Math.min(before.indexOf(id), ids.length - 1)];
    if (next) active[info.owner] = next;
    else delete active[info.owner];
  }
  return { sessions, byOwner: { ...s.byOwner, [info.owner]: ids }, active };
}
