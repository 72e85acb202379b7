/** The xterm colours of a shell session, read from the app's CSS tokens so light and dark both read well. */
import type { ITheme } from '@xterm/xterm';

/** The theme for the current `data-theme` of the page. */
export function terminalTheme(): ITheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const dark = document.documentElement.dataset.theme === 'dark';
  return {
    background: v('--surface-2'),
    foreground: v('--text'),
    cursor: v('--accent'),
    cursorAccent: v('--surface-2'),
    selectionBackground: v('--accent-soft'),
    selectionForeground: v('--text'),
    red: v('--danger'),
    green: v('--ok'),
    yellow: v('--warn'),
    blue: v('--accent'),
    // On a light background the usual white and black swap roles, or white text would vanish.
    black: dark ? v('--border-strong') : v('--text'),
    white: dark ? v('--text-muted') : v('--text-faint'),
    brightWhite: dark ? v('--text') : v('--text-muted'),
  };
}
