/**
 * Moved to engine/settings/settings-file.ts (the settings noun owns the settings file). Kept only for
 * native.ts, which is being changed on other branches: point its import at '../settings/index.js' and
 * delete this file.
 */
export { readSettings, settingsSchema, updateSettings, type Settings } from '../settings/index.js';
