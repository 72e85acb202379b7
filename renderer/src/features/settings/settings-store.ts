/**
 * The renderer's one settings store. The UI's preferences (theme, terminal, quitting) are kept by the
 * backend, so every window shows the same and a browser on another port finds them again: the store starts
 * from this browser's copy (local-copy.ts) until the backend answers, sends a change up, and takes a change
 * made in another window. The engine's own settings (daemon.json, the VM, the factory reset) are read and
 * written through it too (engine-settings.ts).
 */
import { create } from 'zustand';
import type { NotificationChoices, UiSettings, UiSettingsView } from '../../../../engine/contract';
import { call, subscribe } from '../../api/connection';
import { onSystemThemeChange, resolveTheme, showTheme, systemPrefersDark, type Theme, type ThemeChoice } from '../../lib/theme';
import { engineSettingsSlice, type EngineSettingsSlice } from './engine-settings';
import { keepTerminal, keepTheme, localTerminal, localTheme } from './local-copy';
import { patchTerminalSettings, sameTerminalSettings, type TerminalSettings } from './terminal-settings';

/** What the app does with the engine when the desktop app quits. */
export type QuitChoice = UiSettings['quit'];

export interface PreferencesSlice {
  /** The theme the user chose; "system" follows the computer. */
  readonly themeChoice: ThemeChoice;
  /** The theme shown now. */
  readonly theme: Theme;
  readonly terminal: TerminalSettings;
  readonly quit: QuitChoice;
  /** Which desktop notifications are wanted (see ALL_NOTIFICATIONS when never chosen). */
  readonly notifications: NotificationChoices;
  /** Guided walkthroughs' progress: the steps done of each, by walkthrough id. */
  readonly walkthroughs: Readonly<Record<string, readonly string[]>>;
  /** Why the last save of the preferences failed, as a sentence. */
  readonly saveError?: string;
  chooseTheme(choice: ThemeChoice): void;
  /** Show the other theme than the one shown, as a choice. */
  toggleTheme(): void;
  /** Change some terminal settings (checked, clamped); saved shortly after. */
  updateTerminal(patch: Partial<TerminalSettings>): void;
  chooseQuit(quit: QuitChoice): void;
  /** Turn one kind of desktop notification on or off. */
  chooseNotification(kind: keyof NotificationChoices, on: boolean): void;
  /** Keep the walkthroughs' progress (saved shortly after). */
  keepWalkthroughs(progress: Readonly<Record<string, readonly string[]>>): void;
  /** Save terminal settings now; rejects with the backend's sentence when it refuses them. */
  saveTerminal(terminal: TerminalSettings): Promise<void>;
}

export type SettingsStore = PreferencesSlice & EngineSettingsSlice;

/** Pure: the preferences as the backend keeps them, from the store. */
export function uiSettingsOf(
  s: Pick<PreferencesSlice, 'themeChoice' | 'terminal' | 'quit'> & Partial<Pick<PreferencesSlice, 'notifications' | 'walkthroughs'>>,
): UiSettings {
  const { fontSize, scrollback, shell, detachKeys } = s.terminal;
  return {
    theme: s.themeChoice,
    terminal: { fontSize, scrollback, shell, detachKeys },
    quit: s.quit,
    ...(s.notifications ? { notifications: s.notifications } : {}),
    ...(s.walkthroughs && Object.keys(s.walkthroughs).length
      ? { walkthroughs: Object.fromEntries(Object.entries(s.walkthroughs).map(([k, v]) => [k, [...v]])) }
      : {}),
  };
}

/** Every kind of notification on: what a user who never chose gets. */
export const ALL_NOTIFICATIONS: NotificationChoices = { builds: true, pulls: true, crashLoops: true };

/** Quiet time after a change before the preferences are sent up, so a run of font-size clicks is one save. */
const SAVE_DELAY_MS = 300;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Send the preferences up now. */
function saveNow(): void {
  clearTimeout(saveTimer);
  saveTimer = undefined;
  call('settings.setUi', uiSettingsOf(useSettings.getState())).then(
    () => useSettings.setState({ saveError: undefined }),
    (err: Error) => useSettings.setState({ saveError: `Your preferences were not saved: ${err.message}` }),
  );
}

