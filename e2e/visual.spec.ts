/**
 * Visual checks: each page below, in light and dark, at 1024×768 and 1440×900, compared with a reference picture
 * checked in under e2e/__screenshots__/ — so a layout that breaks (a column pushed off, a dialog cut, a colour gone
 * in dark) fails a test, not just a look. The pages show an engine host made for this file (a dockerd in its own
 * network namespace, chosen in the switcher) holding exactly one image, one created container, one volume and one
 * network, so what they list is the same on every run; what is not (ids, creation times) is masked.
 * Tolerance: a pixel counts as different past Playwright's default colour threshold (0.2, so anti-aliasing that
 * shifts a shade does not count), and a picture fails when more than 0.05 % of its pixels differ (about 390 at
 * 1024×768): table headers moved 24 px to the right changed 940.
 *
 * After a change meant to alter a page, write the references again and look at them before committing:
 *   npm run build && npx playwright test e2e/visual.spec.ts --update-snapshots
 */
import { expect, test, type Page } from '@playwright/test';
import { e2e, runBerth } from './fixtures/berth.js';
import { startEngineHost, type EngineHost } from './fixtures/engine-host.js';
import { importBusybox } from './fixtures/images.js';

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;
const ENGINE = 'visual';
/** The pages, and what shows each has painted what it lists. */
const PAGES = [
  { route: 'containers', ready: (p: Page) => p.getByRole('table', { name: 'Containers' }).getByRole('row', { name: /vis-web/ }) },
  { route: 'images', ready: (p: Page) => p.getByRole('table', { name: 'Images' }).getByRole('row', { name: /visual\/app/ }) },
  { route: 'volumes', ready: (p: Page) => p.getByRole('table', { name: 'Volumes' }).getByRole('row', { name: /vis-data/ }) },
  { route: 'networks', ready: (p: Page) => p.getByRole('table', { name: 'Networks' }).getByRole('row', { name: /vis-net/ }) },
  { route: 'services', ready: (p: Page) => p.getByRole('region', { name: 'This engine is not in a swarm' }) },
] as const;
/** Columns whose cells differ from run to run. */
const MASKED_COLUMNS = ['ID', 'Created', 'Last used'];

let host: EngineHost | undefined;

test.beforeAll(async () => {
  host = await startEngineHost();
  await importBusybox(host.dockerHost, 'visual/app:v1');
  await host.docker(['volume', 'create', 'vis-data']);
  await host.docker(['network', 'create', 'vis-net']);
  await host.docker(['create', '--name', 'vis-web', '-v', 'vis-data:/data', '--network', 'vis-net', 'visual/app:v1', 'sleep', '600']);
  const add = await runBerth(e2e.home, ['engines', 'add', ENGINE, host.dockerHost]);
  if (add.code !== 0) throw new Error(add.stderr);
});

test.afterAll(async () => {
  await runBerth(e2e.home, ['engines', 'rm', ENGINE, '--yes']);
  await host?.stop();
});

/** Mark the cells of the columns that change from run to run, so the comparison masks them. */
async function markVolatileCells(page: Page): Promise<void> {
  await page.evaluate((masked) => {
    for (const table of document.querySelectorAll('[role=table]')) {
      const heads = [...table.querySelectorAll('[role=columnheader]')].map((h) => (h.textContent ?? '').trim());
      const columns = heads.flatMap((h, i) => (masked.includes(h) ? [i] : []));
      for (const row of table.querySelectorAll('[role=row]')) {
        const cells = row.querySelectorAll(':scope > [role=cell], :scope > [role=gridcell]');
        for (const i of columns) cells[i]?.setAttribute('data-visual-mask', '');
      }
    }
  }, MASKED_COLUMNS);
}

for (const size of SIZES) {
  test(`every page at ${size.width}×${size.height}, light and dark, looks as its reference`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    await page.goto(`${e2e.url}#/containers`);
    await page.getByRole('combobox', { name: 'Engine' }).selectOption({ label: ENGINE });
    for (const p of PAGES) {
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: new RegExp(`^${p.route}$`, 'i') })
        .click();
      await expect(p.ready(page).first()).toBeVisible({ timeout: 15_000 });
      for (const theme of ['light', 'dark'] as const) {
        await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
        await markVolatileCells(page);
        await expect(page, `${p.route} at ${size.width}, ${theme}`).toHaveScreenshot(`${p.route}-${size.width}-${theme}.png`, {
          // The masked columns, and a container's short id under its name.
          mask: [page.locator('[data-visual-mask]'), page.locator('[role=row] .id')],
          animations: 'disabled',
          caret: 'hide',
          maxDiffPixelRatio: 0.0005,
        });
      }
      await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
    }
    await page.getByRole('combobox', { name: 'Engine' }).selectOption({ label: "Berth's engine" });
  });
}
