/**
 * What quitting the app does with the engine (pure; main.ts asks and acts).
 * The preference is the Settings page's "When I quit Berth": ask, stop, or
 * keep the engine running. Only an engine Berth runs (native or VM) that is
 * up or starting is worth asking about.
 */
import type { EngineStatus, UiSettings } from '../engine/contract/index.js';

export type QuitPreference = UiSettings['quit'];
export type QuitAction = 'stop' | 'keep';

export function quitAction(preference: QuitPreference, status: EngineStatus | undefined): QuitAction | 'ask' {
  const berthsEngineUp = !!status && status.mode !== 'external' && (status.state === 'running' || status.state === 'starting');
  if (!berthsEngineUp) return 'stop';
  return preference === 'ask' ? 'ask' : preference;
}

/** The question's buttons, in the order the dialog shows them. */
export const QUIT_BUTTONS: ReadonlyArray<{ readonly label: string; readonly action: QuitAction | 'cancel' }> = [
  { label: 'Stop the engine and quit', action: 'stop' },
  { label: 'Quit, keep the engine running', action: 'keep' },
  { label: 'Cancel', action: 'cancel' },
];
export const QUIT_REMEMBER_LABEL = 'Remember my choice (Settings → Desktop app changes it)';

/** Pure: the dialog's answer, and the preference to save when the user asked to remember it (never for Cancel). */
export function quitAnswer(response: number, remember: boolean): { action: QuitAction | 'cancel'; save?: QuitPreference } {
  const action = QUIT_BUTTONS[response]?.action ?? 'cancel';
  return action !== 'cancel' && remember ? { action, save: action } : { action };
}
