/** The layer browser through the UI, on images built here by the real engine. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { buildFromDockerfile, BUSYBOX_IMAGE, importShellless, WASTEFUL_DOCKERFILE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';
import { rowAction } from './fixtures/row-menu.js';

const IMAGE = 'ui-layers/wasteful:1';

test.beforeAll(async () => {
  await buildFromDockerfile(process.env.BERTH_E2E_DOCKER_HOST!, IMAGE, WASTEFUL_DOCKERFILE);
});
test.afterAll(async () => {
  await dockerCli(['rmi', '-f', IMAGE]).catch(() => undefined);
});

const tree = (page: Page) => page.getByRole('tree');
const layer = (page: Page, n: number) => page.getByRole('button', { name: new RegExp(`^Layer ${n}:`) });

test('shows a 5 MB file added in one layer and removed in the next, and counts it as wasted', async ({ page }) => {
  await page.goto(`${e2e.url}#/images`);
  await rowAction(page, IMAGE, `Layers of ${IMAGE}`);
  await expect(page.getByRole('heading', { name: `Layers of ${IMAGE}`, level: 1 })).toBeVisible();
  // The last layer is shown first; the ENV step made none.
  await expect(layer(page, 4)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('list', { name: 'Layers and steps' })).toContainText('ENV MODE=test');

  await layer(page, 2).click();
  await expect(tree(page)).toHaveAccessibleName('Changes in layer 2');
  await expect(tree(page).getByRole('treeitem', { name: 'big.bin, added' })).toContainText('5.0 MiB');
  await layer(page, 3).click();
  await expect(tree(page).getByRole('treeitem', { name: 'big.bin, removed' })).toBeVisible();
  await expect(layer(page, 3)).toContainText('−1');

  const figures = page.getByLabel('Image efficiency');
  await expect(figures.getByText('Wasted', { exact: true }).locator('..')).toContainText('5.0 MiB');
  await expect(figures.getByText('Efficiency', { exact: true }).locator('..')).toContainText(/\d+\.\d%/);
  const waste = page.getByRole('table', { name: 'Wasted space by path' });
  const row = waste.getByRole('row', { name: /\/big\.bin/ });
  await expect(row).toContainText('5.0 MiB');
  await expect(row).toContainText('L2 (5.0 MiB)');
  // From the waste list to the layer that removed it.
  await row.getByRole('button', { name: 'removed in L3' }).click();
  await expect(layer(page, 3)).toHaveAttribute('aria-pressed', 'true');
});

test('reads a directory replaced whole (an opaque directory), with keyboard navigation, details and a jump to the layer that wrote a file', async ({
  page,
}) => {
  await page.goto(`${e2e.url}#/images/${encodeURIComponent(IMAGE)}`);
  await layer(page, 4).click();
  const srv = tree(page).getByRole('treeitem', { name: /^srv/ });
  await srv.focus();
  await page.keyboard.press('ArrowRight');
  await expect(srv).toHaveAttribute('aria-expanded', 'true');
  const confd = tree(page).getByRole('treeitem', { name: /^conf\.d/ });
  await expect(confd).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(confd).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(tree(page).getByRole('treeitem', { name: 'old.conf, removed' })).toBeVisible();
  await expect(tree(page).getByRole('treeitem', { name: 'keep.conf, removed' })).toBeVisible();
  await expect(tree(page).getByRole('treeitem', { name: 'new.conf, added' })).toBeVisible();

  await page.getByRole('button', { name: 'Image as of this layer' }).click();
  await expect(tree(page)).toHaveAccessibleName('Image as of layer 4');
  await tree(page).getByRole('treeitem', { name: /^srv/ }).click();
  await tree(page)
    .getByRole('treeitem', { name: /^conf\.d/ })
    .click();
  await expect(tree(page).getByRole('treeitem', { name: /conf$|conf,/ })).toHaveCount(1);
  await tree(page).getByRole('treeitem', { name: 'new.conf, changed in this layer' }).click();
  const details = page.getByRole('region', { name: 'Details of new.conf' });
  await expect(details).toContainText('/srv/conf.d/new.conf');
  await expect(details).toContainText('-rw-r--r--');
  await expect(details).toContainText('4 B');

  // The busybox binary was written by the first layer: jump there.
  await tree(page).getByRole('treeitem', { name: /^bin/ }).click();
  await tree(page).getByRole('button', { name: 'bin was last changed in layer 0: show that layer' }).click();
  await expect(layer(page, 0)).toHaveAttribute('aria-pressed', 'true');

  await page.getByRole('button', { name: 'Find paths' }).click();
  await page.getByRole('searchbox', { name: 'Find paths' }).fill('**/sh');
  await expect(page.getByRole('list', { name: 'Paths found' })).toContainText('/bin/sh');
});

