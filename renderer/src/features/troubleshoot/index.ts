// The troubleshoot feature's public surface: its page (the rest is its own).
export { TroubleshootPage } from './TroubleshootPage';
