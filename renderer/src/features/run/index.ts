// The run feature's public surface: the dialog other features open.
export { RunDialog } from './RunDialog';
