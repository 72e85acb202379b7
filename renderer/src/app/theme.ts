/**
 * Light and dark themes. The choice (system, light or dark) is one of the UI
 * preferences the backend keeps (see ui-settings.ts); this browser keeps a
 * copy so the first paint already has it. "System" follows the system live.
 */
import { create } from 'zustand';

export type Theme = 'light' | 'dark';
export type ThemeChoice = 'system' | Theme;
const KEY = 'berth.theme';

/** Pure: the theme to show, from the choice (anything but light or dark means the system's) and the system's preference. */
export function resolveTheme(choice: string | null, systemDark: boolean): Theme {
  if (choice === 'light' || choice === 'dark') return choice;
  return systemDark ? 'dark' : 'light';
}

const system = () => window.matchMedia('(prefers-color-scheme: dark)');
const saved = (): ThemeChoice => {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
};

interface ThemeStore {
  readonly choice: ThemeChoice;
  readonly theme: Theme;
  choose(choice: ThemeChoice): void;
  /** The other theme than the one shown, as a choice. */
  toggle(): void;
}

export const useTheme = create<ThemeStore>((set, get) => ({
  choice: saved(),
  theme: resolveTheme(saved(), system().matches),
  choose: (choice) => {
    try {
      if (choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      // Storage refused (private mode): the backend still keeps the choice.
    }
    set({ choice, theme: resolveTheme(choice, system().matches) });
  },
  toggle: () => get().choose(get().theme === 'dark' ? 'light' : 'dark'),
}));

/** Keep <html data-theme> in step with the store, and follow the system while the choice is "system". */
export function applyTheme(): void {
  const show = (t: Theme) => document.documentElement.setAttribute('data-theme', t);
  show(useTheme.getState().theme);
  useTheme.subscribe((s) => show(s.theme));
  system().addEventListener('change', (e) => {
    if (useTheme.getState().choice === 'system') useTheme.setState({ theme: resolveTheme('system', e.matches) });
  });
}
