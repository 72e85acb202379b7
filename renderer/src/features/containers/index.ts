// The containers feature's public surface: what other features may use (the rest is its own).
export { ContainerDialogs } from './ContainerDialogs';
export { ContainersPage } from './ContainersPage';
export { useContainerActions } from './actions-store';
export { findContainer } from './containers-model';
export { useContainers, watchContainers } from './containers-store';
export { useStats, watchStatsOf } from './stats-store';
export { currentStatus } from './status-text';
