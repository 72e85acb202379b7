/**
 * Berth's Electron shell: one window, a menu, the app lifecycle. It hosts no
 * service: the backend process does, and each window gets a MessagePort
 * bridged to the backend's control socket. Security checklist: isolation,
 * sandbox, no node integration, CSP, no navigation, no new windows, all
 * permission requests denied, external links only for http(s).
 */
import { app, BrowserWindow, Menu, MessageChannelMain, net, protocol, session, shell } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBackend, startEngine, stopEngineAndBackend } from '../engine/backend/launch';
import { defaultHome, layout } from '../engine/provision/paths';
import { bridgePort } from './bridge';

const home = defaultHome();
const rendererDir = join(__dirname, '..', 'renderer');
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
let startedBackend = false;
let quitting = false;

protocol.registerSchemesAsPrivileged([{ scheme: 'berth', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** Serve berth://app/<file> from the renderer bundle only, with the CSP. */
function serveApp(): void {
  protocol.handle('berth', async (request) => {
    const url = new URL(request.url);
    const rel = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
    const file = join(rendererDir, rel);
    if (url.host !== 'app' || !file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

function openExternalSafely(raw: string): void {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') void shell.openExternal(url.toString());
  } catch {
    /* not a URL: ignore */
  }
}

function createWindow(): void {
  const win = new BrowserWindow({
    title: 'Berth',
    width: 1280,
    height: 800,
    minWidth: 880,
    minHeight: 560,
    show: false,
    backgroundColor: '#0f1115',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith('berth://app/')) e.preventDefault();
  });
  win.webContents.on('did-finish-load', () => {
    const { port1, port2 } = new MessageChannelMain();
    bridgePort(port1, layout(home).controlSocket);
    win.webContents.postMessage('berth:port', null, [port2]);
  });
  void win.loadURL('berth://app/index.html');
}

function buildMenu(): void {
  const template: Electron.MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]), { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    serveApp();
    buildMenu();
    startedBackend = (await ensureBackend(home)).startedByUs;
    createWindow();
    // The window shows the engine's state and any start error; it opens either way.
    startEngine(home).catch(() => undefined);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (e) => {
    if (quitting || !startedBackend) return;
    e.preventDefault();
    quitting = true;
    const timeout = new Promise((r) => setTimeout(r, 40_000));
    void Promise.race([stopEngineAndBackend(home), timeout]).finally(() => app.quit());
  });
}
