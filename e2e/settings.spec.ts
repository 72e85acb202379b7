/**
 * The Settings page: VM mode's machine, saved only when the engine accepts
 * it, and kept in the home's settings.json.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2e } from './fixtures/berth.js';

const settingsFile = () => join(e2e.home, 'settings.json');
const vmSettings = () => (JSON.parse(readFileSync(settingsFile(), 'utf8')) as { engine: { vm?: Record<string, unknown> } }).engine.vm;

test('changes the VM’s memory and CPUs, refuses what cannot be, and keeps what was saved', async ({ page }) => {
  await page.goto(e2e.url);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // Ctrl+7 opens it (pressed again until the app has mounted its shortcut listener).
  await expect(async () => {
    await page.keyboard.press('Control+7');
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  const memory = page.getByRole('textbox', { name: 'Memory (MiB)' });
  await expect(memory).toHaveValue('2048');

  await memory.fill('100');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('The VM needs at least 512 MiB of memory.');
  expect(vmSettings()?.memoryMiB ?? 2048).toBe(2048);

  await page.getByRole('checkbox', { name: 'Share my home folder' }).uncheck();
  await page.getByRole('textbox', { name: 'Shared folder' }).fill('/no/such/folder');
  await memory.fill('3072');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('The shared folder /no/such/folder is not a folder on this computer.');
  expect(vmSettings()?.memoryMiB ?? 2048).toBe(2048);

  await page.getByRole('textbox', { name: 'Shared folder' }).fill(e2e.home);
  await page.getByRole('textbox', { name: 'CPUs' }).fill('1');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved. The VM uses these from its next start.' })).toBeVisible();
  expect(vmSettings()).toMatchObject({ memoryMiB: 3072, cpus: 1, share: e2e.home });

  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('textbox', { name: 'Memory (MiB)' })).toHaveValue('3072');
  await expect(page.getByRole('textbox', { name: 'CPUs' })).toHaveValue('1');
  await expect(page.getByRole('checkbox', { name: 'Share my home folder' })).not.toBeChecked();
});
