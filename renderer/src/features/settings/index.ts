// The settings feature's public surface: its page, and the one store of the preferences every feature reads.
export { SettingsPage } from './SettingsPage';
export { followTheme, syncSettings, useSettings, type QuitChoice } from './settings-store';
export { FONT_SIZES, SCROLLBACK, type TerminalSettings } from './terminal-settings';
