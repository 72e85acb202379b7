/**
 * Berth's desktop app (the Electron main process): one window, a menu, a tray icon and the app's
 * lifecycle. It hosts no service: the backend process does (started here
 * when none runs), and the window's page talks to it through a MessagePort
 * bridged to the backend's control socket. Closing the window leaves Berth
 * in the tray; quitting asks whether to stop the engine (unless the user
 * chose for good). See security.ts for the checklist it applies.
 */
import { app, BrowserWindow, dialog, nativeTheme, safeStorage, session, type MessageBoxOptions } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultHome, layout } from '../engine/engine/paths.js';
import { BERTH_VERSION } from '../engine/version.js';
import { APP_INDEX_URL } from './app-files.js';
import { registerAppScheme, serveApp } from './app-protocol.js';
import { BackendLink } from './backend-link.js';
import { unlockBackend } from './backend-unlock.js';
import { safeStorageKeychain } from './keychain.js';
import { installMenu } from './menu.js';
import { quitAction, quitAnswer, QUIT_BUTTONS, QUIT_REMEMBER_LABEL, type QuitAction } from './quit-choice.js';
import { AppClient } from './app-client.js';
import { BerthTray } from './tray.js';
import { showNotice } from './notices.js';
import { busyOf, type Busy, type TrayAction } from './tray-menu.js';
import { supplyPorts } from './port-supply.js';
import { lockDownContents, lockDownSession, secureWebPreferences } from './security.js';

/** How long quitting may wait for the engine and backend this app started to stop. */
const QUIT_TIMEOUT_MS = 30_000;
/** Show the window even if the page never signals ready-to-show. */
const SHOW_FALLBACK_MS = 5_000;

const home = defaultHome();
const bundleDir = __dirname; // out/electron
const rendererDir = join(bundleDir, '..', 'renderer');
const iconPath = join(bundleDir, 'icon.png');

let mainWindow: BrowserWindow | null = null;
let tray: BerthTray | null = null;
/** The long jobs the page's title tells of. */
let busy: Busy = { count: 0 };
let quitState: 'running' | 'asking' | 'stopping' | 'done' = 'running';
let quitBySignal = false;
const backend = new BackendLink(
  home,
  (message) => showError("Berth's backend did not start.", `${message}\n\nBerth keeps trying; the window shows the engine once the backend answers.`),
  unlockRegistryLogins,
);

/** Hand the backend the registry logins' key from the system keychain (safeStorage is usable once the app is ready). */
async function unlockRegistryLogins(): Promise<void> {
  const outcome = await unlockBackend(home, safeStorageKeychain(safeStorage, process.platform));
  if (outcome.kind === 'locked') console.error(`Berth: registry logins stay locked: ${outcome.reason}`);
  else if (outcome.kind === 'unlocked' && outcome.migrated) console.log('Berth: the registry key moved into the system keychain.');
}

function showError(message: string, detail: string): void {
  const options: MessageBoxOptions = { type: 'error', title: 'Berth', message, detail };
  const parent = mainWindow && !mainWindow.isDestroyed() && mainWindow.isVisible() ? mainWindow : null;
  void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
}

function openWindow(): void {
  const win = new BrowserWindow({
    title: 'Berth',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1115' : '#f6f7f9',
    ...(existsSync(iconPath) ? { icon: iconPath } : {}),
    webPreferences: secureWebPreferences(join(bundleDir, 'preload.cjs')),
  });
  mainWindow = win;
  const show = () => !win.isDestroyed() && !win.isVisible() && quitState === 'running' && win.show();
  win.once('ready-to-show', show);
  setTimeout(show, SHOW_FALLBACK_MS).unref();
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  // With a tray icon, closing the window leaves Berth (and its engine) running there; Quit is in the tray and the menu.
  win.on('close', (event) => {
    if (tray && quitState === 'running') {
      event.preventDefault();
      win.hide();
    }
  });
  // The page badges its title while long jobs run ("(1) Builds · Berth — building web:1"): the window shows it as is, the tray and the dock follow.
  win.on('page-title-updated', (_event, title) => {
    busy = busyOf(title);
    tray?.show(appClient.status, busy);
    app.setBadgeCount(busy.count);
  });
  supplyPorts(win.webContents, backend);
  reloadAfterCrash(win);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    showError("Berth's window has nothing to show.", `The UI is not built (${rendererDir} is missing): run \`npm run build\`, then start Berth again.`);
  }
  win.loadURL(APP_INDEX_URL).catch((err: unknown) => console.error(`Berth: the UI did not load: ${(err as Error).message}`));
}

