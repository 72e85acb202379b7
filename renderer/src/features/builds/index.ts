// The builds feature's public surface: its page (the rest is its own), loaded on first use (ui/lazy-view),
// and its store, which other features watch (notifications).
import { lazyView } from '../../ui/lazy-view';

export const BuildsPage = lazyView('builds', () => import('./BuildsPage').then((m) => m.BuildsPage));
export { useBuilds } from './builds-store';
