// The notifications feature's public surface: following the app's activity, its in-window notices, and the window title's activity.
export { CrashLoopsIndicator } from './CrashLoopsIndicator';
export { InWindowNotices } from './InWindowNotices';
export { useNotifications, watchNotifications } from './notifications-store';
export { titleWithActivity } from './notice-rules';
