/**
 * Switching the engine between native and VM mode from the Engine page, as
 * a user does: the boot stages show while the VM starts (with TCG here: KVM
 * guests hang or abort on these machines, and the page says so), the log
 * becomes the VM's console, the DOCKER_HOST stays the same, and switching
 * back brings the native engine and its images back.
 */
import { expect, test, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { devImageDir } from '../engine/engine/vm/recipe.js';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

const status = (page: Page) => page.getByRole('status', { name: /^Engine:/ });

test('switches to the VM and back from the Engine page', async ({ page }) => {
  test.skip(
    !existsSync(join(devImageDir(process.cwd()), 'manifest.json')),
    'The VM image is not built: `npm run engine:image` (npm test builds it in the integration tests, before these).',
  );
  test.setTimeout(300_000);
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Engine', exact: true }).click();
  await expect(status(page)).toHaveAccessibleName('Engine: running');
  await expect(page.getByRole('heading', { name: 'Engine log' })).toBeVisible();

  // Every name the indicator takes, however briefly.
  await status(page).evaluate((el) => {
    const seen: string[] = [];
    (window as unknown as { __states: string[] }).__states = seen;
    new MutationObserver(() => {
      const name = el.getAttribute('aria-label') ?? '';
      if (seen.at(-1) !== name) seen.push(name);
    }).observe(el, { attributes: true });
  });
  const mode = page.getByRole('combobox', { name: 'Engine mode' });
  await mode.selectOption('vm');
  await expect(page.getByText('dockerd in a small Linux VM that Berth boots with QEMU')).toBeVisible();
  await page.getByRole('button', { name: 'Switch to VM' }).click();
  await expect(page.getByRole('progressbar', { name: /^Engine start: .+, step \d of 4$/ })).toBeVisible({ timeout: 60_000 });
  await expect(status(page)).toHaveAccessibleName('Engine: running', { timeout: 240_000 });
  const states = await page.evaluate(() => (window as unknown as { __states: string[] }).__states.join(' > '));
  expect(states).toMatch(/Kernel up, 2 of 4.*Engine up, 3 of 4.*Engine: running$/);

  await expect(mode).toHaveValue('vm');
  await expect(page.getByRole('heading', { name: 'VM console log' })).toBeVisible();
  await expect(page.getByRole('log', { name: 'VM console log' })).toContainText('BERTH-ENGINE-READY');
  await expect(page.getByText(`unix://${e2e.home}/run/docker.sock`).first()).toBeVisible();
  if (existsSync('/dev/kvm')) await expect(page.getByRole('status').filter({ hasText: /KVM .* TCG/ })).toBeVisible();
  // The same DOCKER_HOST now drives the VM's engine.
  expect(await dockerCli(['info', '--format', '{{.Name}}'])).toBe('berth-vm');

  await mode.selectOption('native');
  await page.getByRole('button', { name: 'Switch to Native' }).click();
  // The heading follows the engine's mode, which changes once the VM is down.
  await expect(page.getByRole('heading', { name: 'Engine log' })).toBeVisible({ timeout: 120_000 });
  await expect(status(page)).toHaveAccessibleName('Engine: running', { timeout: 60_000 });
  await expect(mode).toHaveValue('native');
  expect(await dockerCli(['images', '-q', BUSYBOX_IMAGE])).not.toBe('');
});

test('says what stops a mode here, with its fix, before switching to it', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Engine', exact: true }).click();
  await page.getByRole('combobox', { name: 'Engine mode' }).selectOption('external');
  const systemEngine = await dockerCli(['version', '--format', '{{.Server.Version}}'], 'unix:///var/run/docker.sock').then(
    () => true,
    () => false,
  );
  if (systemEngine) {
    await expect(page.getByText(/^Uses the engine at unix:\/\/\/var\/run\/docker\.sock/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Switch to External' })).toBeEnabled();
  } else {
    // No engine at the default socket here: the mode is marked, explained, and cannot be switched to.
    const alert = page.getByRole('alert').filter({ hasText: 'External mode cannot run here:' });
    await expect(alert).toContainText(
      'No Docker engine answers at unix:///var/run/docker.sock (from default socket). Fix: Start that engine, or give another with --host.',
    );
    await expect(page.getByRole('button', { name: 'Switch to External' })).toBeDisabled();
    await expect(page.getByRole('option', { name: 'External (cannot run here)' })).toBeAttached();
  }
  await expect(page.getByRole('option', { name: 'Native', exact: true })).toBeAttached();
});

test('the Troubleshoot page follows each log Berth keeps, and saves a diagnostics bundle', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Troubleshoot' }).click();
  await expect(page.getByRole('heading', { name: 'Troubleshoot', level: 1 })).toBeVisible();
  // Native mode: dockerd's log first, with Berth's note on each start.
  const logs = page.getByRole('group', { name: 'Log' });
  await expect(logs.getByRole('button', { name: 'Engine (dockerd)' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('log', { name: 'Engine (dockerd) log' })).toContainText('--- Berth starts dockerd');
  await logs.getByRole('button', { name: 'Berth backend' }).click();
  await expect(page.getByRole('log', { name: 'Berth backend log' })).toContainText('Berth backend');
  await logs.getByRole('button', { name: 'VM console' }).click();
  await expect(page.getByRole('log', { name: 'VM console log' })).toBeVisible();

  await page.getByRole('button', { name: 'Save diagnostics bundle' }).click();
  const saved = page.getByRole('status', { name: 'Diagnostics bundle saved' });
  await expect(saved).toContainText(`${e2e.home}/diagnostics/berth-diagnostics-`);
  await expect(saved).toContainText('versions.json, status.json, settings.json, logs/backend.log, logs/dockerd.log, logs/vm-console.log');
  const path = (await saved.locator('code').textContent())!;
  expect(existsSync(path)).toBe(true);
  await expect(page.getByRole('button', { name: 'Copy bundle path' })).toBeVisible();
});