test('shows a text file’s contents and saves a file out of a layer onto this computer', async ({ page }) => {
  const dir = mkdtempSync('/tmp/berth-e2e-extract-');
  try {
    await page.goto(`${e2e.url}#/images/${encodeURIComponent(IMAGE)}`);
    await layer(page, 0).waitFor();
    await layer(page, 0).click();
    await layer(page, 1).click();
    await tree(page).getByRole('treeitem', { name: /^srv/ }).click();
    await tree(page)
      .getByRole('treeitem', { name: /^conf\.d/ })
      .click();
    await tree(page).getByRole('treeitem', { name: 'keep.conf, added' }).click();
    const details = page.getByRole('region', { name: 'Details of keep.conf' });
    await details.getByRole('button', { name: 'Show contents' }).click();
    await expect(details.getByLabel('Contents of keep.conf')).toHaveText('keep\n');
    await details.getByRole('button', { name: 'Save to this computer…' }).click();
    await details.getByRole('textbox', { name: 'Into folder' }).fill(dir);
    await details.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(details.getByRole('status')).toHaveText(`Saved /srv/conf.d/keep.conf to ${dir}/keep.conf: 1 file, 5 bytes.`);
    expect(readFileSync(`${dir}/keep.conf`, 'utf8')).toBe('keep\n');
    // Saving again would overwrite: refused with a sentence, the file kept.
    await page.reload();
    await layer(page, 1).click();
    await tree(page).getByRole('treeitem', { name: /^srv/ }).click();
    await tree(page)
      .getByRole('treeitem', { name: /^conf\.d/ })
      .click();
    await tree(page).getByRole('treeitem', { name: 'keep.conf, added' }).click();
    await details.getByRole('button', { name: 'Save to this computer…' }).click();
    await details.getByRole('textbox', { name: 'Into folder' }).fill(dir);
    await details.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(details.getByRole('alert')).toContainText(`${dir}/keep.conf already exists`);
    expect(readFileSync(`${dir}/keep.conf`, 'utf8')).toBe('keep\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compares two images: the shared base layer and the first that differs', async ({ page }) => {
  await page.goto(`${e2e.url}#/images/${encodeURIComponent(IMAGE)}`);
  await expect(layer(page, 4)).toBeVisible();
  await page.getByRole('textbox', { name: 'Other image' }).fill(BUSYBOX_IMAGE);
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'They share their first 1 layer' })).toContainText('they differ from layer 1 up.');
  const table = page.getByRole('table', { name: 'Layers side by side' });
  await expect(table.getByRole('row')).toHaveCount(6);
  await expect(table.getByRole('row').nth(2)).toContainText('first difference');
  await page.getByRole('textbox', { name: 'Other image' }).fill('ui-layers/nothing:9');
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByRole('alert')).toContainText('There is no image ui-layers/nothing:9 on this engine.');
});

test('browses a FROM scratch image holding one static binary', async ({ page }) => {
  await importShellless(process.env.BERTH_E2E_DOCKER_HOST!);
  await page.goto(`${e2e.url}#/images/${encodeURIComponent('berth-test/no-shell:latest')}`);
  await expect(layer(page, 0)).toHaveAttribute('aria-pressed', 'true');
  await tree(page).getByRole('treeitem', { name: /^bin/ }).click();
  await expect(tree(page).getByRole('treeitem', { name: 'sleep, added' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Wasted space by path' })).toHaveCount(0);
  await expect(page.getByText('nothing is wasted')).toBeVisible();
});

test('a folder of 3,000 files is a virtual list the keyboard walks end to end, each row telling its place in the folder', async ({ page }) => {
  const many = 'ui-layers/many:1';
  await buildFromDockerfile(
    process.env.BERTH_E2E_DOCKER_HOST!,
    many,
    `FROM ${BUSYBOX_IMAGE}\nRUN mkdir /many && cd /many && for i in $(seq -w 1 3000); do echo $i > f$i; done\n`,
  );
  try {
    await page.goto(`${e2e.url}#/images/${encodeURIComponent(many)}`);
    const folder = tree(page).getByRole('treeitem', { name: 'many, added' });
    await folder.click();
    await expect(folder).toHaveAttribute('aria-expanded', 'true');
    const first = tree(page).getByRole('treeitem', { name: 'f0001, added' });
    await expect(first).toHaveAttribute('aria-posinset', '1');
    await expect(first).toHaveAttribute('aria-setsize', '3000');
    await expect(first).toHaveAttribute('aria-level', '2');
    // Only a window of the rows is in the page.
    expect(await tree(page).getByRole('treeitem').count()).toBeLessThan(200);
    await first.focus();
    await page.keyboard.press('End');
    const last = tree(page).getByRole('treeitem', { name: 'f3000, added' });
    await expect(last).toBeFocused();
    await expect(last).toHaveAttribute('aria-posinset', '3000');
    await expect(tree(page).getByRole('treeitem', { name: 'f0001, added' })).toHaveCount(0);
    await page.keyboard.press('ArrowUp');
    await expect(tree(page).getByRole('treeitem', { name: 'f2999, added' })).toBeFocused();
    // Left goes to the folder, however far up it is.
    await page.keyboard.press('ArrowLeft');
    await expect(folder).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(folder).toHaveAttribute('aria-expanded', 'false');
  } finally {
    await dockerCli(['rmi', '-f', many]).catch(() => undefined);
  }
});

test('says when there is no such image', async ({ page }) => {
  await page.goto(`${e2e.url}#/images/${encodeURIComponent('ui-layers/missing:1')}`);
  await expect(page.getByRole('heading', { name: 'The layers could not be read' })).toBeVisible();
  await expect(page.getByText('There is no image ui-layers/missing:1 on this engine.')).toBeVisible();
});
