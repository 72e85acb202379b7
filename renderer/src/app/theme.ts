/** Light and dark themes: the system's choice (followed live) until the user picks one, which is remembered. */
import { create } from 'zustand';

export type Theme = 'light' | 'dark';
const KEY = 'berth.theme';

/** Pure: the theme to show, from the saved choice (if any) and the system's preference. */
export function resolveTheme(saved: string | null, systemDark: boolean): Theme {
  if (saved === 'light' || saved === 'dark') return saved;
  return systemDark ? 'dark' : 'light';
}

const system = () => window.matchMedia('(prefers-color-scheme: dark)');
const saved = () => {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
};

export const useTheme = create<{ theme: Theme; toggle(): void }>((set, get) => ({
  theme: resolveTheme(saved(), system().matches),
  toggle: () => {
    const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // Storage refused (private mode): the choice lasts this session only.
    }
    set({ theme });
  },
}));

/** Keep <html data-theme> in step with the store, and follow the system until the user has chosen. */
export function applyTheme(): void {
  const show = (t: Theme) => document.documentElement.setAttribute('data-theme', t);
  show(useTheme.getState().theme);
  useTheme.subscribe((s) => show(s.theme));
  system().addEventListener('change', (e) => {
    if (!saved()) useTheme.setState({ theme: resolveTheme(null, e.matches) });
  });
}
