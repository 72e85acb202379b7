/**
 * The Electron app for real: Playwright launches the app against the e2e
 * world's backend and engine. Where Electron cannot run (npm cannot download
 * its binary here, or there is no display), the tests are skipped with the
 * reason findElectron() gives — skipped, never failed.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findElectron } from '../engine/launch/electron-binary.js';
import { connectBackend } from '../engine/backend/launch.js';
import type { UiSettingsView } from '../engine/contract/index.js';
import { e2e } from './fixtures/berth.js';

const found = findElectron();
const root = resolve(import.meta.dirname, '..');

test.skip('reason' in found, 'reason' in found ? found.reason : '');
test.describe.configure({ mode: 'serial' });

let app: ElectronApplication;
let page: Page;

test.beforeAll(async () => {
  if (!('path' in found)) return;
  const { buildElectron } = await import('../scripts/bundle/electron.js');
  await buildElectron();
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    const { buildRenderer } = await import('../scripts/bundle/renderer.js');
    await buildRenderer({});
  }
  // Quitting would ask whether to stop the engine the other specs share: the answer is given beforehand (Settings → Desktop app).
  const rpc = await connectBackend(e2e.home);
  if (rpc) {
    const ui = await new Promise<UiSettingsView>((res) => {
      const s = rpc.stream('settings.watchUi', {}, { next: (v) => (s.cancel(), res(v)) });
    });
    const { stored: _stored, ...prefs } = ui;
    await rpc.call('settings.setUi', { ...prefs, quit: 'keep' });
    rpc.close();
  }
  app = await electron.launch({
    executablePath: found.path,
    // The app folder: Electron reads package.json ("main": out/electron/main.cjs).
    // Chromium refuses to run as root with its sandbox on; only then is it turned off, for the test.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
    env: { ...process.env, BERTH_HOME: e2e.home },
    timeout: 30_000,
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
});

test('opens the Berth window on berth://app/ and shows the live engine state', async () => {
  await expect(page).toHaveTitle('Berth');
  expect(page.url()).toMatch(/^berth:\/\/app\//);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w: { getTitle(): string }) => w.getTitle()))).toEqual(['Berth']);
  const status = page.getByRole('status', { name: /^Engine:/ });
  await expect(status).toBeVisible();
  // A state other than "connecting" means the MessagePort reached the backend through the bridge.
  await expect(status).toHaveAccessibleName(/^Engine: (?!connecting)/, { timeout: 20_000 });
  await expect(status).toHaveAccessibleName('Engine: running', { timeout: 30_000 });
});

test('gives the page no Node.js and locked-down web preferences', async () => {
  const exposed = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return { require: typeof w.require, process: typeof w.process, module: typeof w.module, Buffer: typeof w.Buffer };
  });
  expect(exposed).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined' });
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const wp = BrowserWindow.getAllWindows()[0]!.webContents.getLastWebPreferences();
    return {
      contextIsolation: wp?.contextIsolation,
      sandbox: wp?.sandbox,
      nodeIntegration: wp?.nodeIntegration,
      webSecurity: wp?.webSecurity,
      webviewTag: wp?.webviewTag,
      allowRunningInsecureContent: wp?.allowRunningInsecureContent,
    };
  });
  expect(prefs).toEqual({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
  });
});

test('serves the UI with its CSP and nothing outside the renderer folder', async () => {
  const probe = await page.evaluate(async () => {
    const index = await fetch('/index.html');
    const outside = await fetch('/..%2felectron%2fmain.cjs');
    const missing = await fetch('/nope.js');
    return { csp: index.headers.get('content-security-policy'), outside: outside.status, missing: missing.status };
  });
  expect(probe.csp).toContain("default-src 'self'");
  expect(probe.csp).toContain("frame-ancestors 'none'");
  expect(probe.outside).toBe(404);
  expect(probe.missing).toBe(404);
});

test('refuses navigation away, new windows and permissions', async () => {
  const before = page.url();
  // Not http(s): refused without being handed to the OS browser either.
  await page.evaluate(() => {
    window.location.href = 'file:///etc/hostname';
  });
  const opened = await page.evaluate(() => window.open('about:blank') === null);
  const permission = await page.evaluate(() => Notification.requestPermission());
  await page.waitForTimeout(300);
  expect(page.url()).toBe(before);
  expect(opened).toBe(true);
  expect(permission).toBe('denied');
  expect(app.windows()).toHaveLength(1);
});
