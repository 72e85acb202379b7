/**
 * Visual regression: every page in light and dark at 1024 and 1440 px, compared with the reference PNGs in
 * e2e/visual.spec.ts-snapshots/ (made in this environment: Debian's headless Chromium and its fonts).
 * The engine is first brought to a known state (only the test image, and this spec's own container, image,
 * volume and network); what changes from run to run (times, sizes, ids, versions, paths) is masked.
 * Update the references with `npx playwright test e2e/visual.spec.ts --update-snapshots` and look at them.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

/** How much of a page may differ before the check fails: 1% of its pixels (anti-aliasing, a caret, a late font hint). */
const MAX_DIFF = 0.01;
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;
const THEMES = ['light', 'dark'] as const;

const lines = (s: string) => s.split('\n').filter(Boolean);

/** Leaves the engine with the test image only: whatever earlier specs left would change the lists. */
async function knownState(): Promise<void> {
  const containers = lines(await dockerCli(['ps', '-aq']));
  if (containers.length) await dockerCli(['rm', '-f', '-v', ...containers]);
  const volumes = lines(await dockerCli(['volume', 'ls', '-q']));
  if (volumes.length) await dockerCli(['volume', 'rm', '-f', ...volumes]);
  await dockerCli(['network', 'prune', '-f']);
  const keep = await dockerCli(['image', 'inspect', '-f', '{{.Id}}', BUSYBOX_IMAGE]);
  for (const line of lines(await dockerCli(['images', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']))) {
    const [ref, id] = line.split(' ') as [string, string];
    if (ref === BUSYBOX_IMAGE) continue;
    // Another name of the test image loses only that name; any other image goes whole.
    const target = id !== keep ? id : ref.includes('<none>') ? undefined : ref;
    if (target) await dockerCli(['rmi', '-f', target]).catch(() => '');
  }
  // This spec's own objects: a running container, a stopped one, a second image, a volume and a network.
  await dockerCli(['run', '-d', '--name', 'vis-web', '-p', '127.0.0.1::80', BUSYBOX_IMAGE, 'sleep', '3600']);
  await dockerCli(['create', '--name', 'vis-idle', '-v', 'vis-data:/data', BUSYBOX_IMAGE, 'true']);
  await dockerCli(['commit', '-c', 'LABEL vis=1', 'vis-idle', 'vis/app:v1']);
  await dockerCli(['network', 'create', '--subnet', '10.123.0.0/24', 'vis-net']);
}

/** What each page shows that changes between runs, to be masked; and what says it has loaded. */
const PAGES: ReadonlyArray<{ route: string; ready: (p: Page) => Locator; mask: (p: Page) => Locator[] }> = [
  {
    route: 'dashboard',
    ready: (p) => p.getByRole('table', { name: 'Disk use by kind' }),
    mask: (p) => [p.locator('.facts dd'), p.locator('.disk-table td')],
  },
  {
    route: 'containers',
    ready: (p) => p.getByRole('row', { name: /vis-idle/ }),
    mask: (p) => [p.locator('.cell .id, [data-col="status"], [data-col="cpu"], [data-col="memory"], [data-col="created"], [data-col="ports"]')],
  },
  {
    route: 'images',
    ready: (p) => p.getByRole('row', { name: /vis\/app:v1/ }),
    mask: (p) => [p.locator('.disk-summary dd, [data-col="id"], [data-col="created"]')],
  },
  { route: 'volumes', ready: (p) => p.getByRole('row', { name: /vis-data/ }), mask: () => [] },
  { route: 'networks', ready: (p) => p.getByRole('row', { name: /vis-net/ }), mask: (p) => [p.locator('.cell.mono')] },
  { route: 'builds', ready: (p) => p.getByRole('heading', { name: 'Builds', level: 1 }), mask: () => [] },
  { route: 'compose', ready: (p) => p.getByRole('heading', { name: 'Compose', level: 1 }), mask: () => [] },
  { route: 'engine', ready: (p) => p.getByRole('heading', { name: 'Engine', level: 1 }), mask: (p) => [p.locator('.facts dd, .log, code')] },
  { route: 'settings', ready: (p) => p.getByRole('heading', { name: 'Settings', level: 1 }), mask: (p) => [p.locator('code')] },
];

/** Applied while a screenshot is taken: hides the lists whose length depends on what earlier specs did in this Berth home. */
const HIDE = fileURLToPath(new URL('./fixtures/visual-hide.css', import.meta.url));

test.beforeAll(async () => {
  await knownState();
});

test.afterAll(async () => {
  await dockerCli(['rm', '-f', '-v', 'vis-web', 'vis-idle']).catch(() => '');
  await dockerCli(['rmi', '-f', 'vis/app:v1']).catch(() => '');
  await dockerCli(['volume', 'rm', '-f', 'vis-data']).catch(() => '');
  await dockerCli(['network', 'rm', 'vis-net']).catch(() => '');
});

for (const size of SIZES) {
  test(`every page in light and dark at ${size.width}×${size.height} matches its reference`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    // The theme follows the system's here (the "System" choice), so each colour scheme is asked for by emulation.
    await page.goto(`${e2e.url}#/settings`);
    await page.getByRole('group', { name: 'Theme' }).getByRole('button', { name: 'System' }).click();
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      for (const p of PAGES) {
        await page.goto(`${e2e.url}#/${p.route}`);
        await expect(p.ready(page)).toBeVisible();
        await page.mouse.move(0, 0);
        await expect(page).toHaveScreenshot(`${p.route}-${theme}-${size.width}.png`, {
          maxDiffPixelRatio: MAX_DIFF,
          mask: p.mask(page),
          stylePath: HIDE,
          animations: 'disabled',
          caret: 'hide',
        });
      }
    }
  });
}
