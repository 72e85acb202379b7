// The builds feature's public surface: its page (the rest is its own).
export { BuildsPage } from './BuildsPage';
export { useBuilds } from './builds-store';
