/** The Dashboard against the real engine: disk figures as `docker system df` counts them, and a clean-up that names what it deletes. */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { BUSYBOX_IMAGE, importBusybox } from './fixtures/images.js';
import { startSecondEngine } from './fixtures/second-engine.js';
import { dockerCli, e2e } from './fixtures/berth.js';

/** The exact bytes of a kind's reclaimable figure (the <data> element carries them). */
const reclaimable = async (page: Page, kind: string) =>
  Number(
    await page
      .getByRole('table', { name: 'Disk use by kind' })
      .getByRole('row', { name: new RegExp(`^${kind}\\b`) })
      .locator('td.reclaimable data')
      .getAttribute('value'),
  );

test('shows disk figures, and cleans up the stopped containers it named', async ({ page }) => {
  // A stopped container with 3 MB in its writable layer, one that failed, and an unused volume holding 2 MB.
  await dockerCli(['run', '--name', 'dash-stopped', BUSYBOX_IMAGE, 'sh', '-c', 'head -c 3000000 /dev/urandom > /blob']);
  await dockerCli(['run', '--name', 'dash-failed', BUSYBOX_IMAGE, 'sh', '-c', 'exit 3']).catch(() => undefined);
  await dockerCli(['volume', 'create', 'dash-unused']);
  await dockerCli(['run', '--rm', '-v', 'dash-unused:/d', BUSYBOX_IMAGE, 'sh', '-c', 'head -c 2000000 /dev/urandom > /d/blob']);

  await page.goto(`${e2e.url}#/dashboard`);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  const engine = page.getByRole('region', { name: 'Engine' });
  await expect(engine).toContainText('running');
  await expect(engine).toContainText(/20\.10|2\d\.\d+/);

  const table = page.getByRole('table', { name: 'Disk use by kind' });
  for (const kind of ['Images', 'Containers', 'Volumes', 'Build cache'])
    await expect(table.getByRole('row', { name: new RegExp(`^${kind}\\b`) })).toBeVisible();
  const before = await reclaimable(page, 'Containers');
  expect(before).toBeGreaterThanOrEqual(3_000_000);
  expect(await reclaimable(page, 'Volumes')).toBeGreaterThanOrEqual(2_000_000);

  // The failed container is named, with its exit code, and links to its page.
  const attention = page.getByRole('list', { name: 'Containers needing attention' });
  const failed = attention.getByRole('listitem').filter({ hasText: 'dash-failed' });
  await expect(failed).toContainText('exit code 3');
  const id = await dockerCli(['inspect', '-f', '{{.Id}}', 'dash-failed']);
  await expect(failed.getByRole('link', { name: 'dash-failed' })).toHaveAttribute('href', `#/containers/${id}`);

  if (process.env.BERTH_SHOTS) {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: join(process.env.BERTH_SHOTS, 'dashboard-light.png'), fullPage: true, animations: 'disabled' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(process.env.BERTH_SHOTS, 'dashboard-dark.png'), fullPage: true, animations: 'disabled' });
    await page.emulateMedia({ colorScheme: 'light' });
  }

  await page.getByRole('button', { name: 'Clean up stopped containers…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Delete \d+ stopped containers?\?$/ });
  const listed = dialog.getByRole('list', { name: 'The stopped containers deleted' });
  await expect(listed.getByText('dash-stopped', { exact: true })).toBeVisible();
  await expect(listed.getByText('dash-failed', { exact: true })).toBeVisible();
  if (process.env.BERTH_SHOTS) await dialog.screenshot({ path: join(process.env.BERTH_SHOTS, 'dashboard-cleanup-light.png'), animations: 'disabled' });
  await dialog.getByRole('button', { name: 'Delete' }).click();

  await expect(page.getByRole('status').filter({ hasText: /^Removed \d+ stopped containers?, freeing about/ })).toBeVisible();
  await expect.poll(() => reclaimable(page, 'Containers')).toBeLessThanOrEqual(before - 3_000_000);
  expect(await dockerCli(['ps', '-a', '-q', '--filter', 'name=^dash-stopped$'])).toBe('');
  expect(await dockerCli(['ps', '-a', '-q', '--filter', 'name=^dash-failed$'])).toBe('');
  await expect(attention.getByRole('listitem').filter({ hasText: 'dash-failed' })).toHaveCount(0);
  // The volume was not part of this clean-up.
  expect((await dockerCli(['volume', 'ls', '-q'])).split('\n')).toContain('dash-unused');
  await dockerCli(['volume', 'rm', 'dash-unused']);
});

