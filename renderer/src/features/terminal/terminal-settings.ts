/** Terminal preferences (font size, scrollback, preferred shell, detach keys), kept in this browser's storage. */
import { create } from 'zustand';
import { DEFAULT_DETACH_KEYS, parseDetachKeys, SHELL_PATTERN } from '../../../../engine/contract/terminal-model';

export interface TerminalSettings {
  readonly fontSize: number;
  readonly scrollback: number;
  /** Tried before bash, ash and sh; empty for none. */
  readonly shell: string;
  /** The keys that detach from an attached main process, as Docker reads them. */
  readonly detachKeys: string;
}

const KEY = 'berth.terminal';
export const FONT_SIZES = { min: 8, max: 32 } as const;
export const SCROLLBACK = { min: 100, max: 100_000 } as const;
export const DEFAULT_SETTINGS: TerminalSettings = { fontSize: 13, scrollback: 5000, shell: '', detachKeys: DEFAULT_DETACH_KEYS };

const clamp = (n: unknown, lo: number, hi: number, fallback: number) =>
  typeof n === 'number' && Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.round(n))) : fallback;

/** Pure: settings from what was stored, each field checked, defaults for anything missing or wrong. */
export function parseSettings(raw: string | null): TerminalSettings {
  let v: Partial<Record<keyof TerminalSettings, unknown>> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object') v = parsed as typeof v;
  } catch {
    // Unreadable: start from the defaults.
  }
  return {
    fontSize: clamp(v.fontSize, FONT_SIZES.min, FONT_SIZES.max, DEFAULT_SETTINGS.fontSize),
    scrollback: clamp(v.scrollback, SCROLLBACK.min, SCROLLBACK.max, DEFAULT_SETTINGS.scrollback),
    shell: typeof v.shell === 'string' && v.shell.length <= 256 && SHELL_PATTERN.test(v.shell) ? v.shell : '',
    detachKeys: typeof v.detachKeys === 'string' && v.detachKeys.length <= 64 && parseDetachKeys(v.detachKeys).ok ? v.detachKeys : DEFAULT_DETACH_KEYS,
  };
}

const load = () => {
  try {
    return parseSettings(localStorage.getItem(KEY));
  } catch {
    return DEFAULT_SETTINGS;
  }
};

export const useTerminalSettings = create<TerminalSettings & { update(patch: Partial<TerminalSettings>): void }>((set, get) => ({
  ...load(),
  update: (patch) => {
    const { fontSize, scrollback, shell, detachKeys } = { ...get(), ...patch };
    const next = parseSettings(JSON.stringify({ fontSize, scrollback, shell, detachKeys }));
    set(next);
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // Storage refused: the settings last this session only.
    }
  },
}));
