/**
 * This browser's copy of the preferences the first paint needs (theme, terminal), read before the backend
 * answers. The backend's copy is the truth; this one only keeps the page from flashing the defaults.
 */
import type { ThemeChoice } from '../../lib/theme';
import { DEFAULT_TERMINAL_SETTINGS, parseTerminalSettings, type TerminalSettings } from './terminal-settings';

const THEME_KEY = 'berth.theme';
const TERMINAL_KEY = 'berth.terminal';

/** The theme chosen last in this browser ("system" when none). */
export function localTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** The terminal settings kept last in this browser (the defaults when none). */
export function localTerminal(): TerminalSettings {
  try {
    return parseTerminalSettings(localStorage.getItem(TERMINAL_KEY));
  } catch {
    return DEFAULT_TERMINAL_SETTINGS;
  }
}

export function keepTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Storage refused (private mode): the backend still keeps the choice.
  }
}

export function keepTerminal(settings: TerminalSettings): void {
  try {
    localStorage.setItem(TERMINAL_KEY, JSON.stringify(settings));
  } catch {
    // Storage refused: the backend still keeps them.
  }
}

/** Forget this browser's copies (after a factory reset: the backend's went with the settings file). */
export function forgetLocalCopies(): void {
  for (const key of [THEME_KEY, TERMINAL_KEY]) {
    try {
      localStorage.removeItem(key);
    } catch {
      // Storage refused: nothing was kept there either.
    }
  }
}
