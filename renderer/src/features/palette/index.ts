// The command palette's public surface: the dialog the app shell mounts once, and its keys (installed at start).
export { CommandPalette } from './CommandPalette';
export { installPaletteKeys } from './palette-keys';
