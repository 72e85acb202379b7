// The container details feature's public surface: its page (the rest is its own), loaded on first use (ui/lazy-view).
import { lazyView } from '../../ui/lazy-view';

export const ContainerDetailsPage = lazyView('container', () => import('./ContainerDetailsPage').then((m) => m.ContainerDetailsPage));
