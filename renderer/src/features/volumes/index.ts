// The volumes feature's public surface: its page, and its live list (the command palette lists volumes).
export { VolumesPage } from './VolumesPage';
export { useVolumes, watchVolumes } from './volumes-store';
