/**
 * The UI's preferences (theme, terminal, quitting), kept by the backend so
 * every window shows the same and a browser on another port finds them again.
 * Their stores keep working from this browser's copy until the backend
 * answers; a change here is sent up, a change from another window comes down.
 */
import { create } from 'zustand';
import type { UiSettings, UiSettingsView } from '../../../engine/contract';
import { call, subscribe } from '../api/connection';
import { useTerminalSettings } from '../features/terminal/terminal-settings';
import { useTheme } from './theme';

/** What the app does with the engine when the desktop app quits. */
export const useQuitChoice = create<{ quit: UiSettings['quit']; saveError?: string }>(() => ({ quit: 'ask' }));

/** The preferences as the stores hold them now. */
export function currentUiSettings(): UiSettings {
  const { fontSize, scrollback, shell, detachKeys } = useTerminalSettings.getState();
  return { theme: useTheme.getState().choice, terminal: { fontSize, scrollback, shell, detachKeys }, quit: useQuitChoice.getState().quit };
}

let applying = false;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Send the preferences up, after a short pause (so a run of font-size clicks is one save). */
export function saveUiSettings(delayMs = 300): void {
  clearTimeout(timer);
  timer = setTimeout(() => {
    call('settings.setUi', currentUiSettings()).then(
      () => useQuitChoice.setState({ saveError: undefined }),
      (err: Error) => useQuitChoice.setState({ saveError: `Your preferences were not saved: ${err.message}` }),
    );
  }, delayMs);
}

/** Show preferences the backend holds (sending nothing back up). */
export function applyUiSettings(v: UiSettingsView): void {
  applying = true;
  try {
    if (useTheme.getState().choice !== v.theme) useTheme.getState().choose(v.theme);
    useTerminalSettings.getState().update(v.terminal);
    useQuitChoice.setState({ quit: v.quit });
  } finally {
    applying = false;
  }
}

/** Follow the backend's preferences for the app's lifetime, and send local changes up. */
export function syncUiSettings(): () => void {
  const stop = subscribe(
    'settings.watchUi',
    {},
    {
      next: (v) => {
        // Never saved (an install from before the backend kept them): hand over what this browser has.
        if (!v.stored) saveUiSettings(0);
        else applyUiSettings(v);
      },
    },
  );
  const changed = () => {
    if (!applying) saveUiSettings();
  };
  const unsubscribers = [
    useTheme.subscribe((s, prev) => s.choice !== prev.choice && changed()),
    useTerminalSettings.subscribe(
      (s, prev) =>
        (s.fontSize !== prev.fontSize || s.scrollback !== prev.scrollback || s.shell !== prev.shell || s.detachKeys !== prev.detachKeys) && changed(),
    ),
    useQuitChoice.subscribe((s, prev) => s.quit !== prev.quit && changed()),
  ];
  return () => {
    stop();
    for (const u of unsubscribers) u();
  };
}
