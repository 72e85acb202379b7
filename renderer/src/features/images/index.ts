// The images feature's public surface: what other features may use (the rest is its own).
export { ImagesPage } from './ImagesPage';
export { PullDialog } from './PullDialog';
export { TransfersIndicator } from './TransfersIndicator';
export { useTransfers } from './transfers-store';
export { useImages, watchImages } from './images-store';
