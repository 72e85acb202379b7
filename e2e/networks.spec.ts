/** The Networks view against the real engine, and the Run dialog's network picker. */
import { expect, test, type Page } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';
import { rowAction, rowMenuItem } from './fixtures/row-menu.js';

// A /24 of its own, unlikely to meet another engine's on this host.
const third = `${10 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}`;
const networkNames = async () => (await dockerCli(['network', 'ls', '--format', '{{.Name}}'])).split('\n');
const openNetworks = async (page: Page) => {
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Networks' }).click();
  await expect(page.getByRole('heading', { name: 'Networks', level: 1 })).toBeVisible();
};

test('a network created by the docker CLI appears by itself, with its Compose project', async ({ page }) => {
  await openNetworks(page);
  await expect(page.getByRole('row', { name: /bridge/ }).first()).toBeVisible();
  await dockerCli(['network', 'create', '--label', 'com.docker.compose.project=shop', 'net-cli']);
  const row = page.getByRole('table', { name: 'Networks' }).getByRole('row', { name: /net-cli/ });
  await expect(row).toContainText('compose: shop');
  await dockerCli(['network', 'rm', 'net-cli']);
  await expect(row).toHaveCount(0);
});

test('creates a network (a bad subnet gets a sentence), connects and disconnects a container, and removes it after asking', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'net-ui-box', BUSYBOX_IMAGE, 'sleep', '600']);
  try {
    await openNetworks(page);
    await page.getByRole('button', { name: 'Create…' }).click();
    const create = page.getByRole('dialog', { name: 'Create a network' });
    await create.getByRole('textbox', { name: 'Name' }).fill('net-ui');
    await create.getByRole('textbox', { name: 'Subnet' }).fill(`10.${third}.0/33`);
    await create.getByRole('button', { name: 'Create' }).click();
    await expect(create.getByRole('alert')).toHaveText('"/33" is not a prefix length for IPv4: use a whole number from 0 to 32.');
    await expect(create.getByRole('textbox', { name: 'Subnet' })).toHaveAttribute('aria-invalid', 'true');
    await create.getByRole('textbox', { name: 'Subnet' }).fill(`10.${third}.0/24`);
    await create.getByRole('textbox', { name: 'Gateway' }).fill(`10.${third}.254`);
    await create.getByRole('checkbox', { name: /Internal/ }).check();
    await create.getByRole('button', { name: 'Create' }).click();
    await expect(create).toBeHidden();
    const row = page.getByRole('table', { name: 'Networks' }).getByRole('row', { name: /^net-ui / });
    await expect(row).toContainText(`10.${third}.0/24`);
    await expect(row).toContainText('internal');
    expect(JSON.parse(await dockerCli(['network', 'inspect', '-f', '{{json .IPAM.Config}}', 'net-ui']))).toEqual([
      { Subnet: `10.${third}.0/24`, Gateway: `10.${third}.254` },
    ]);

    // Connect a container with an alias, from the network's panel.
    await page.getByRole('button', { name: 'Open network net-ui' }).click();
    const panel = page.getByRole('dialog', { name: 'Network net-ui' });
    await panel.getByRole('combobox', { name: 'Container' }).selectOption('net-ui-box');
    await panel.getByRole('textbox', { name: 'Aliases' }).fill('db');
    await panel.getByRole('button', { name: 'Connect' }).click();
    const attached = panel.getByRole('table', { name: 'Containers on net-ui' }).getByRole('row', { name: /net-ui-box/ });
    await expect(attached).toContainText(new RegExp(`10\\.${third.replace('.', '\\.')}\\.\\d+/24`));
    await expect(attached).toContainText('db');
    const onNetwork = async () =>
      Object.keys(JSON.parse(await dockerCli(['inspect', '-f', '{{json .NetworkSettings.Networks}}', 'net-ui-box'])) as object).sort();
    expect(await onNetwork()).toEqual(['bridge', 'net-ui']);
    // In use: its remove button says why it is disabled.
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect(await rowMenuItem(page, 'net-ui', 'Remove network net-ui')).toBeDisabled();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Open network net-ui' }).click();
    await panel.getByRole('button', { name: 'Disconnect net-ui-box from net-ui' }).click();
    await expect(panel.getByText('No container is attached.')).toBeVisible();
    expect(await onNetwork()).toEqual(['bridge']);
    await panel.getByRole('button', { name: 'Close' }).click();

    await rowAction(page, 'net-ui', 'Remove network net-ui');
    const confirm = page.getByRole('dialog', { name: 'Remove net-ui?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await networkNames()).toContain('net-ui');
    await rowAction(page, 'net-ui', 'Remove network net-ui');
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect(row).toHaveCount(0);
    expect(await networkNames()).not.toContain('net-ui');
  } finally {
    await dockerCli(['rm', '-f', 'net-ui-box']);
  }
});