/** Send the preferences up, after `delayMs`. */
function scheduleSave(delayMs = SAVE_DELAY_MS): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveNow, delayMs);
}

/** A change still waiting out its quiet time goes up at once (the page is closing or hidden: it would be lost). */
function flushSave(): void {
  if (saveTimer !== undefined) saveNow();
}

export const useSettings = create<SettingsStore>()((set, get, api) => {
  const themeChoice = localTheme();
  return {
    themeChoice,
    theme: resolveTheme(themeChoice, systemPrefersDark()),
    terminal: localTerminal(),
    quit: 'ask',
    notifications: ALL_NOTIFICATIONS,
    walkthroughs: {},
    chooseTheme: (choice) => {
      if (choice === get().themeChoice) return;
      keepTheme(choice);
      set({ themeChoice: choice, theme: resolveTheme(choice, systemPrefersDark()) });
      scheduleSave();
    },
    toggleTheme: () => get().chooseTheme(get().theme === 'dark' ? 'light' : 'dark'),
    updateTerminal: (patch) => {
      const next = patchTerminalSettings(get().terminal, patch);
      keepTerminal(next);
      if (sameTerminalSettings(next, get().terminal)) return;
      set({ terminal: next });
      scheduleSave();
    },
    chooseQuit: (quit) => {
      if (quit === get().quit) return;
      set({ quit });
      scheduleSave();
    },
    chooseNotification: (kind, on) => {
      if (get().notifications[kind] === on) return;
      set({ notifications: { ...get().notifications, [kind]: on } });
      scheduleSave();
    },
    keepWalkthroughs: (walkthroughs) => {
      if (JSON.stringify(walkthroughs) === JSON.stringify(get().walkthroughs)) return;
      set({ walkthroughs });
      scheduleSave();
    },
    saveTerminal: async (terminal) => {
      applyUiSettings(await call('settings.setUi', { ...uiSettingsOf(get()), terminal }));
    },
    ...engineSettingsSlice(set, get, api),
  };
});

/** Show preferences the backend holds (sending nothing back up), keeping this browser's copy in step. */
export function applyUiSettings(v: UiSettings): void {
  const s = useSettings.getState();
  const terminal = patchTerminalSettings(s.terminal, v.terminal);
  keepTerminal(terminal);
  if (v.theme !== s.themeChoice) keepTheme(v.theme);
  useSettings.setState({
    themeChoice: v.theme,
    theme: v.theme === s.themeChoice ? s.theme : resolveTheme(v.theme, systemPrefersDark()),
    terminal: sameTerminalSettings(terminal, s.terminal) ? s.terminal : terminal,
    quit: v.quit,
    notifications: v.notifications ?? ALL_NOTIFICATIONS,
    walkthroughs: v.walkthroughs ?? {},
  });
}

/** Follow the backend's preferences for the app's lifetime (local changes are sent up by the actions). */
export function syncSettings(): () => void {
  const flushWhenHidden = () => document.visibilityState === 'hidden' && flushSave();
  window.addEventListener('pagehide', flushSave);
  document.addEventListener('visibilitychange', flushWhenHidden);
  const stop = subscribe(
    'settings.watchUi',
    {},
    {
      next: (v: UiSettingsView) => {
        // Never saved (an install from before the backend kept them): hand over what this browser has.
        if (!v.stored) scheduleSave(0);
        else applyUiSettings(v);
      },
    },
  );
  return () => {
    stop();
    window.removeEventListener('pagehide', flushSave);
    document.removeEventListener('visibilitychange', flushWhenHidden);
  };
}

/** Keep the page's theme in step with the store, and follow the computer while the choice is "system". */
export function followTheme(): void {
  showTheme(useSettings.getState().theme);
  useSettings.subscribe((s, prev) => s.theme !== prev.theme && showTheme(s.theme));
  onSystemThemeChange((dark) => {
    if (useSettings.getState().themeChoice === 'system') useSettings.setState({ theme: resolveTheme('system', dark) });
  });
}