/** The text of one figure of the Engine card (the definition after its term). */
const figure = (page: Page, term: string) =>
  page
    .getByRole('region', { name: 'Engine' })
    .locator('dl.facts dt', { hasText: new RegExp(`^${term}$`) })
    .locator('+ dd');

test('shows the engine and its containers live, and a container that fails in the activity with its last line', async ({ page }) => {
  // A container that keeps doing a little work, so the containers' figures move.
  await dockerCli([
    'run',
    '-d',
    '--name',
    'dash-busy',
    BUSYBOX_IMAGE,
    'sh',
    '-c',
    'while :; do head -c 3000000 /dev/urandom | md5sum >/dev/null; sleep 0.3; done',
  ]);
  try {
    await page.goto(`${e2e.url}#/dashboard`);
    const units = /^\d+(\.\d)? (B|KiB|MiB|GiB)$/;
    await expect(figure(page, 'Engine CPU')).toHaveText(/^\d+(\.\d)? %$/);
    await expect(figure(page, 'Engine memory')).toHaveText(units);
    await expect(figure(page, 'Containers CPU')).toHaveText(/^\d+(\.\d)? % \(\d+ running\)$/);
    await expect(figure(page, 'Containers memory')).toHaveText(units);
    await expect(page.getByRole('region', { name: 'Engine' })).toContainText(/Measured on its process \S+ \(pid \d+\)/);
    // Live: the figures are sampled again and move.
    const all = async () => (await page.getByRole('region', { name: 'Engine' }).locator('dl.facts dd.usage-figure').allTextContents()).join(' | ');
    const first = await all();
    await expect.poll(all).not.toBe(first);

    // A container that fails while the Dashboard is shown: in the activity at once, and in the attention list with its last line.
    await dockerCli(['run', '--name', 'dash-crash', BUSYBOX_IMAGE, 'sh', '-c', 'echo starting; echo "fatal: cannot open /etc/app.conf" >&2; exit 2']).catch(
      () => undefined,
    );
    const id = await dockerCli(['inspect', '-f', '{{.Id}}', 'dash-crash']);
    const activity = page.getByRole('list', { name: 'Recent activity' });
    const row = activity.getByRole('listitem').filter({ hasText: 'dash-crash' });
    await expect(row).toContainText('exit code 2');
    const attention = page.getByRole('list', { name: 'Containers needing attention' }).getByRole('listitem').filter({ hasText: 'dash-crash' });
    await expect(attention.getByLabel('Last log lines of dash-crash')).toContainText('fatal: cannot open /etc/app.conf');
    await expect(attention.getByLabel('Last log lines of dash-crash')).toContainText('starting');

    if (process.env.BERTH_SHOTS) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: join(process.env.BERTH_SHOTS, `dashboard-live-${scheme}.png`), fullPage: true, animations: 'disabled' });
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }

    // The activity's link opens the container's page.
    await row.getByRole('link', { name: 'dash-crash' }).click();
    await expect(page).toHaveURL(new RegExp(`#/containers/${id}$`));
    await expect(page.getByRole('heading', { name: 'dash-crash', level: 1 })).toBeVisible();
  } finally {
    await dockerCli(['rm', '-f', 'dash-busy', 'dash-crash']).catch(() => undefined);
  }
});

/** Make the page hidden or shown as a minimised window or a background tab is (Chromium's headless page is always visible). */
async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

