import { describe, expect, it } from 'vitest';
import { withoutSession, withSession, type SessionInfo, type SessionTabs } from './sessions-model';

const empty: SessionTabs = { sessions: {}, byOwner: {}, active: {} };
const info = (id: string, owner: string, kind: SessionInfo['kind'] = 'shell'): SessionInfo => ({ id, owner, kind, title: id, status: 'open' });
const tabs = (...all: SessionInfo[]) => all.reduce(withSession, empty);

describe('terminal session tabs', () => {
  it('adds each session as its owner’s last tab and shows it, owners apart', () => {
    const s = tabs(info('a', 'c1'), info('b', 'c1', 'attach'), info('e', '@engine', 'engine'));
    expect(s.byOwner).toEqual({ c1: ['a', 'b'], '@engine': ['e'] });
    expect(s.active).toEqual({ c1: 'b', '@engine': 'e' });
  });

  it('shows the tab that takes a closed one’s place, the one before at the end, and nothing when none is left', () => {
    let s = tabs(info('a', 'c1'), info('b', 'c1'), info('c', 'c1'));
    s = withoutSession({ ...s, active: { c1: 'b' } }, 'b');
    expect(s.byOwner.c1).toEqual(['a', 'c']);
    expect(s.active.c1).toBe('c');
    s = withoutSession(s, 'c');
    expect(s.active.c1).toBe('a');
    s = withoutSession(s, 'a');
    expect(s.active).toEqual({});
    expect(s.sessions).toEqual({});
  });

  it('keeps the shown tab when another one closes, and ignores an unknown id', () => {
    const s = tabs(info('a', 'c1'), info('b', 'c1'));
    expect(withoutSession(s, 'a').active.c1).toBe('b');
    expect(withoutSession(s, 'zz')).toBe(s);
  });
});
