/**
 * Light and dark: which one to show and showing it on the page. Which one the user wants (system, light or
 * dark) is a preference, kept by the settings store; "system" follows the computer's setting live.
 */

export type Theme = 'light' | 'dark';
export type ThemeChoice = 'system' | Theme;

/** Pure: the theme to show, from the choice (anything but light or dark means the system's) and the system's preference. */
export function resolveTheme(choice: string | null, systemDark: boolean): Theme {
  if (choice === 'light' || choice === 'dark') return choice;
  return systemDark ? 'dark' : 'light';
}

const system = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Whether the computer asks for dark now. */
export function systemPrefersDark(): boolean {
  return system().matches;
}

/** Calls `fn` each time the computer switches between light and dark. */
export function onSystemThemeChange(fn: (dark: boolean) => void): void {
  system().addEventListener('change', (e) => fn(e.matches));
}

/** Show a theme: the CSS tokens follow <html data-theme>. */
export function showTheme(theme: Theme): void {
  document.documentElement.setAttribute('data-theme', theme);
}
