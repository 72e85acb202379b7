/** Registries through the UI: real loopback registries (one with htpasswd basic auth), the real engine, the sealed store on disk. */
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';
import { startRegistry } from './fixtures/registry.js';
import { rowAction } from './fixtures/row-menu.js';

const USER = 'alice';
const PASSWORD = 'e2e-Pa55word!';
const secretsFile = () => join(e2e.home, 'secrets', 'registries.enc');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const registryRow = (page: Page, host: string) => page.getByRole('table', { name: 'Registries' }).getByRole('row', { name: new RegExp(`^${escape(host)} `) });

/** A local image of its own (so removing it really removes it), named for the registry. */
async function localImage(ref: string, label: string): Promise<void> {
  await dockerCli(['commit', '-c', `LABEL e2e=${label}`, await dockerCli(['create', BUSYBOX_IMAGE, 'true']), ref]);
}

test('logs in to a registry with basic auth, pushes, removes, pulls back, browses, logs out', async ({ page }) => {
  test.setTimeout(120_000);
  const registry = await startRegistry({ auth: { username: USER, password: PASSWORD } });
  try {
    const host = registry.host;
    const ref = `${host}/e2e/app:v1`;
    await localImage(ref, 'auth');
    await page.goto(`${e2e.url}#/registries`);
    await expect(registryRow(page, host)).toContainText('Not logged in');

    // A wrong password: the registry's refusal in the dialog, the fields kept, nothing stored.
    await page.getByRole('button', { name: 'Log in…', exact: true }).click();
    const login = page.getByRole('dialog', { name: 'Log in to a registry' });
    await login.getByRole('textbox', { name: 'Registry' }).fill(`http://${host}/`);
    await expect(login).toContainText(`Logs in to ${host}`);
    await login.getByRole('textbox', { name: 'User name' }).fill(USER);
    await login.getByLabel('Password or token').fill('wrong-password');
    await login.getByRole('button', { name: 'Log in' }).click();
    await expect(login.getByRole('alert')).toHaveText(`${host} refused the user ${USER}: wrong user name or password.`);
    await expect(login.getByRole('textbox', { name: 'User name' })).toHaveValue(USER);
    await expect(login.getByRole('textbox', { name: 'Registry' })).toHaveValue(`http://${host}/`);
    await expect(registryRow(page, host)).toContainText('Not logged in');
    if (existsSync(secretsFile())) expect(readFileSync(secretsFile()).includes(Buffer.from('wrong-password'))).toBe(false);

    // The right password: logged in, stored sealed (0600, no plain text).
    await login.getByLabel('Password or token').fill(PASSWORD);
    await login.getByRole('button', { name: 'Log in' }).click();
    await expect(login).toHaveCount(0);
    await expect(registryRow(page, host)).toContainText('Logged in');
    await expect(registryRow(page, host)).toContainText(USER);
    expect(statSync(secretsFile()).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretsFile()).includes(Buffer.from(PASSWORD))).toBe(false);

    // Push it with the stored login, then remove it locally, all on the Images page.
    await page.goto(`${e2e.url}#/images`);
    await rowAction(page, ref, `Push ${ref}`);
    const push = page.getByRole('dialog', { name: `Push ${ref}` });
    await expect(push.getByText('Pushed.')).toBeVisible({ timeout: 30_000 });
    await push.getByRole('button', { name: 'Close' }).click();
    await rowAction(page, ref, `Remove ${ref}`);
    await page
      .getByRole('dialog', { name: `Remove ${ref}?` })
      .getByRole('button', { name: 'Remove' })
      .click();
    await expect(page.getByRole('row', { name: new RegExp(escape(ref)) })).toHaveCount(0);

    // Find it in the registry's catalogue and pull it back from its tag.
    await page.goto(`${e2e.url}#/registries`);
    await page.getByRole('button', { name: `Browse ${host}` }).click();
    const catalog = page.getByRole('region', { name: `Catalogue of ${host}` });
    await catalog
      .getByRole('list', { name: `Repositories of ${host}` })
      .getByRole('button', { name: 'e2e/app' })
      .click();
    await catalog
      .getByRole('list', { name: 'Tags of e2e/app' })
      .getByRole('button', { name: `Pull ${ref}` })
      .click();
    const pull = page.getByRole('dialog', { name: 'Pull an image' });
    await expect(pull.getByRole('textbox', { name: 'Image reference' })).toHaveValue(ref);
    await pull.getByRole('button', { name: 'Pull' }).click();
    await expect(pull.getByRole('progressbar', { name: 'Pull progress: 100%' })).toBeVisible({ timeout: 30_000 });
    await expect(pull.getByRole('status')).toContainText(`Downloaded newer image for ${ref}`);
    await pull.getByRole('button', { name: 'Close' }).click();
    expect(await dockerCli(['images', '-q', ref])).not.toBe('');

    // Log out: shown logged out, and a pull now asks for a login.
    await page.getByRole('button', { name: `Log out of ${host}` }).click();
    await expect(registryRow(page, host)).toContainText('Not logged in');
    await expect(page.getByRole('button', { name: `Log in to ${host}` })).toBeVisible();
    await dockerCli(['rmi', ref]);
    await page.goto(`${e2e.url}#/images`);
    await page.getByRole('button', { name: 'Pull…' }).click();
    const again = page.getByRole('dialog', { name: 'Pull an image' });
    await again.getByRole('textbox', { name: 'Image reference' }).fill(ref);
    await again.getByRole('button', { name: 'Pull' }).click();
    await expect(again.getByRole('alert')).toHaveText(`${host} requires you to log in: open Registries and log in to ${host}.`);
  } finally {
    await registry.stop();
  }
});

test('browses an open registry’s catalogue and filters it', async ({ page }) => {
  const registry = await startRegistry();
  try {
    const host = registry.host;
    for (const repo of ['shop/cart', 'shop/web', 'tools/lint']) {
      await dockerCli(['tag', BUSYBOX_IMAGE, `${host}/${repo}:1.0`]);
      await dockerCli(['push', `${host}/${repo}:1.0`]);
    }
    await page.goto(`${e2e.url}#/registries`);
    await expect(registryRow(page, host)).toContainText('Not logged in');
    await page.getByRole('button', { name: `Browse ${host}` }).click();
    const repos = page.getByRole('list', { name: `Repositories of ${host}` });
    await expect(repos.getByRole('button')).toHaveText(['shop/cart', 'shop/web', 'tools/lint']);
    await page.getByRole('searchbox', { name: 'Filter repositories' }).fill('shop');
    await expect(repos.getByRole('button')).toHaveText(['shop/cart', 'shop/web']);
    await expect(page.getByText('2 of 3 repositories match')).toBeVisible();
    await repos.getByRole('button', { name: 'shop/web' }).click();
    await expect(page.getByRole('list', { name: 'Tags of shop/web' }).getByRole('button', { name: `Pull ${host}/shop/web:1.0` })).toBeVisible();
    for (const repo of ['shop/cart', 'shop/web', 'tools/lint']) await dockerCli(['rmi', `${host}/${repo}:1.0`]);
  } finally {
    await registry.stop();
  }
});
