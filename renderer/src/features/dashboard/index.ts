// The dashboard feature's public surface: its page (the rest is its own).
export { DashboardPage } from './DashboardPage';
export { askCleanup } from './dashboard-store';
