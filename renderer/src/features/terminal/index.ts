// The terminal feature's public surface: what other features may use (the rest is its own).
export { TerminalPanel } from './TerminalPanel';
export { openShell } from './open-shell';
