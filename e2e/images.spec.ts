/** The Images view (first part) against the real engine. */
import { expect, test } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';
import { startRegistry } from './fixtures/registry.js';

test('shows history, tags, and removes one name of an image, keeping the image', async ({ page }) => {
  await page.goto(`${e2e.url}#/images`);
  await page.getByRole('button', { name: `History of ${BUSYBOX_IMAGE}` }).click();
  const history = page.getByRole('dialog', { name: `History of ${BUSYBOX_IMAGE}` });
  await expect(history.getByRole('table', { name: 'Image history' })).toContainText('Imported from -');
  await history.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: `Inspect ${BUSYBOX_IMAGE}` }).click();
  const inspect = page.getByRole('dialog', { name: `Inspect ${BUSYBOX_IMAGE}` });
  await expect(inspect.getByLabel('Essentials')).toContainText('linux/amd64');
  await expect(inspect.getByLabel('Essentials')).toContainText('["sh"]');
  await expect(inspect.getByRole('group', { name: 'docker image inspect' })).toContainText('RepoTags');
  await inspect.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: `Tag ${BUSYBOX_IMAGE}` }).click();
  const tag = page.getByRole('dialog', { name: `Tag ${BUSYBOX_IMAGE}` });
  await tag.getByRole('textbox', { name: 'New name' }).fill('Bad Name');
  await expect(tag.getByRole('button', { name: 'Tag' })).toBeDisabled();
  await tag.getByRole('textbox', { name: 'New name' }).fill('ui-images/copy:v2');
  await tag.getByRole('button', { name: 'Tag' }).click();
  // The new name appears by itself (image events).
  await expect(page.getByRole('row', { name: /ui-images\/copy:v2/ })).toBeVisible();

  await page.getByRole('button', { name: 'Remove ui-images/copy:v2' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove ui-images/copy:v2?' });
  await expect(remove).toContainText(`Only this name goes: the image stays under ${BUSYBOX_IMAGE}.`);
  await remove.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('row', { name: /ui-images\/copy:v2/ })).toHaveCount(0);
  // Only that name went: the image itself stays under its other name.
  expect(await dockerCli(['images', '-q', BUSYBOX_IMAGE])).not.toBe('');
});

test('names the containers of an image before removing its last name, and refuses while one runs', async ({ page }) => {
  await dockerCli(['tag', BUSYBOX_IMAGE, 'ui-images/solo:v1']);
  await dockerCli(['commit', '-c', 'LABEL solo=1', await dockerCli(['create', BUSYBOX_IMAGE, 'true']), 'ui-images/solo:v1']);
  await dockerCli(['run', '-d', '--name', 'ui-solo-runner', 'ui-images/solo:v1', 'sleep', '600']);
  await page.goto(`${e2e.url}#/images`);
  await page.getByRole('button', { name: 'Remove ui-images/solo:v1' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove ui-images/solo:v1?' });
  await expect(remove).toContainText('Running containers use it: ui-solo-runner. Stop and remove them first.');
  await expect(remove.getByRole('button', { name: 'Remove' })).toBeDisabled();
  await remove.getByRole('button', { name: 'Cancel' }).click();
  expect(await dockerCli(['images', '-q', 'ui-images/solo:v1'])).not.toBe('');
});

test('pushes to and pulls from a registry with progress per layer, refusing a bad reference first', async ({ page }) => {
  const registry = await startRegistry();
  try {
    const ref = `${registry.host}/ui/pulled:v1`;
    await dockerCli(['commit', '-c', 'LABEL ui=pulled', await dockerCli(['create', BUSYBOX_IMAGE, 'true']), ref]);
    await page.goto(`${e2e.url}#/images`);
    // Push it through the UI first.
    await page.getByRole('button', { name: `Push ${ref}` }).click();
    const push = page.getByRole('dialog', { name: `Push ${ref}` });
    await expect(push.getByText('Pushed.')).toBeVisible({ timeout: 30_000 });
    await expect(push.getByRole('progressbar', { name: 'Push progress: 100%' })).toBeVisible();
    await push.getByRole('button', { name: 'Close' }).click();
    await dockerCli(['rmi', ref]);
    await page.getByRole('button', { name: 'Pull…' }).click();
    const d = page.getByRole('dialog', { name: 'Pull an image' });
    const input = d.getByRole('textbox', { name: 'Image reference' });
    await input.fill('Not/Valid');
    await expect(d.getByRole('alert')).toContainText('must be lower-case');
    await expect(d.getByRole('button', { name: 'Pull' })).toBeDisabled();
    await input.fill(ref);
    await expect(d).toContainText(`Pulls ${ref}`);
    await d.getByRole('button', { name: 'Pull' }).click();
    await expect(d.getByRole('progressbar', { name: 'Pull progress: 100%' })).toBeVisible({ timeout: 30_000 });
    await expect(d.getByRole('list', { name: 'Layers' }).getByRole('progressbar').first()).toBeVisible();
    await expect(d.getByRole('status')).toContainText(`Downloaded newer image for ${ref}`);
    await d.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('row', { name: new RegExp(ref.replace(/[.]/g, '\\.')) })).toBeVisible();
  } finally {
    await registry.stop();
  }
});
