/** Two images compared file by file through the UI: picked from the local images, with their totals and each difference. */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildFromDockerfile, BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

const A = 'ui-diff/a:1';
const B = 'ui-diff/b:1';

test.beforeAll(async () => {
  const host = process.env.BERTH_E2E_DOCKER_HOST!;
  await buildFromDockerfile(host, A, `FROM ${BUSYBOX_IMAGE}\nRUN echo aaaa > /app.txt && echo gone > /old.txt && echo same > /same.txt\n`);
  await buildFromDockerfile(host, B, `FROM ${A}\nRUN echo bbbb > /app.txt && busybox rm /old.txt && echo hello > /new.txt && busybox touch /same.txt\n`);
});
test.afterAll(async () => {
  await dockerCli(['rmi', '-f', B, A]).catch(() => undefined);
});

test('picks two local images and sees the added, removed and changed files with their totals', async ({ page }) => {
  await page.goto(`${e2e.url}#/images/${encodeURIComponent(A)}`);
  const view = page.getByRole('region', { name: 'Compare files' });
  await expect(view.getByText('Choose image B, then Show differences.')).toBeVisible();
  await expect(view.getByRole('combobox', { name: 'Image A' })).toHaveValue(A);
  await expect(view.getByRole('combobox', { name: 'Image B' }).getByRole('option', { name: B })).toBeAttached();
  await view.getByRole('combobox', { name: 'Image B' }).selectOption(B);
  await view.getByRole('button', { name: 'Show differences' }).click();

  await expect(view.getByRole('status').filter({ hasText: 'They share their first 2 layers' })).toContainText('1 added, 1 removed, 1 changed.');
  const totals = view.getByLabel('Comparison totals');
  // hello\n is new; gone\n is gone; app.txt's 5 bytes changed on both sides.
  await expect(totals.getByText('Added', { exact: true }).locator('..')).toContainText('11 B new');
  await expect(totals.getByText('Removed', { exact: true }).locator('..')).toContainText('10 B gone');
  const list = view.getByRole('list', { name: 'Differences', exact: true });
  await expect(list.getByRole('listitem', { name: '/new.txt: added' })).toContainText('6 B');
  await expect(list.getByRole('listitem', { name: '/old.txt: removed' })).toContainText('A L1');
  await expect(list.getByRole('listitem', { name: '/app.txt: content (5 B)' })).toContainText('A L1 · B L2');
  await expect(list.getByRole('listitem', { name: /same\.txt/ })).toHaveCount(0);
  await expect(view.getByRole('list', { name: 'Layers of image B that wrote the differences' })).toContainText('echo bbbb');

  await view.getByRole('button', { name: 'Changed only' }).click();
  await expect(view.getByRole('button', { name: 'Changed only' })).toHaveAttribute('aria-pressed', 'true');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem').first()).toHaveAccessibleName('/app.txt: content (5 B)');
  await view.getByRole('button', { name: 'All differences' }).click();

  // The changed text file as a unified diff of its two versions.
  await list.getByRole('button', { name: 'Show the text diff of /app.txt' }).click();
  const unified = view.getByRole('region', { name: 'Text diff of /app.txt' }).getByLabel('Unified diff');
  await expect(unified).toHaveText(['--- a/app.txt', '+++ b/app.txt', '@@ -1,1 +1,1 @@', '-aaaa', '+bbbb', ''].join('\n'));

  if (process.env.BERTH_SHOTS) {
    await view.scrollIntoViewIfNeeded();
    await page.emulateMedia({ colorScheme: 'light' });
    await view.screenshot({ path: join(process.env.BERTH_SHOTS, 'image-diff-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await view.screenshot({ path: join(process.env.BERTH_SHOTS, 'image-diff-dark.png') });
  }

  // An image compared with itself has nothing to list, and says so.
  await view.getByRole('combobox', { name: 'Image B' }).selectOption(A);
  await view.getByRole('button', { name: 'Show differences' }).click();
  await expect(view.getByText('No differences: both images hold the same files.')).toBeVisible();
});
