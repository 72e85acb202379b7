// The layers feature's public surface: what other features may use (the rest is its own).
export { LayersPage } from './LayersPage';
export { layersHref } from './layers-model';