test('"Prune unused" names the networks that go, by Compose project, and removes nothing until confirmed', async ({ page }) => {
  await dockerCli(['network', 'create', 'net-loose']);
  await dockerCli(['network', 'create', '--label', 'com.docker.compose.project=net-shop', 'net-shop_default']);
  await dockerCli(['network', 'create', 'net-kept']);
  await dockerCli(['run', '-d', '--name', 'net-keeper', '--network', 'net-kept', BUSYBOX_IMAGE, 'sleep', '600']);
  try {
    await openNetworks(page);
    await expect(page.getByRole('row', { name: /net-shop_default/ })).toBeVisible();
    await page.getByRole('button', { name: 'Prune unused…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Remove \d+ unused networks?\?$/ });
    const list = dialog.getByRole('list', { name: 'The networks removed' });
    await expect(list.getByRole('list', { name: 'Compose project net-shop' })).toHaveText('net-shop_default');
    await expect(list.getByRole('list', { name: 'Not in a Compose project' })).toContainText('net-loose');
    await expect(list).not.toContainText('net-kept');
    await expect(list).not.toContainText('bridge');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await networkNames()).toEqual(expect.arrayContaining(['net-loose', 'net-shop_default']));
    await page.getByRole('button', { name: 'Prune unused…' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Removed \d+ unused networks?: .*net-loose/ })).toBeVisible();
    const after = await networkNames();
    expect(after).not.toContain('net-loose');
    expect(after).not.toContain('net-shop_default');
    expect(after).toEqual(expect.arrayContaining(['net-kept', 'bridge', 'host', 'none']));
  } finally {
    await dockerCli(['rm', '-f', 'net-keeper']);
    await dockerCli(['network', 'rm', 'net-kept']);
  }
});

test('the Run dialog runs a container on the network chosen', async ({ page }) => {
  await dockerCli(['network', 'create', 'net-run-ui']);
  try {
    await page.goto(`${e2e.url}#/containers`);
    await page.getByRole('button', { name: 'Run…' }).click();
    const d = page.getByRole('dialog', { name: 'Run a container' });
    await d.getByRole('combobox', { name: 'Image' }).fill(BUSYBOX_IMAGE);
    await d.getByRole('textbox', { name: 'Name' }).fill('net-run-box');
    await d.getByRole('textbox', { name: 'Command' }).fill('sleep 600');
    const picker = d.getByRole('combobox', { name: 'Network' });
    await expect(picker).toHaveValue('');
    await expect(picker.getByRole('option')).toHaveText(['bridge (default)', 'net-run-ui', 'host', 'none']);
    await picker.selectOption('net-run-ui');
    await d.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'net-run-box', level: 1 })).toBeVisible();
    expect(await dockerCli(['inspect', '-f', '{{.HostConfig.NetworkMode}}', 'net-run-box'])).toBe('net-run-ui');
    expect(Object.keys(JSON.parse(await dockerCli(['inspect', '-f', '{{json .NetworkSettings.Networks}}', 'net-run-box'])) as object)).toEqual(['net-run-ui']);
  } finally {
    await dockerCli(['rm', '-f', 'net-run-box']).catch(() => undefined);
    await dockerCli(['network', 'rm', 'net-run-ui']);
  }
});
