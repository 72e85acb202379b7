/** Copying an image from Berth's engine to a second dockerd the test starts, from the image row's menu. */
import { expect, test } from '@playwright/test';
import { dockerCli, e2e, runBerth } from './fixtures/berth.js';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { rowMenuItem } from './fixtures/row-menu.js';
import { startSecondEngine, type SecondEngine } from './fixtures/second-engine.js';

let second: SecondEngine;
test.beforeAll(async () => {
  second = await startSecondEngine();
});
test.afterAll(async () => {
  await runBerth(e2e.home, ['engines', 'rm', 'copy-target', '--yes']);
  await second?.stop();
});

test('copies an image to another engine from its row menu, with progress and a last word', async ({ page }) => {
  test.setTimeout(120_000);
  const menuName = `Copy ${BUSYBOX_IMAGE} to another engine`;
  await page.goto(`${e2e.url}#/images`);
  // Only Berth's engine in the list: the item says why it is off.
  const off = await rowMenuItem(page, BUSYBOX_IMAGE, menuName);
  await expect(off).toHaveAttribute('aria-disabled', 'true');
  await expect(off).toHaveAttribute('title', 'Add another engine on the Engines page to copy images to it');
  await page.keyboard.press('Escape');

  // The engine added from the command line, as a user would.
  const added = await runBerth(e2e.home, ['engines', 'add', 'copy-target', second.dockerHost]);
  expect(added.code, added.stderr).toBe(0);
  await page.reload();
  const item = await rowMenuItem(page, BUSYBOX_IMAGE, menuName);
  await expect(item).not.toHaveAttribute('aria-disabled', 'true');
  await item.click();
  const dialog = page.getByRole('dialog', { name: `Copy ${BUSYBOX_IMAGE} to another engine` });
  await expect(dialog.getByRole('radio', { name: /copy-target/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Copy to copy-target' }).click();
  await expect(dialog.getByRole('status')).toHaveText(/^Copied berth-test\/busybox:latest to "copy-target" \([0-9a-f]{12}, [\d.]+ [KM]iB\)\.$/);
  await expect(dialog.getByRole('progressbar', { name: 'Copy progress: 100%' })).toBeVisible();
  expect(await dockerCli(['image', 'inspect', '-f', '{{.Id}}', BUSYBOX_IMAGE], second.dockerHost)).toBe(
    await dockerCli(['image', 'inspect', '-f', '{{.Id}}', BUSYBOX_IMAGE]),
  );
  // The dialog in both themes (the page behind a modal is inert, so the theme is set on the page directly).
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await page.screenshot({ path: `test-results/engine-copy-${theme}.png`, animations: 'disabled' });
  }
  await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));

  // "Run this image there": the window switches to the target and the Run dialog opens for the image.
  await dialog.getByRole('button', { name: 'Run on copy-target…' }).click();
  await expect(dialog).toHaveCount(0);
  const run = page.getByRole('dialog', { name: 'Run a container' });
  await expect(run.getByRole('note')).toHaveText('Runs on copy-target, this window’s engine.');
  await expect(page.getByRole('combobox', { name: 'Engine', exact: true })).toHaveValue(/^e-/);
  await expect(run.getByRole('combobox', { name: 'Image' })).toHaveValue(BUSYBOX_IMAGE);
  await run.getByRole('textbox', { name: 'Name', exact: true }).fill('ran-there');
  await run.getByRole('textbox', { name: 'Command' }).fill('sleep 60');
  // The target has no bridge network (it is started without one).
  await run.getByRole('combobox', { name: 'Network' }).selectOption('none');
  await run.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'ran-there', level: 1 })).toBeVisible();
  expect(await dockerCli(['inspect', '-f', '{{.State.Running}}', 'ran-there'], second.dockerHost)).toBe('true');
  await expect(dockerCli(['inspect', 'ran-there'])).rejects.toThrow();
  await page.getByRole('combobox', { name: 'Engine', exact: true }).selectOption({ label: "Berth's engine" });
});
