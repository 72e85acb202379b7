import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from './terminal-settings';

describe('terminal settings', () => {
  it('starts from the defaults', () => {
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('not json')).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps good values and clamps or drops bad ones', () => {
    expect(parseSettings(JSON.stringify({ fontSize: 15, scrollback: 20000, shell: 'zsh', detachKeys: 'ctrl-x,x' }))).toEqual({
      fontSize: 15,
      scrollback: 20000,
      shell: 'zsh',
      detachKeys: 'ctrl-x,x',
    });
    expect(parseSettings(JSON.stringify({ fontSize: 400, scrollback: -1, shell: 'sh; reboot', detachKeys: 'ctrl-1' }))).toEqual({
      fontSize: 32,
      scrollback: 100,
      shell: '',
      detachKeys: 'ctrl-p,ctrl-q',
    });
    expect(parseSettings(JSON.stringify({ fontSize: '12' }))).toEqual(DEFAULT_SETTINGS);
  });
});
