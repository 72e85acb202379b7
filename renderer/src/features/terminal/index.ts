// The terminal feature's public surface: what other features may use (the rest is its own).
// The panel carries xterm.js, so it is loaded on first use (ui/lazy-view).
import { lazyView } from '../../ui/lazy-view';

export const TerminalPanel = lazyView('terminal', () => import('./TerminalPanel').then((m) => m.TerminalPanel));
export { openShell } from './open-shell';
