/**
 * The settings noun's public entry: Berth's one settings file (its schema, lenient reads, serialised
 * atomic updates), which the engine reads its section of. Only the file lives here: the settings services
 * (daemon.json, VM, UI preferences, factory reset) use the engine noun, and the engine noun reads this, so
 * exporting them too would make the two entries import each other.
 */
export { readSettings, settingsSchema, updateSettings, type Settings } from './settings-file.js';
