/** Pulls outlive their dialogs: closing the dialog or leaving the page leaves them running, shown by the sidebar's Transfers. */
import { expect, test, type Page } from '@playwright/test';
import { dockerCli, e2e } from './fixtures/berth.js';
import { pushRandomLayerImage, startRegistry, type Registry } from './fixtures/registry.js';
import { startSlowProxy, type Proxy } from './fixtures/proxy.js';

const LAYER_BYTES = 12_000_000;

/** An image with one layer of LAYER_BYTES random bytes in the registry (not in the engine), and a proxy to it at 2 MB/s. */
async function slowImage(registry: Registry, name: string): Promise<{ ref: string; proxy: Proxy }> {
  const direct = `${registry.host}/ui/${name}:v1`;
  await pushRandomLayerImage(direct, LAYER_BYTES);
  const proxy = await startSlowProxy(registry.host, 2_000_000);
  return { ref: `${proxy.host}/ui/${name}:v1`, proxy };
}

/** Start pulling `ref` from the Images page, wait until its layer downloads, and close the dialog (its Close button, or Escape). */
async function startPullAndClose(page: Page, ref: string, close: 'button' | 'escape' = 'button'): Promise<void> {
  await page.goto(`${e2e.url}#/images`);
  await page.getByRole('button', { name: 'Pull…' }).click();
  const d = page.getByRole('dialog', { name: 'Pull an image' });
  await d.getByRole('textbox', { name: 'Image reference' }).fill(ref);
  await d.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(d.getByRole('progressbar', { name: /: downloading$/ }).first()).toBeVisible({ timeout: 30_000 });
  await expect(d).toContainText('Closing this leaves the pull running');
  if (close === 'button') await d.getByRole('button', { name: 'Close' }).click();
  else await page.keyboard.press('Escape');
  await expect(d).toHaveCount(0);
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a pull goes on after its dialog closes and the page changes; Transfers shows it, reopens it, and says when it is done', async ({ page }) => {
  test.setTimeout(120_000);
  const registry = await startRegistry();
  let proxy: Proxy | undefined;
  try {
    const slow = await slowImage(registry, 'background');
    proxy = slow.proxy;
    const ref = slow.ref;
    await startPullAndClose(page, ref);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Volumes/ })
      .click();
    await expect(page.getByRole('heading', { name: 'Volumes', level: 1 })).toBeVisible();

    const transfers = page.getByRole('region', { name: 'Transfers' });
    await expect(transfers.getByRole('progressbar', { name: new RegExp(`^Pull of ${escaped(ref)}: \\d+%$`) })).toBeVisible();
    await expect(transfers.getByRole('button', { name: `Cancel pull of ${ref}` })).toBeVisible();

    // Reopening it shows the same pull, live, rather than starting another.
    await transfers.getByRole('button', { name: `Show the pull of ${ref}` }).click();
    const d = page.getByRole('dialog', { name: 'Pull an image' });
    await expect(d.getByRole('textbox', { name: 'Image reference' })).toHaveValue(ref);
    await expect(d.getByRole('progressbar', { name: /^Pull progress: \d+%$/ })).toBeVisible();
    await expect(d.getByRole('button', { name: 'Pull', exact: true })).toBeDisabled();
    await expect(d.getByRole('button', { name: 'Cancel pull' })).toBeVisible();
    await d.getByRole('button', { name: 'Close' }).click();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Containers/ })
      .click();

    // It ends while the user is elsewhere: the indicator says so until dismissed.
    await expect(transfers.getByRole('status', { name: `Pull of ${ref}` })).toHaveText(`Pulled ${ref}.`, { timeout: 60_000 });
    expect(await dockerCli(['images', '-q', ref])).not.toBe('');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Images/ })
      .click();
    await expect(page.getByRole('row', { name: new RegExp(escaped(ref)) })).toBeVisible();
    await transfers.getByRole('button', { name: `Dismiss pull of ${ref}` }).click();
    await expect(transfers).toHaveCount(0);
  } finally {
    await proxy?.cut();
    await registry.stop();
  }
});

test('Cancel in Transfers stops the pull: the download stops and nothing is tagged', async ({ page }) => {
  test.setTimeout(120_000);
  const registry = await startRegistry();
  let slowProxy: Proxy | undefined;
  try {
    const { ref, proxy } = await slowImage(registry, 'cancelled');
    slowProxy = proxy;
    await startPullAndClose(page, ref, 'escape');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Engine', exact: true }).click();
    const transfers = page.getByRole('region', { name: 'Transfers' });
    await transfers.getByRole('button', { name: `Cancel pull of ${ref}` }).click();
    await expect(transfers.getByRole('status', { name: `Pull of ${ref}` })).toHaveText('Pull cancelled; nothing was changed.');
    // The engine stopped downloading: the proxy's byte count settles well short of the layer.
    let last = -1;
    await expect
      .poll(
        async () => {
          const before = proxy.sent();
          await new Promise((r) => setTimeout(r, 1_000));
          const settled = before === last && proxy.sent() === before;
          last = proxy.sent();
          return settled;
        },
        { timeout: 30_000, intervals: [0] },
      )
      .toBe(true);
    expect(proxy.sent()).toBeLessThan(LAYER_BYTES);
    expect(await dockerCli(['images', '-q', ref])).toBe('');
  } finally {
    await slowProxy?.cut();
    await registry.stop();
  }
});