/** A crashed page is reloaded (at most once every 10 s, so a page that always crashes does not spin). */
function reloadAfterCrash(win: BrowserWindow): void {
  let last = 0;
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed() || quitState !== 'running') return;
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    win.reload();
  });
}

function focusWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    if (quitState === 'running' && app.isReady()) openWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

const appClient = new AppClient(
  () => backend.socketPath(),
  () => tray?.show(appClient.status, busy),
  (notice) =>
    showNotice(notice, (id) => {
      focusWindow();
      appClient.noticeClicked(id).catch(() => undefined);
    }),
);

function onTray(action: TrayAction): void {
  if (action === 'open') return focusWindow();
  if (action === 'quit') return app.quit();
  appClient.engine(action).catch((err: Error) => showError(`The engine did not ${action}.`, err.message));
}

/** Ask what to do with the engine, unless there is nothing to ask or the user chose for good; undefined when they cancelled. */
async function chooseQuit(): Promise<QuitAction | undefined> {
  const planned = quitAction(appClient.ui?.quit ?? 'ask', appClient.status);
  if (planned !== 'ask') return planned;
  if (quitBySignal) return 'stop';
  const options: MessageBoxOptions = {
    type: 'question',
    title: 'Quit Berth',
    message: 'Stop the engine too?',
    detail: 'A running engine keeps your containers running after Berth quits; the docker CLI still reaches it, and Berth finds it again next time.',
    buttons: QUIT_BUTTONS.map((b) => b.label),
    defaultId: 0,
    cancelId: QUIT_BUTTONS.findIndex((b) => b.action === 'cancel'),
    checkboxLabel: QUIT_REMEMBER_LABEL,
    noLink: true,
  };
  const parent = mainWindow && !mainWindow.isDestroyed() && mainWindow.isVisible() ? mainWindow : null;
  const { response, checkboxChecked } = await (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
  const answer = quitAnswer(response, checkboxChecked);
  if (answer.save) await appClient.rememberQuit(answer.save).catch((err: Error) => console.error(`Berth: the quit choice was not saved: ${err.message}`));
  return answer.action === 'cancel' ? undefined : answer.action;
}

/** Quit only after the engine and backend this app started have stopped, as the user chose (or the timeout passed). */
function onBeforeQuit(event: Electron.Event): void {
  if (quitState === 'done') return;
  event.preventDefault();
  if (quitState !== 'running') return;
  quitState = 'asking';
  void chooseQuit().then((action) => {
    if (!action) {
      quitState = 'running';
      return;
    }
    quitState = 'stopping';
    for (const win of BrowserWindow.getAllWindows()) win.hide();
    appClient.close();
    tray?.destroy();
    tray = null;
    void backend.shutdown(QUIT_TIMEOUT_MS, action).then((outcome) => {
      if (outcome === 'timed-out') console.error(`Berth: the engine did not stop within ${QUIT_TIMEOUT_MS / 1000} s; stop it with \`berth engine down\`.`);
      quitState = 'done';
      app.quit();
    });
  });
}

app.setName('Berth');
// Chromium's profile lives in the Berth home: one home, one running app (the single-instance lock is per profile).
app.setPath('userData', join(home, 'electron'));
app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusWindow);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  // Without a tray (it could not be made), the last window closing quits, as before.
  app.on('window-all-closed', () => {
    if (!tray) app.quit();
  });
  app.on('activate', () => {
    if (quitState === 'running') focusWindow();
  });
  app.on('before-quit', onBeforeQuit);
  // A signal cannot be asked anything: it stops the engine unless the user chose to keep it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      quitBySignal = true;
      app.quit();
    });
  }

  app
    .whenReady()
    .then(() => {
      lockDownSession(session.defaultSession);
      serveApp(rendererDir);
      installMenu(layout(home).logDir);
      app.setAboutPanelOptions({ applicationName: 'Berth', applicationVersion: BERTH_VERSION });
      try {
        tray = new BerthTray(iconPath, onTray);
        tray.show(undefined);
      } catch (err) {
        console.error(`Berth: no tray icon here (${(err as Error).message}); closing the window quits.`);
      }
      openWindow();
      // Start (or find) the backend while the page loads; the page's port waits for it.
      backend.socketPath().catch(() => undefined);
      appClient.start();
    })
    .catch((err: unknown) => {
      dialog.showErrorBox('Berth could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}
