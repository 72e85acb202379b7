/** The Volumes view against the real engine. */
import { expect, test } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';
import { rowAction, rowMenuItem } from './fixtures/row-menu.js';

test('creates, sizes and removes volumes; an in-use volume cannot be removed', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'vol-user', '-v', 'vol-busy:/data', BUSYBOX_IMAGE, 'sh', '-c', 'head -c 300000 /dev/zero > /data/blob; sleep 600']);
  await page.goto(`${e2e.url}#/volumes`);
  const table = page.getByRole('table', { name: 'Volumes' });
  const busy = table.getByRole('row', { name: /vol-busy/ });
  await expect(busy).toContainText('vol-user');
  await expect(await rowMenuItem(page, 'vol-busy', 'Remove volume vol-busy')).toBeDisabled();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Create…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a volume' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('vol-new');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(table.getByRole('row', { name: /vol-new/ })).toContainText('unused');

  await page.getByRole('button', { name: 'Show sizes' }).click();
  await expect(busy).toContainText(/29\d\.\d KiB/);

  await rowAction(page, 'vol-new', 'Remove volume vol-new');
  await page.getByRole('dialog', { name: 'Remove vol-new?' }).getByRole('button', { name: 'Remove' }).click();
  await expect(table.getByRole('row', { name: /vol-new/ })).toHaveCount(0);
  expect((await dockerCli(['volume', 'ls', '-q'])).split('\n')).not.toContain('vol-new');
});

test('a volume created from the docker CLI appears by itself', async ({ page }) => {
  await page.goto(`${e2e.url}#/volumes`);
  await expect(page.getByRole('heading', { name: 'Volumes', level: 1, exact: true })).toBeVisible();
  await dockerCli(['volume', 'create', 'vol-from-cli']);
  await expect(page.getByRole('row', { name: /vol-from-cli/ })).toBeVisible();
});

test('browses a volume read-only, folder by folder', async ({ page }) => {
  await dockerCli([
    'run',
    '--rm',
    '-v',
    'vol-browse:/data',
    BUSYBOX_IMAGE,
    'sh',
    '-c',
    'mkdir -p /data/conf && echo x > /data/conf/app.ini && echo hello > /data/readme.txt',
  ]);
  await page.goto(`${e2e.url}#/volumes`);
  await page.getByRole('button', { name: 'Browse volume vol-browse' }).click();
  const dialog = page.getByRole('dialog', { name: 'Files in vol-browse' });
  const list = dialog.getByRole('list', { name: 'Contents of /' });
  await expect(list).toContainText('readme.txt');
  await expect(list).toContainText('6 B');
  await dialog.getByRole('button', { name: 'Open folder conf' }).click();
  await expect(dialog.getByRole('list', { name: 'Contents of /conf' })).toContainText('app.ini');
  await dialog.getByRole('button', { name: 'root' }).click();
  await expect(dialog.getByRole('list', { name: 'Contents of /' })).toBeVisible();
  // The helper container never shows among the user's containers.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers' }).click();
  await expect(page.getByRole('row', { name: /browse/ })).toHaveCount(0);
});

test('"Remove unused" names every volume that goes, by Compose project, and removes nothing until confirmed', async ({ page }) => {
  await dockerCli(['volume', 'create', 'vol-loose']);
  await dockerCli(['volume', 'create', '--label', 'com.docker.compose.project=vol-shop', 'vol-shop_data']);
  await dockerCli(['run', '-d', '--name', 'vol-keeper', '-v', 'vol-kept:/data', BUSYBOX_IMAGE, 'sleep', '600']);
  const listed = async () => (await dockerCli(['volume', 'ls', '-q'])).split('\n');
  try {
    await page.goto(`${e2e.url}#/volumes`);
    await expect(page.getByRole('row', { name: /vol-shop_data/ })).toBeVisible();
    await page.getByRole('button', { name: 'Remove unused…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Remove \d+ unused volumes?\?$/ });
    const list = dialog.getByRole('list', { name: 'The volumes removed' });
    await expect(list.getByRole('list', { name: 'Compose project vol-shop' })).toHaveText('vol-shop_data');
    await expect(list.getByRole('list', { name: 'Not in a Compose project' })).toContainText('vol-loose');
    await expect(list).not.toContainText('vol-kept');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await listed()).toEqual(expect.arrayContaining(['vol-loose', 'vol-shop_data']));
    await page.getByRole('button', { name: 'Remove unused…' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Removed \d+ unused volumes?\.$/ })).toBeVisible();
    const after = await listed();
    expect(after).not.toContain('vol-loose');
    expect(after).not.toContain('vol-shop_data');
    expect(after).toContain('vol-kept');
  } finally {
    await dockerCli(['rm', '-f', 'vol-keeper']);
  }
});
