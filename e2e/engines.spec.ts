/** The Engines page and the window's engine switcher, against Berth's engine and a second dockerd the test starts. */
import { expect, test } from '@playwright/test';
import { dockerCli, e2e } from './fixtures/berth.js';
import { BUSYBOX_IMAGE, importBusybox } from './fixtures/images.js';
import { startSecondEngine, type SecondEngine } from './fixtures/second-engine.js';

let second: SecondEngine;
test.beforeAll(async () => {
  second = await startSecondEngine();
  await importBusybox(second.dockerHost);
  await dockerCli(['create', '--name', 'e2e-on-second', '--network', 'none', BUSYBOX_IMAGE, 'sleep', '60'], second.dockerHost);
});
test.afterAll(async () => {
  await second?.stop();
});

test('adds a second engine, switches this tab to it and sees its containers; another tab stays on Berth’s', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto(`${e2e.url}#/engines`);
  await page.getByRole('button', { name: 'Add engine…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an engine' });
  const address = dialog.getByRole('textbox', { name: 'Address' });
  await address.fill('tcp://127.0.0.1:1');
  await dialog.getByRole('button', { name: 'Add engine' }).click();
  await expect(dialog.getByRole('alert')).toContainText('connection refused');
  await address.fill(second.dockerHost);
  await dialog.getByRole('textbox', { name: 'Name' }).fill('second');
  await dialog.getByRole('button', { name: 'Add engine' }).click();
  await expect(dialog).toHaveCount(0);
  const table = page.getByRole('table', { name: 'Engines' });
  const row = table.getByRole('row', { name: /second/ });
  await expect(row).toContainText('up');
  await expect(row).toContainText('1 container (0 running)');
  await page.screenshot({ path: 'test-results/engines-light.png', fullPage: true });
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
  await page.screenshot({ path: 'test-results/engines-dark.png', fullPage: true });
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();

  const switcher = page.getByRole('combobox', { name: 'Engine' });
  await switcher.selectOption({ label: 'second' });
  await expect(page.getByRole('note')).toContainText('still show Berth');
  await page.goto(`${e2e.url}#/containers`);
  await expect(page.getByRole('row', { name: /e2e-on-second/ })).toBeVisible();
  await expect(switcher).toHaveValue(/^e-/);

  // A container's page follows the switch: on Berth's engine this container is not there; back on the second, it is.
  await page.goto(`${e2e.url}#/containers/e2e-on-second`);
  const title = page.getByRole('heading', { name: 'e2e-on-second', level: 1 });
  await expect(title).toBeVisible();
  await switcher.selectOption({ label: "Berth's engine" });
  await expect(page.getByRole('heading', { name: 'This container is not there' })).toBeVisible();
  await switcher.selectOption({ label: 'second' });
  await expect(title).toBeVisible();
  await expect(page.getByText('This container was removed.')).toHaveCount(0);

  // Another tab starts on Berth's own engine, and its list does not have the second engine's container.
  const other = await context.newPage();
  await other.goto(`${e2e.url}#/containers`);
  await expect(other.getByRole('combobox', { name: 'Engine' })).toHaveValue('berth');
  await expect(other.getByRole('heading', { name: 'Containers', level: 1 })).toBeVisible();
  await expect(other.getByRole('row', { name: /e2e-on-second/ })).toHaveCount(0);
  await other.close();

  await page.goto(`${e2e.url}#/engines`);
  await switcher.selectOption({ label: "Berth's engine" });
  await page.getByRole('button', { name: 'Remove second' }).click();
  await page.getByRole('dialog', { name: 'Remove second?' }).getByRole('button', { name: 'Remove' }).click();
  await expect(table.getByRole('row', { name: /second/ })).toHaveCount(0);
});
