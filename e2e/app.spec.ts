/**
 * The UI for real: Chromium against `berth web`, a real backend and engine.
 * Containers started from the docker CLI must show up live; killing dockerd
 * must show error → starting → running without touching the page.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

const status = (page: Page) => page.getByRole('status', { name: /^Engine:/ });

test.describe.configure({ mode: 'serial' });

test('opens the shell on the Dashboard, with its sidebar and the real engine state', async ({ page }) => {
  await page.goto(e2e.url);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  for (const name of ['Containers', 'Images', 'Builds', 'Volumes', 'Engine']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(status(page)).toHaveAccessibleName('Engine: running');
  // The token was taken out of the address bar.
  expect(page.url()).not.toContain('token=');
});

test('paints the shell and a Loading… status before Berth answers, then the list takes its place', async ({ page, browser }) => {
  // index.html alone (no script at all) paints the shell and says it is loading.
  const bare = await browser.newContext({ javaScriptEnabled: false });
  try {
    const still = await bare.newPage();
    await still.goto(`${e2e.url}#/containers`);
    await expect(still.getByRole('status', { name: 'Loading Berth' })).toHaveText('Loading…');
  } finally {
    await bare.close();
  }
  // With the script, and Berth's answers held back: the page's own shell, header and skeleton.
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  await page.routeWebSocket(
    (url) => url.pathname === '/rpc',
    async (ws) => {
      await answered;
      ws.connectToServer();
    },
  );
  await page.goto(`${e2e.url}#/containers`);
  const loading = page.getByRole('status', { name: 'Loading containers' });
  await expect(loading).toContainText('Loading…');
  await expect(page.getByRole('heading', { name: 'Containers', level: 1, exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers' })).toHaveAttribute('aria-current', 'page');
  answer();
  await expect(page.getByRole('searchbox', { name: 'Search containers' }).or(page.getByText('No containers yet'))).toBeVisible();
  await expect(loading).toHaveCount(0);
});

test('lists a container started from the docker CLI without reload', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await expect(page.getByRole('heading', { name: 'Containers', level: 1, exact: true })).toBeVisible();
  const name = `cli-started-${Date.now()}`;
  await dockerCli(['run', '-d', '--name', name, '-p', '127.0.0.1::80', BUSYBOX_IMAGE, 'httpd', '-f', '-p', '80']);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toBeVisible({ timeout: 5000 });
  await expect(row).toContainText('running');
  await expect(row).toContainText('→80/tcp');
  await dockerCli(['rm', '-f', name]);
  await expect(row).toHaveCount(0);
});

test('filters containers by name', async ({ page }) => {
  await dockerCli(['create', '--name', 'filter-alpha', BUSYBOX_IMAGE, 'true']);
  await dockerCli(['create', '--name', 'filter-beta', BUSYBOX_IMAGE, 'true']);
  await page.goto(`${e2e.url}#/containers`);
  await expect(page.getByRole('row', { name: /filter-alpha/ })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search containers' }).fill('beta');
  await expect(page.getByRole('row', { name: /filter-beta/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /filter-alpha/ })).toHaveCount(0);
  await dockerCli(['rm', 'filter-alpha', 'filter-beta']);
});

test('the Engine page shows version, DOCKER_HOST and the log', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Engine', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Engine', level: 1, exact: true })).toBeVisible();
  await expect(page.getByText(`unix://${e2e.home}/run/docker.sock`).first()).toBeVisible();
  await expect(page.getByText(/20\.10|2\d\.\d+/).first()).toBeVisible();
  await expect(page.getByText('overlay2', { exact: true })).toBeVisible();
  await expect(page.getByRole('log')).toContainText('API listen on');
  await expect(page.getByRole('button', { name: 'Copy DOCKER_HOST' })).toBeVisible();
});

test('killing dockerd shows error, starting, running without touching the page', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await expect(status(page)).toHaveAccessibleName('Engine: running');
  // Record every state the indicator shows, however briefly.
  await status(page).evaluate((el) => {
    const seen: string[] = [];
    (window as unknown as { __states: string[] }).__states = seen;
    new MutationObserver(() => {
      const name = el.getAttribute('aria-label') ?? el.textContent ?? '';
      if (seen.at(-1) !== name) seen.push(name);
    }).observe(el, { attributes: true, childList: true, subtree: true, characterData: true });
  });
  const pid = Number(readFileSync(join(e2e.home, 'run', 'dockerd.pid'), 'utf8'));
  process.kill(pid, 'SIGKILL');
  await expect
    .poll(async () => page.evaluate(() => (window as unknown as { __states: string[] }).__states.join(' > ')), { timeout: 30_000 })
    .toMatch(/error.*starting.*running/);
  await expect(status(page)).toHaveAccessibleName('Engine: running');
});

test('Stop and Start from the Engine page', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Engine', exact: true }).click();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status(page)).toHaveAccessibleName('Engine: stopped', { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers' }).click();
  await expect(page.getByRole('button', { name: /Start engine/ })).toBeVisible();
  await page.getByRole('button', { name: /Start engine/ }).click();
  await expect(status(page)).toHaveAccessibleName('Engine: running', { timeout: 30_000 });
});

test('a page from another origin cannot use the RPC', async ({ page }) => {
  // about:blank is not the web host's origin; Chromium sends Origin: null and the handshake is refused.
  await page.goto('about:blank');
  const port = new URL(e2e.url).port;
  const token = new URL(e2e.url).searchParams.get('token');
  const outcome = await page.evaluate(
    ({ port, token }) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc?token=${token}`);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    { port, token },
  );
  expect(outcome).toBe('refused');
});
