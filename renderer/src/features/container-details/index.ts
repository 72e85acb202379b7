// The container details feature's public surface: its page (the rest is its own).
export { ContainerDetailsPage } from './ContainerDetailsPage';
