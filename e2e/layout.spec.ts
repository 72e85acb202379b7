/**
 * A window of any size: from 800×600 to 4K the tables fit without scrolling sideways (they drop low-priority
 * columns first), each row's actions are on screen, the sidebar collapses to icons (keeping its names), and a
 * dialog fits the viewport. The rows' overflow menu is driven by keyboard alone.
 * With BERTH_SHOTS=<dir>, each page is also saved there at each size, light and dark, to be looked at.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

const SIZES = [
  { width: 800, height: 600 },
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
  { width: 3840, height: 2160 },
] as const;

const TABLES = [
  { route: 'containers', table: 'Containers', subject: 'lay-web' },
  { route: 'images', table: 'Images', subject: 'lay/app:v1' },
  { route: 'volumes', table: 'Volumes', subject: 'lay-data' },
  { route: 'networks', table: 'Networks', subject: 'lay-net' },
] as const;

test.beforeAll(async () => {
  await dockerCli(['run', '-d', '--name', 'lay-web', '-v', 'lay-data:/data', BUSYBOX_IMAGE, 'sleep', '600']);
  await dockerCli(['tag', BUSYBOX_IMAGE, 'lay/app:v1']);
  await dockerCli(['network', 'create', 'lay-net']);
});

test.afterAll(async () => {
  await dockerCli(['rm', '-f', 'lay-web']).catch(() => '');
  await dockerCli(['rmi', 'lay/app:v1']).catch(() => '');
  await dockerCli(['volume', 'rm', '-f', 'lay-data']).catch(() => '');
  await dockerCli(['network', 'rm', 'lay-net']).catch(() => '');
});

/** Sideways overflow of the element matched by `selector`, in pixels (0 when it fits). */
const overflowX = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => el.scrollWidth - el.clientWidth);

async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.BERTH_SHOTS;
  if (!dir) return;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(dir, `${name}-${scheme}.png`), animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} the tables fit, their actions are on screen, and the sidebar keeps its names`, async ({ page }) => {
    // Each page is measured (and, with BERTH_SHOTS, saved twice): a 4K page takes a while to paint and save.
    test.setTimeout(240_000);
    await page.setViewportSize(size);
    for (const t of TABLES) {
      await page.goto(`${e2e.url}#/${t.route}`);
      const table = page.getByRole('table', { name: t.table });
      await expect(table.getByRole('row', { name: new RegExp(t.subject.replace(/[/.]/g, '\\$&')) })).toBeVisible();
      expect(await overflowX(page, '.table-body'), `${t.table} scrolls sideways`).toBeLessThanOrEqual(1);
      const more = page.getByRole('button', { name: `More actions for ${t.subject}`, exact: true });
      const box = (await more.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height);
      await shoot(page, `${t.route}-${size.width}`);
    }
    for (const route of ['dashboard', 'builds', 'compose', 'engine', 'settings']) {
      await page.goto(`${e2e.url}#/${route}`);
      await expect(page.locator('.page h1').first()).toBeVisible();
      expect(await overflowX(page, '.page'), `${route} scrolls sideways`).toBeLessThanOrEqual(1);
      await shoot(page, `${route}-${size.width}`);
    }
    // The sidebar: icons only below 960 px, its links keep their names (and a tooltip).
    const nav = page.getByRole('navigation', { name: 'Main' });
    const link = nav.getByRole('link', { name: 'Containers' });
    await expect(link).toHaveAttribute('title', 'Containers');
    const width = (await page.locator('.sidebar').boundingBox())!.width;
    if (size.width < 960) expect(width).toBeLessThan(80);
    else expect(width).toBeGreaterThan(180);
  });
}

test('a dialog fits an 800×600 window: its body scrolls, its buttons stay on screen', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(`${e2e.url}#/images`);
  await page.getByRole('button', { name: `Run ${BUSYBOX_IMAGE}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Run a container' });
  await expect(dialog).toBeVisible();
  // Open everything it can show, so it is as tall as it gets.
  const advanced = dialog.getByRole('button', { expanded: false });
  for (let i = await advanced.count(); i > 0; i--) await advanced.first().click();
  const box = (await dialog.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(600);
  const cancel = dialog.getByRole('button', { name: 'Cancel' });
  const b = (await cancel.boundingBox())!;
  expect(b.y + b.height).toBeLessThanOrEqual(600);
  await shoot(page, 'run-dialog-800');
  await cancel.click();
});

test('a row menu is driven by keyboard alone, and focus comes back to its button', async ({ page }) => {
  await page.goto(`${e2e.url}#/images`);
  const more = page.getByRole('button', { name: 'More actions for lay/app:v1', exact: true });
  await more.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Actions for lay/app:v1' });
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  const items = menu.getByRole('menuitem');
  await expect(items.first()).toBeFocused();
  await expect(items.first()).toHaveAccessibleName('Inspect lay/app:v1');
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'History of lay/app:v1' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: 'Remove lay/app:v1' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: 'Remove lay/app:v1' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(items.first()).toBeFocused();
  // Typeahead: a letter goes to the item that starts with it; after a pause, another letter starts afresh.
  await page.keyboard.press('s');
  await expect(menu.getByRole('menuitem', { name: 'Save lay/app:v1' })).toBeFocused();
  await page.waitForTimeout(700);
  await page.keyboard.press('h');
  await expect(menu.getByRole('menuitem', { name: 'History of lay/app:v1' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(items.first()).toBeFocused();
  await shoot(page, 'row-menu');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(more).toBeFocused();
  await expect(more).toHaveAttribute('aria-expanded', 'false');

  // ArrowUp on the button opens it at its last item; choosing an item opens its dialog, which gives focus back on close.
  await page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: 'Remove lay/app:v1' })).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  const inspect = page.getByRole('dialog', { name: 'Inspect lay/app:v1' });
  await expect(inspect).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(inspect).toHaveCount(0);
  await expect(more).toBeFocused();
});
