/**
 * What runs for the page's whole life, started once before the first render: the theme on the page, the
 * connection to Berth, the streams every page relies on (the engine's state, the containers, the
 * preferences), and the keys every page answers (the command palette's). They belong to their stores, not
 * to a view, so no page coming or going stops them.
 */
import { connect } from '../api/connection';
import { watchContainers } from '../features/containers';
import { watchEngine } from '../features/engine';
import { watchNotifications } from '../features/notifications';
import { installPaletteKeys } from '../features/palette';
import { followTheme, syncSettings } from '../features/settings';

/** Start the page's lifetime work (once). */
export function startApp(): void {
  followTheme();
  void connect();
  watchEngine();
  watchContainers();
  syncSettings();
  watchNotifications();
  installPaletteKeys();
}
