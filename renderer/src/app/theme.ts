// TEMPORARY (issue 17): the theme is a preference of the settings store now (`useSettings((s) => s.theme)`).
// This re-export serves the files of the builds/images helper's branch until it merges; the lead deletes it
// then (nothing else imports it).
export { useSettings as useTheme } from '../features/settings';
