// The layers feature's public surface: what other features may use (the rest is its own).
// The layer browser is loaded on first use (ui/lazy-view).
import { lazyView } from '../../ui/lazy-view';

export const LayersPage = lazyView('layers', () => import('./LayersPage').then((m) => m.LayersPage));
export { compareHref, layersHref } from './layers-model';
