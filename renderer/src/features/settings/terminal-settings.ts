/** Terminal preferences (font size, scrollback, preferred shell, detach keys): their shape, bounds and checks. */
import { DEFAULT_DETACH_KEYS, parseDetachKeys, SHELL_PATTERN } from '../../../../engine/contract/terminal-model';

export interface TerminalSettings {
  readonly fontSize: number;
  readonly scrollback: number;
  /** Tried before bash, ash and sh; empty for none. */
  readonly shell: string;
  /** The keys that detach from an attached main process, as Docker reads them. */
  readonly detachKeys: string;
}

export const FONT_SIZES = { min: 8, max: 32 } as const;
export const SCROLLBACK = { min: 100, max: 100_000 } as const;
export const DEFAULT_TERMINAL_SETTINGS: TerminalSettings = { fontSize: 13, scrollback: 5000, shell: '', detachKeys: DEFAULT_DETACH_KEYS };

const clamp = (n: unknown, lo: number, hi: number, fallback: number) =>
  typeof n === 'number' && Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.round(n))) : fallback;

/** Pure: settings from what was stored, each field checked, defaults for anything missing or wrong. */
export function parseTerminalSettings(raw: string | null): TerminalSettings {
  let v: Partial<Record<keyof TerminalSettings, unknown>> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object') v = parsed as typeof v;
  } catch {
    // Unreadable: start from the defaults.
  }
  return {
    fontSize: clamp(v.fontSize, FONT_SIZES.min, FONT_SIZES.max, DEFAULT_TERMINAL_SETTINGS.fontSize),
    scrollback: clamp(v.scrollback, SCROLLBACK.min, SCROLLBACK.max, DEFAULT_TERMINAL_SETTINGS.scrollback),
    shell: typeof v.shell === 'string' && v.shell.length <= 256 && SHELL_PATTERN.test(v.shell) ? v.shell : '',
    detachKeys: typeof v.detachKeys === 'string' && v.detachKeys.length <= 64 && parseDetachKeys(v.detachKeys).ok ? v.detachKeys : DEFAULT_DETACH_KEYS,
  };
}

/** Pure: the settings after a change, checked like stored ones (out-of-range numbers clamped, bad values dropped). */
export function patchTerminalSettings(current: TerminalSettings, patch: Partial<TerminalSettings>): TerminalSettings {
  const { fontSize, scrollback, shell, detachKeys } = { ...current, ...patch };
  return parseTerminalSettings(JSON.stringify({ fontSize, scrollback, shell, detachKeys }));
}

/** Pure: whether two sets of terminal settings say the same. */
export function sameTerminalSettings(a: TerminalSettings, b: TerminalSettings): boolean {
  return a.fontSize === b.fontSize && a.scrollback === b.scrollback && a.shell === b.shell && a.detachKeys === b.detachKeys;
}
