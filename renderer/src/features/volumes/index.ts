// The volumes feature's public surface: its page (the rest is its own).
export { VolumesPage } from './VolumesPage';
