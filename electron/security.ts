/**
 * The Electron security checklist, applied to every session and web contents
 * the app creates: no permissions, no navigation away from the app, no new
 * windows, no <webview>, and links out only as http(s) in the OS browser.
 */
import { app, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import { externalHttpUrl, isAppUrl } from './app-files.js';

/** The web preferences of every Berth window. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: !app.isPackaged,
  };
}

/** Deny every permission request and check (camera, notifications, clipboard, HID, serial, USB, …). */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Open a link in the OS browser when it is a well-formed http(s) URL; anything else is dropped. */
export function openExternally(raw: string): void {
  const url = externalHttpUrl(raw);
  if (url) void shell.openExternal(url).catch(() => undefined);
}

/** Keep `contents` on the app's own pages; new windows are refused, http(s) links go to the OS browser. */
export function lockDownContents(contents: WebContents): void {
  const stayInApp = (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openExternally(event.url);
  };
  contents.on('will-frame-navigate', stayInApp);
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
