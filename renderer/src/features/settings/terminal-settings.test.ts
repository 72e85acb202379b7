import { describe, expect, it } from 'vitest';
import { DEFAULT_TERMINAL_SETTINGS, parseTerminalSettings, patchTerminalSettings, sameTerminalSettings } from './terminal-settings';

describe('terminal settings', () => {
  it('starts from the defaults', () => {
    expect(parseTerminalSettings(null)).toEqual(DEFAULT_TERMINAL_SETTINGS);
    expect(parseTerminalSettings('not json')).toEqual(DEFAULT_TERMINAL_SETTINGS);
  });

  it('keeps good values and clamps or drops bad ones', () => {
    expect(parseTerminalSettings(JSON.stringify({ fontSize: 15, scrollback: 20000, shell: 'zsh', detachKeys: 'ctrl-x,x' }))).toEqual({
      fontSize: 15,
      scrollback: 20000,
      shell: 'zsh',
      detachKeys: 'ctrl-x,x',
    });
    expect(parseTerminalSettings(JSON.stringify({ fontSize: 400, scrollback: -1, shell: 'sh; reboot', detachKeys: 'ctrl-1' }))).toEqual({
      fontSize: 32,
      scrollback: 100,
      shell: '',
      detachKeys: 'ctrl-p,ctrl-q',
    });
    expect(parseTerminalSettings(JSON.stringify({ fontSize: '12' }))).toEqual(DEFAULT_TERMINAL_SETTINGS);
  });
});

describe('a change to the terminal settings', () => {
  const current = { fontSize: 13, scrollback: 5000, shell: 'zsh', detachKeys: 'ctrl-p,ctrl-q' };
  it('keeps what it does not name, and checks what it does like stored values', () => {
    expect(patchTerminalSettings(current, { fontSize: 14 })).toEqual({ ...current, fontSize: 14 });
    expect(patchTerminalSettings(current, { fontSize: 99, scrollback: 50 })).toEqual({ ...current, fontSize: 32, scrollback: 100 });
    expect(patchTerminalSettings(current, { shell: 'sh; reboot', detachKeys: 'ctrl-1' })).toEqual({ ...current, shell: '', detachKeys: 'ctrl-p,ctrl-q' });
  });
  it('is no change when it says the same', () => {
    expect(sameTerminalSettings(patchTerminalSettings(current, { fontSize: 13 }), current)).toBe(true);
    expect(sameTerminalSettings(patchTerminalSettings(current, { detachKeys: 'ctrl-x,x' }), current)).toBe(false);
  });
});
