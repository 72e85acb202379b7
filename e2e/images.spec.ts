/** The Images view (first part) against the real engine. */
import { expect, test } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';
import { pushRandomLayerImage, randomLayerImage, startRegistry } from './fixtures/registry.js';
import { startSlowProxy } from './fixtures/proxy.js';
import { rowAction } from './fixtures/row-menu.js';

test('shows history, tags, and removes one name of an image, keeping the image', async ({ page }) => {
  await page.goto(`${e2e.url}#/images`);
  await rowAction(page, BUSYBOX_IMAGE, `History of ${BUSYBOX_IMAGE}`);
  const history = page.getByRole('dialog', { name: `History of ${BUSYBOX_IMAGE}` });
  await expect(history.getByRole('table', { name: 'Image history' })).toContainText('Imported from -');
  await history.getByRole('button', { name: 'Close' }).click();

  await rowAction(page, BUSYBOX_IMAGE, `Inspect ${BUSYBOX_IMAGE}`);
  const inspect = page.getByRole('dialog', { name: `Inspect ${BUSYBOX_IMAGE}` });
  await expect(inspect.getByLabel('Essentials')).toContainText('linux/amd64');
  await expect(inspect.getByLabel('Essentials')).toContainText('["sh"]');
  await expect(inspect.getByRole('group', { name: 'docker image inspect' })).toContainText('RepoTags');
  await inspect.getByRole('button', { name: 'Close' }).click();

  await rowAction(page, BUSYBOX_IMAGE, `Tag ${BUSYBOX_IMAGE}`);
  const tag = page.getByRole('dialog', { name: `Tag ${BUSYBOX_IMAGE}` });
  await tag.getByRole('textbox', { name: 'New name' }).fill('Bad Name');
  await expect(tag.getByRole('button', { name: 'Tag' })).toBeDisabled();
  await tag.getByRole('textbox', { name: 'New name' }).fill('ui-images/copy:v2');
  await tag.getByRole('button', { name: 'Tag' }).click();
  // The new name appears by itself (image events).
  await expect(page.getByRole('row', { name: /ui-images\/copy:v2/ })).toBeVisible();

  await rowAction(page, 'ui-images/copy:v2', 'Remove ui-images/copy:v2');
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
  await rowAction(page, 'ui-images/solo:v1', 'Remove ui-images/solo:v1');
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
    await rowAction(page, ref, `Push ${ref}`);
    // It names its registry: no question, the push starts.
    const push = page.getByRole('dialog', { name: `Push ${ref}` });
    await expect(push).toBeVisible();
    await expect(page.getByRole('dialog', { name: 'Push to Docker Hub?' })).toHaveCount(0);
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

test('pushing a name with no registry host says it would go to Docker Hub, in full, and asks first; cancel pushes nothing', async ({ page }) => {
  await dockerCli(['tag', BUSYBOX_IMAGE, 'local/web:1']);
  await dockerCli(['tag', BUSYBOX_IMAGE, 'web:latest']);
  try {
    await page.goto(`${e2e.url}#/images`);
    for (const [name, destination] of [
      ['local/web:1', 'docker.io/local/web:1'],
      ['web:latest', 'docker.io/library/web:latest'],
    ] as const) {
      await rowAction(page, name, `Push ${name}`);
      const ask = page.getByRole('dialog', { name: 'Push to Docker Hub?' });
      await expect(ask).toContainText(`${name} names no registry, so it would be pushed to Docker Hub as ${destination}.`);
      await expect(ask.getByRole('button', { name: 'Push to Docker Hub' })).toBeVisible();
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await expect(ask).toHaveCount(0);
      // Nothing started: no push dialog, no progress.
      await expect(page.getByRole('dialog')).toHaveCount(0);
    }
  } finally {
    await dockerCli(['rmi', 'local/web:1', 'web:latest']);
  }
});

test('filters and searches images, names their containers, and prunes exactly the space it announced', async ({ page }) => {
  await dockerCli(['create', '--name', 'ui-keeper', BUSYBOX_IMAGE, 'true']);
  try {
    await randomLayerImage('ui-disk/app:1', 200_000);
    // The first ui-disk/app:2 becomes dangling when the name moves on.
    await randomLayerImage('ui-disk/app:2', 100_000);
    await randomLayerImage('ui-disk/app:2', 50_000);
    await page.goto(`${e2e.url}#/images`);
    const table = page.getByRole('table', { name: 'Images' });
    await expect(table.getByRole('row', { name: new RegExp(`^${BUSYBOX_IMAGE}.*ui-keeper`) })).toBeVisible();
    await expect(table.getByRole('row', { name: /^ui-disk\/app:1 .* unused/ })).toBeVisible();
    await expect(
      page
        .getByRole('definition')
        .filter({ hasText: /in \d+ images?/ })
        .first(),
    ).toBeVisible();

    const show = page.getByRole('group', { name: 'Show images' });
    await show.getByRole('button', { name: 'Dangling' }).click();
    await expect(table.getByRole('row', { name: /ui-disk/ })).toHaveCount(0);
    await expect(table.getByRole('row', { name: /dangling/ }).first()).toBeVisible();
    await show.getByRole('button', { name: 'In use' }).click();
    await expect(table.getByRole('row', { name: new RegExp(`^${BUSYBOX_IMAGE}`) })).toBeVisible();
    await expect(table.getByRole('row', { name: /ui-disk/ })).toHaveCount(0);
    await show.getByRole('button', { name: 'All' }).click();
    await page.getByRole('searchbox', { name: 'Search images' }).fill('ui-disk/');
    await expect(table.getByRole('row', { name: /ui-disk\/app/ })).toHaveCount(2);
    await expect(page.getByText('2 of ')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search images' }).fill('no-such-image');
    await page.getByRole('button', { name: 'Show all images' }).click();
    await expect(table.getByRole('row', { name: /ui-disk\/app:1/ })).toBeVisible();

    // Sorting by size puts the biggest first; again flips it.
    await page.getByRole('button', { name: 'Size' }).click();
    await expect(page.getByRole('columnheader', { name: 'Size' })).toHaveAttribute('aria-sort', 'descending');

    // Prune dangling, then every unused image: what is removed matches what the dialog announced.
    for (const choice of [/Dangling only/, /Every image no container uses/]) {
      await page.getByRole('button', { name: 'Remove unused…' }).click();
      const d = page.getByRole('dialog', { name: 'Remove unused images?' });
      const radio = d.getByRole('radio', { name: choice });
      await radio.check();
      await expect(d.locator('label').filter({ hasText: choice })).not.toContainText('counting');
      const announced = /— (\d+) images?, (.+)$/.exec((await d.locator('label').filter({ hasText: choice }).textContent()) ?? '');
      expect(announced).not.toBeNull();
      // The names of what goes come with the count.
      await expect(d).toContainText(`${announced![1]} image${announced![1] === '1' ? '' : 's'} will be removed:`);
      if (choice.source.startsWith('Every')) await expect(d.getByRole('list', { name: 'The images removed' })).toContainText('ui-disk/app:1');
      await d.getByRole('button', { name: 'Remove' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'reclaimed' })).toHaveText(
        `Removed ${announced![1]} image${announced![1] === '1' ? '' : 's'}; ${announced![2]} reclaimed.`,
      );
    }
    await expect(table.getByRole('row', { name: /ui-disk/ })).toHaveCount(0);
    expect(await dockerCli(['images', '-q', 'ui-disk/app'])).toBe('');
    // The image a container uses stays.
    expect(await dockerCli(['images', '-q', BUSYBOX_IMAGE])).not.toBe('');
  } finally {
    await dockerCli(['rm', '-f', 'ui-keeper']);
  }
});

test('a registry going down mid-pull gives a clear error, tags nothing and removes nothing', async ({ page }) => {
  // The engine retries a broken download a few times (about 50 s) before it gives up.
  test.setTimeout(150_000);
  const registry = await startRegistry();
  try {
    const direct = `${registry.host}/ui/outage:v1`;
    await pushRandomLayerImage(direct, 40_000_000);
    const before = (await dockerCli(['images', '-aq', '--no-trunc'])).split('\n').sort();

    // Pull through a slow proxy, and cut it while the big layer downloads.
    const proxy = await startSlowProxy(registry.host, 4_000_000);
    const ref = `${proxy.host}/ui/outage:v1`;
    await page.goto(`${e2e.url}#/images`);
    await page.getByRole('button', { name: 'Pull…' }).click();
    const d = page.getByRole('dialog', { name: 'Pull an image' });
    await d.getByRole('textbox', { name: 'Image reference' }).fill(ref);
    await d.getByRole('button', { name: 'Pull' }).click();
    await expect(d.getByRole('progressbar', { name: /: downloading$/ }).first()).toBeVisible({ timeout: 30_000 });
    await proxy.cut();
    // While the engine retries, the dialog says so.
    await expect(d.getByRole('status')).toContainText('the registry stopped answering; retrying in', { timeout: 30_000 });

    await expect(d.getByRole('alert')).toContainText(`Pulling ${ref} failed:`, { timeout: 120_000 });
    await expect(d.getByRole('alert')).toContainText(/connection refused|connection reset|EOF|unexpected/i);
    expect(await dockerCli(['images', '-q', ref])).toBe('');
    // Nothing that was there before went away.
    const after = (await dockerCli(['images', '-aq', '--no-trunc'])).split('\n');
    expect(before.filter((i) => !after.includes(i))).toEqual([]);
  } finally {
    await registry.stop();
  }
});
