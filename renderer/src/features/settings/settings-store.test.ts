import { describe, expect, it, vi } from 'vitest';

vi.stubGlobal('window', { matchMedia: () => ({ matches: false, addEventListener: () => undefined }) });
vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined, removeItem: () => undefined });
const { uiSettingsOf } = await import('./settings-store');

describe('the preferences as the backend keeps them', () => {
  it('are the theme chosen (not the one shown), the terminal settings and the quit choice', () => {
    const terminal = { fontSize: 15, scrollback: 20000, shell: 'zsh', detachKeys: 'ctrl-x,x' };
    expect(uiSettingsOf({ themeChoice: 'system', terminal, quit: 'keep' })).toEqual({ theme: 'system', terminal, quit: 'keep' });
    // Only the four terminal fields go up, whatever else an object carries.
    expect(uiSettingsOf({ themeChoice: 'dark', terminal: { ...terminal, extra: 1 } as typeof terminal, quit: 'ask' }).terminal).toEqual(terminal);
  });
});
