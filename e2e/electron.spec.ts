/**
 * The Electron shell, launched by Playwright where Electron's binary exists.
 * Where it does not (npm cannot download it here), every test is skipped with the reason.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { join, resolve } from 'node:path';
import { findElectron } from '../engine/launch/electron-binary.js';
import { e2e } from './fixtures/berth.js';

const found = findElectron();
const root = resolve(import.meta.dirname, '..');

test.skip('reason' in found, 'reason' in found ? `Electron e2e skipped: ${found.reason}.` : '');

test('opens a secure window that shows the engine state', async () => {
  const app = await electron.launch({
    executablePath: 'path' in found ? found.path : undefined,
    args: [join(root, 'out', 'electron', 'main.cjs')],
    env: { ...process.env, BERTH_HOME: e2e.home },
  });
  const page = await app.firstWindow();
  await expect(page).toHaveTitle(/Berth/);
  await expect(page.getByRole('status', { name: /^Engine:/ })).toBeVisible();
  const exposed = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
  }));
  expect(exposed).toEqual({ require: 'undefined', process: 'undefined' });
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const wp = BrowserWindow.getAllWindows()[0]!.webContents.getLastWebPreferences();
    return { contextIsolation: wp?.contextIsolation, sandbox: wp?.sandbox, nodeIntegration: wp?.nodeIntegration };
  });
  expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  await app.close();
});
