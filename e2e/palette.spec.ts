/**
 * The command palette, by keyboard only (no mouse at all), against the real engine: Ctrl+K, a few letters of
 * a container made with the docker CLI, Enter; a shell; a page; the container's stop action; the run dialog;
 * Escape giving focus back; `/` for the page's search field; the last used entry first on reopening.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

test.describe.configure({ mode: 'serial' });

const suffix = Math.random().toString(36).slice(2, 7);
const NAME = `palweb-${suffix}`;

const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });
const input = (page: Page) => palette(page).getByRole('combobox');
/** The option the combobox points at (aria-activedescendant), which Enter runs. */
const activeOption = (page: Page) => palette(page).getByRole('option', { selected: true });

/** Open the palette with Ctrl+K and type a query. */
async function ask(page: Page, query: string): Promise<void> {
  await page.keyboard.press('Control+K');
  await expect(input(page)).toBeFocused();
  await page.keyboard.type(query);
  await expect(input(page)).toHaveValue(query);
}

test.beforeAll(async () => {
  await dockerCli(['run', '-d', '--name', NAME, BUSYBOX_IMAGE, 'sleep', '600']);
});

test.afterAll(async () => {
  await dockerCli(['rm', '-f', NAME]).catch(() => undefined);
});

test('opens a container, a shell and a page from the keyboard', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await expect(page.getByRole('link', { name: NAME })).toBeVisible();
  const id = await dockerCli(['inspect', '-f', '{{.Id}}', NAME]);

  // A few letters of the name: the container is the first option, and Enter opens its page.
  await ask(page, `palw ${suffix.slice(0, 3)}`);
  await expect(input(page)).toHaveAttribute('aria-expanded', 'true');
  const listId = await input(page).getAttribute('aria-controls');
  await expect(page.locator(`[id="${listId}"]`)).toHaveAttribute('role', 'listbox');
  await expect(activeOption(page)).toHaveCount(1);
  await expect(activeOption(page)).toContainText(NAME);
  await expect(input(page)).toHaveAttribute('aria-activedescendant', (await activeOption(page).getAttribute('id'))!);
  await expect(palette(page).getByRole('group', { name: 'Containers' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(palette(page)).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`#/containers/${id}$`));
  await expect(page.getByRole('heading', { name: NAME, level: 1 })).toBeVisible();

  // The arrow keys walk the options; Home and End jump.
  await ask(page, 'e');
  const options = palette(page).getByRole('option');
  const count = await options.count();
  expect(count).toBeGreaterThan(3);
  expect(count).toBeLessThanOrEqual(50);
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(options.nth(count - 1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(options.nth(count - 1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('PageDown');
  await expect(options.nth(Math.min(8, count - 1))).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(palette(page)).toBeHidden();

  // "shell" and the name: a terminal tab with a shell in it.
  await ask(page, `shell ${NAME}`);
  await expect(activeOption(page)).toContainText(`Open a shell in ${NAME}`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Terminal' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: /^Shell 1/ })).toBeVisible();
  await expect(page.getByTestId('shell-terminal').locator('.xterm-rows')).toContainText(/[#$]\s*$/);

  // From inside the terminal too: Ctrl+K reaches the palette, and a page name navigates.
  await ask(page, 'volu');
  await expect(activeOption(page)).toContainText('Volumes');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/volumes$/);
  await expect(page.getByRole('heading', { name: 'Volumes', level: 1 })).toBeVisible();

  // Nothing matches: the palette says what to try.
  await ask(page, 'zzqqxj');
  await expect(palette(page).getByRole('option')).toHaveCount(0);
  await expect(palette(page)).toContainText('Nothing matches “zzqqxj”. Try a container, image or page name.');
  await page.keyboard.press('Escape');
  await expect(palette(page)).toBeHidden();
});

test('stops a container and opens the run dialog through their actions', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await expect(page.getByRole('link', { name: NAME })).toBeVisible();
  await ask(page, `stop ${NAME}`);
  await expect(activeOption(page)).toContainText(`Stop ${NAME}`);
  await page.keyboard.press('Enter');
  await expect.poll(() => dockerCli(['inspect', '-f', '{{.State.Status}}', NAME]), { timeout: 30_000 }).toBe('exited');
  // Stopped now: the palette offers to start it, and no shell.
  await ask(page, NAME);
  await expect(palette(page).getByRole('option', { name: new RegExp(`^Start ${NAME}`) })).toHaveCount(1);
  await expect(palette(page).getByRole('option', { name: new RegExp(`^Open a shell in ${NAME}`) })).toHaveCount(0);
  await page.keyboard.press('Escape');

  await ask(page, `run ${BUSYBOX_IMAGE}`);
  await expect(activeOption(page)).toContainText(`Run ${BUSYBOX_IMAGE}…`);
  await page.keyboard.press('Enter');
  const run = page.getByRole('dialog', { name: 'Run a container' });
  await expect(run).toBeVisible();
  await expect(run.getByLabel('Image', { exact: true })).toHaveValue(BUSYBOX_IMAGE);
  await page.keyboard.press('Escape');
  await expect(run).toBeHidden();
});

test('Escape gives focus back, / focuses the search field, and the last used entry is listed first', async ({ page }) => {
  await page.goto(`${e2e.url}#/images`);
  await expect(page.getByRole('heading', { name: 'Images', level: 1 })).toBeVisible();
  await ask(page, 'contai');
  await expect(activeOption(page)).toContainText('Containers');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/containers$/);
  await expect(page.getByRole('link', { name: NAME })).toBeVisible();

  // `/` from the page (focus not in a field): the Containers search field.
  const search = page.getByRole('searchbox', { name: 'Search containers' });
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type(suffix);
  await expect(search).toHaveValue(suffix);
  // In a field, `/` is a character.
  await page.keyboard.press('/');
  await expect(search).toHaveValue(`${suffix}/`);
  await page.keyboard.press('Backspace');

  // Ctrl+K from the search field, Escape: closed, and focus is back in the field.
  await page.keyboard.press('Control+K');
  await expect(palette(page)).toBeVisible();
  await expect(input(page)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(palette(page)).toBeHidden();
  await expect(search).toBeFocused();

  // Reopened with nothing typed: the entry used last comes first, under "Recent" — after a reload too.
  for (const reload of [false, true]) {
    if (reload) {
      await page.reload();
      await expect(page.getByRole('heading', { name: 'Containers', level: 1 })).toBeVisible();
    }
    await page.keyboard.press('Control+K');
    const recent = palette(page).getByRole('group', { name: 'Recent' });
    await expect(recent).toBeVisible();
    await expect(palette(page).getByRole('option').first()).toContainText('Containers');
    await expect(recent.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Escape');
    await expect(palette(page)).toBeHidden();
  }

  // Pictures of it, light and dark, for a person to look at.
  const shots = process.env.BERTH_SHOTS ?? join('out', 'shots');
  mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await ask(page, 'st');
    await expect(activeOption(page)).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: join(shots, `palette-${theme}.png`) });
    await page.keyboard.press('Escape');
    await expect(palette(page)).toBeHidden();
  }
});
