/** Live resource use in the list and the Stats tab, against the real engine. */
import { expect, test } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

test('shows live CPU and memory in the list and charts in the Stats tab', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-spinner', BUSYBOX_IMAGE, 'sh', '-c', 'while true; do :; done']);
  await page.goto(`${e2e.url}#/containers`);
  const row = page.getByRole('row', { name: /ui-spinner/ });
  // A busy loop uses most of one CPU: at least 50% shows, whatever the machine.
  await expect(row.getByRole('cell').filter({ hasText: /^([5-9]\d|1\d\d)\.\d%$/ })).toBeVisible({ timeout: 15_000 });
  await expect(row.getByRole('cell').filter({ hasText: /KiB|MiB/ })).toBeVisible();
  await page.getByRole('link', { name: 'ui-spinner' }).click();
  await page.getByRole('tab', { name: 'Stats' }).click();
  await expect(page.getByRole('img', { name: /^CPU: ([5-9]\d|1\d\d)\.\d%$/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('img', { name: /^Memory/ })).toBeVisible();
  await dockerCli(['rm', '-f', 'ui-spinner']);
});
