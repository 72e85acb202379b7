/**
 * The Settings page: every section saved only when the backend accepts it,
 * kept in the home's settings.json (and daemon.json), and shown again after
 * a reload — the theme, the terminal, daemon.json applied by a restart of
 * the real engine, VM mode's machine, and the reset's list of what it would
 * delete (cancelled here: the reset itself wipes the engine the other specs
 * use, so engine/integration/settings.int.test.ts runs it on a home of its own).
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerCli, e2e } from './fixtures/berth.js';

const settingsFile = () => join(e2e.home, 'settings.json');
const saved = () => JSON.parse(readFileSync(settingsFile(), 'utf8')) as { ui?: { theme: string; terminal: Record<string, unknown> } };
const vmSettings = () => (JSON.parse(readFileSync(settingsFile(), 'utf8')) as { engine: { vm?: Record<string, unknown> } }).engine.vm;

test('changes the VM’s memory and CPUs, refuses what cannot be, and keeps what was saved', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // Ctrl+9 opens the ninth page, Engine (pressed again until the app has mounted its shortcut listener); Settings, the tenth, is a link.
  await expect(async () => {
    await page.keyboard.press('Control+9');
    await expect(page.getByRole('heading', { name: 'Engine', level: 1 })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await page.keyboard.press('Control+1');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  const memory = page.getByRole('textbox', { name: 'Memory (MiB)' });
  await expect(memory).toHaveValue('2048');
  // Nothing to save until something changes.
  await expect(page.getByRole('button', { name: 'Save VM settings' })).toBeDisabled();

  await memory.fill('100');
  await page.getByRole('button', { name: 'Save VM settings' }).click();
  await expect(page.getByRole('alert')).toContainText('The VM needs at least 512 MiB of memory.');
  expect(vmSettings()?.memoryMiB ?? 2048).toBe(2048);

  await page.getByRole('checkbox', { name: 'Share my home folder' }).uncheck();
  await page.getByRole('textbox', { name: 'Shared folder' }).fill('/no/such/folder');
  await memory.fill('3072');
  await page.getByRole('button', { name: 'Save VM settings' }).click();
  await expect(page.getByRole('alert')).toContainText('The shared folder /no/such/folder is not a folder on this computer.');
  expect(vmSettings()?.memoryMiB ?? 2048).toBe(2048);

  await page.getByRole('textbox', { name: 'Shared folder' }).fill(e2e.home);
  await page.getByRole('textbox', { name: 'CPUs' }).fill('1');
  await page.getByRole('button', { name: 'Save VM settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved. The VM uses these from its next start.' })).toBeVisible();
  expect(vmSettings()).toMatchObject({ memoryMiB: 3072, cpus: 1, share: e2e.home });

  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('textbox', { name: 'Memory (MiB)' })).toHaveValue('3072');
  await expect(page.getByRole('textbox', { name: 'CPUs' })).toHaveValue('1');
  await expect(page.getByRole('checkbox', { name: 'Share my home folder' })).not.toBeChecked();
});

async function openSettings(page: import('@playwright/test').Page) {
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

test('the theme choice is kept by the backend, so a fresh browser profile gets it too', async ({ page }) => {
  await openSettings(page);
  const theme = page.getByRole('group', { name: 'Theme' });
  await theme.getByRole('button', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => saved().ui?.theme).toBe('dark');
  // This browser forgets its copy; the backend still has the choice.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(theme.getByRole('button', { name: 'Dark' })).toHaveAttribute('aria-pressed', 'true');
  await page.emulateMedia({ colorScheme: 'light' });
  await theme.getByRole('button', { name: 'System' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect.poll(() => saved().ui?.theme).toBe('system');
});

test('a theme chosen just before the page closes is still saved (the quiet time before a save does not lose it)', async ({ context }) => {
  const page = await context.newPage();
  await openSettings(page);
  await expect.poll(() => saved().ui?.theme).toBe('system');
  // The sidebar's toggle, then the page closes at once, well inside the quiet time before a save.
  await page.getByRole('button', { name: 'Switch to dark theme', exact: true }).click();
  await page.close();
  await expect.poll(() => saved().ui?.theme, { timeout: 5000 }).toBe('dark');
  // A new page shows it, and puts it back.
  const again = await context.newPage();
  await again.goto(`${e2e.url}#/containers`);
  await expect(again.locator('html')).toHaveAttribute('data-theme', 'dark');
  await again.getByRole('button', { name: 'Switch to light theme', exact: true }).click();
  await again.close();
  await expect.poll(() => saved().ui?.theme, { timeout: 5000 }).toBe('light');
});

test('terminal preferences are checked, saved and shown again', async ({ page }) => {
  await openSettings(page);
  const fontSize = page.getByRole('textbox', { name: 'Font size (px)' });
  await expect(fontSize).toHaveValue('13');
  await fontSize.fill('40');
  await page.getByRole('button', { name: 'Save terminal settings' }).click();
  await expect(page.getByRole('alert')).toContainText('The font size is at most 32 px.');
  await fontSize.fill('15');
  await page.getByRole('textbox', { name: 'Preferred shell' }).fill('rm -rf /');
  await page.getByRole('button', { name: 'Save terminal settings' }).click();
  await expect(page.getByRole('alert')).toContainText('A shell is a command name (zsh) or an absolute path (/bin/zsh).');
  await page.getByRole('textbox', { name: 'Preferred shell' }).fill('/bin/ash');
  await page.getByRole('button', { name: 'Save terminal settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved. Open terminals use them now.' })).toBeVisible();
  expect(saved().ui?.terminal).toMatchObject({ fontSize: 15, shell: '/bin/ash' });
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(fontSize).toHaveValue('15');
  await expect(page.getByRole('textbox', { name: 'Preferred shell' })).toHaveValue('/bin/ash');
  // Back to the defaults for the specs after this one.
  await fontSize.fill('13');
  await page.getByRole('textbox', { name: 'Preferred shell' }).fill('');
  await page.getByRole('button', { name: 'Save terminal settings' }).click();
  await expect.poll(() => saved().ui?.terminal).toMatchObject({ fontSize: 13, shell: '' });
});

test('daemon.json is checked by dockerd before it is saved, and applied by restarting the engine', async ({ page }) => {
  test.setTimeout(120_000);
  const daemonJson = join(e2e.home, 'engine', 'daemon.json');
  const before = readFileSync(daemonJson, 'utf8');
  await openSettings(page);
  const editor = page.getByRole('textbox', { name: 'daemon.json' });
  await expect(editor).toHaveValue(before);

  await editor.fill('{\n  "debug": true,\n}');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByRole('alert')).toContainText('This is not valid JSON (line 3, column 1): Expected double-quoted property name.');
  await expect(editor).toHaveAttribute('aria-invalid', 'true');

  await editor.fill('{"data-root": "/srv/docker"}');
  await page.getByRole('button', { name: 'Save and restart engine' }).click();
  await expect(page.getByRole('alert')).toContainText('"data-root" is set by Berth');

  await editor.fill('{"debugg": true}');
  await page.getByRole('button', { name: 'Save and restart engine' }).click();
  await expect(page.getByRole('alert')).toContainText(
    "dockerd refused this configuration: the following directives don't match any configuration option: debugg",
  );
  expect(readFileSync(daemonJson, 'utf8')).toBe(before);

  const text = '{\n  "labels": ["berth-e2e=settings"]\n}';
  await editor.fill(text);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'dockerd accepts these options.' })).toBeVisible();
  await page.getByRole('button', { name: 'Save and restart engine' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved, and the engine restarted with it.' })).toBeVisible({ timeout: 60_000 });
  expect(readFileSync(daemonJson, 'utf8')).toBe(`${text}\n`);
  expect(await dockerCli(['info', '--format', '{{json .Labels}}'])).toBe('["berth-e2e=settings"]');

  // Undo: the engine as the other specs expect it.
  await editor.fill(before);
  await page.getByRole('button', { name: 'Save and restart engine' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved, and the engine restarted with it.' })).toBeVisible({ timeout: 60_000 });
  expect(await dockerCli(['info', '--format', '{{json .Labels}}'])).toBe('[]');
});

test('reset to factory defaults lists what it would delete, with sizes, and deletes nothing when cancelled', async ({ page }) => {
  await openSettings(page);
  // The page's table of contents moves the focus to the section.
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('heading', { name: 'Reset to factory defaults' })).toBeFocused();
  await page.getByRole('button', { name: 'Reset to factory defaults…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset Berth to factory defaults?' });
  const table = dialog.getByRole('table', { name: 'What the reset deletes' });
  await expect(table.getByRole('row').filter({ hasText: 'Native engine' })).toContainText(join(e2e.home, 'engine'));
  await expect(table.getByRole('row').filter({ hasText: 'Native engine' })).toContainText(/\d+(\.\d)? (KiB|MiB|GiB)/);
  await expect(table.getByRole('row').filter({ hasText: 'Settings' })).toContainText(settingsFile());
  await expect(dialog).toContainText(`Kept: Logs (${join(e2e.home, 'logs')}), for troubleshooting`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(readFileSync(settingsFile(), 'utf8')).toContain('"ui"');
  expect(await dockerCli(['image', 'ls', '-q'])).not.toBe('');
});
