/** Light and dark themes: the system's choice until the user picks one, remembered. */
import { create } from 'zustand';

export type Theme = 'light' | 'dark';
const KEY = 'berth.theme';

function initial(): Theme {
  const saved = localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const useTheme = create<{ theme: Theme; toggle(): void }>((set, get) => ({
  theme: initial(),
  toggle: () => {
    const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, theme);
    set({ theme });
  },
}));

/** Keep <html data-theme> in step with the store. */
export function applyTheme(): void {
  const set = (t: Theme) => document.documentElement.setAttribute('data-theme', t);
  set(useTheme.getState().theme);
  useTheme.subscribe((s) => set(s.theme));
}