test('a failed pull shows in the activity with its sentence and opens the Images page; a hidden page samples nothing', async ({ page }, info) => {
  await page.goto(`${e2e.url}#/images`);
  // Nothing listens on loopback port 1: the pull fails at once, no registry needed.
  const ref = '127.0.0.1:1/dash/nowhere:1';
  await page.getByRole('button', { name: 'Pull…' }).click();
  const d = page.getByRole('dialog', { name: 'Pull an image' });
  await d.getByRole('textbox', { name: 'Image reference' }).fill(ref);
  await d.getByRole('button', { name: 'Pull' }).click();
  await expect(d.getByRole('alert')).toBeVisible({ timeout: 30_000 });
  const sentence = (await d.getByRole('alert').textContent())!;
  await page.keyboard.press('Escape');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const row = page.getByRole('list', { name: 'Recent activity' }).getByRole('listitem').filter({ hasText: ref });
  await expect(row).toContainText('failed');
  await expect(row).toContainText('connection refused');
  expect(sentence).toContain('connection refused');
  await page.screenshot({ path: info.outputPath('dashboard-failed-pull-light.png'), fullPage: true });
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.screenshot({ path: info.outputPath('dashboard-failed-pull-dark.png'), fullPage: true });
  await page.getByRole('button', { name: 'Switch to light theme' }).click();

  // Hidden: the engine's sample stream is closed, so its figures go blank and stay so; shown again, they come back.
  await expect(figure(page, 'Engine CPU')).toHaveText(/^\d+(\.\d)? %$/);
  await setVisibility(page, 'hidden');
  await expect(figure(page, 'Engine CPU')).toHaveText('—');
  await expect(figure(page, 'Engine memory')).toHaveText('—');
  await setVisibility(page, 'visible');
  await expect(figure(page, 'Engine memory')).toHaveText(/^\d+(\.\d)? (B|KiB|MiB|GiB)$/);

  await row.getByRole('link', { name: ref }).click();
  await expect(page).toHaveURL(/#\/images$/);
});

test('on a window switched to another engine, the disk figures and the activity are that engine’s and the engine process is not claimed', async ({
  page,
}, info) => {
  test.setTimeout(180_000);
  const second = await startSecondEngine();
  try {
    await importBusybox(second.dockerHost);
    await dockerCli(['create', '--name', 'dash-on-second', '--network', 'none', BUSYBOX_IMAGE, 'true'], second.dockerHost);
    await page.goto(`${e2e.url}#/engines`);
    await page.getByRole('button', { name: 'Add engine…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an engine' });
    await dialog.getByRole('textbox', { name: 'Address' }).fill(second.dockerHost);
    await dialog.getByRole('textbox', { name: 'Name' }).fill('dash-second');
    await dialog.getByRole('button', { name: 'Add engine' }).click();
    await expect(dialog).toHaveCount(0);
    const switcher = page.getByRole('combobox', { name: 'Engine' });
    await switcher.selectOption({ label: 'dash-second' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();

    const engine = page.getByRole('region', { name: 'Engine' });
    await expect(engine).toContainText('dash-second');
    await expect(engine).toContainText('not one Berth runs');
    await expect(figure(page, 'Engine CPU')).toHaveText('—');
    // The disk table counts the second engine's one container and one image, as its docker CLI does.
    const disk = page.getByRole('table', { name: 'Disk use by kind' });
    const count = (kind: RegExp) => disk.getByRole('row', { name: kind }).getByRole('cell').first();
    expect((await dockerCli(['ps', '-aq'], second.dockerHost)).split('\n').filter(Boolean)).toHaveLength(1);
    await expect(count(/^Containers\b/)).toHaveText(/^1 \(0 in use\)/);
    await expect(count(/^Images\b/)).toHaveText(/^1 \(1 in use\)/);
    // The recent activity is the second engine's: its exit shows, one on Berth's own engine at the same time does not.
    await dockerCli(['run', '--name', 'dash-exit-second', '--network', 'none', BUSYBOX_IMAGE, 'sh', '-c', 'exit 9'], second.dockerHost).catch(() => undefined);
    await dockerCli(['run', '--name', 'dash-exit-own', '--network', 'none', BUSYBOX_IMAGE, 'sh', '-c', 'exit 8']).catch(() => undefined);
    const activity = page.getByRole('list', { name: 'Recent activity' });
    await expect(activity.getByRole('listitem').filter({ hasText: 'dash-exit-second' })).toContainText('exit code 9');
    await expect(activity.getByRole('listitem').filter({ hasText: 'dash-exit-own' })).toHaveCount(0);
    await page.screenshot({ path: info.outputPath('dashboard-other-engine-light.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.screenshot({ path: info.outputPath('dashboard-other-engine-dark.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch to light theme' }).click();

    // Back on Berth's engine: its own process is measured again.
    await switcher.selectOption({ label: "Berth's engine" });
    await expect(page.getByRole('region', { name: 'Engine' })).toContainText(/Measured on its process \S+ \(pid \d+\)/);
    // And the activity follows the switch without leaving the page.
    await expect(activity.getByRole('listitem').filter({ hasText: 'dash-exit-own' })).toContainText('exit code 8');
    await expect(activity.getByRole('listitem').filter({ hasText: 'dash-exit-second' })).toHaveCount(0);
    // And the activity follows the switch without leaving the page.
    await expect(activity.getByRole('listitem').filter({ hasText: 'dash-exit-own' })).toContainText('exit code 8');
    await expect(activity.getByRole('listitem').filter({ hasText: 'dash-exit-second' })).toHaveCount(0);
    await page.goto(`${e2e.url}#/engines`);
    await page.getByRole('button', { name: 'Remove dash-second' }).click();
    await page.getByRole('dialog', { name: 'Remove dash-second?' }).getByRole('button', { name: 'Remove' }).click();
  } finally {
    await second.stop();
    await dockerCli(['rm', '-f', 'dash-exit-own']).catch(() => undefined);
  }
});
