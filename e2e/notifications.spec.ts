/**
 * Desktop notifications in the web host: the browser's Notification API
 * (permission granted to the page, each notification captured by wrapping
 * window.Notification) for a build that finishes while the user is on
 * another page, and for a container that starts crash-looping under
 * `--restart always`; clicking one opens its page; the Settings switch of a
 * kind stops that kind; the window title shows a build while it runs, and
 * counts two long jobs at once as the tray and the dock badge read it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dockerCli, e2e, runBerth } from './fixtures/berth.js';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { startSlowProxy } from './fixtures/proxy.js';
import { pushRandomLayerImage, startRegistry } from './fixtures/registry.js';
import { busyOf, trayMenu } from '../electron/tray-menu.js';
import type { EngineStatus } from '../engine/contract/index.js';

interface Captured {
  readonly title: string;
  readonly body: string;
}
declare global {
  interface Window {
    __notices: Array<Captured & { onclick: (() => void) | null }>;
  }
}

const TAG = 'notify-e2e/app:1';
const LOOPS = ['notify-loop', 'notify-loop-quiet', 'notify-loop-inside'];
let dir = '';

test.beforeAll(() => {
  dir = mkdtempSync('/tmp/berth-e2e-notify-');
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nRUN echo building && sleep 3\n`);
});
test.afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dockerCli(['rm', '-f', ...LOOPS]).catch(() => undefined);
  await dockerCli(['rmi', '-f', TAG]).catch(() => undefined);
});

test.beforeEach(async ({ context, page }, info) => {
  if (info.title.includes('refused')) return;
  await context.grantPermissions(['notifications'], { origin: new URL(e2e.url).origin });
  // Every notification the page creates is kept for the test (the real one is not shown: headless has no desktop).
  await page.addInitScript(() => {
    window.__notices = [];
    const Real = window.Notification;
    class CapturedNotification {
      static get permission() {
        return Real.permission;
      }
      static requestPermission() {
        return Real.requestPermission();
      }
      onclick: (() => void) | null = null;
      readonly body: string;
      constructor(
        readonly title: string,
        options?: NotificationOptions,
      ) {
        this.body = options?.body ?? '';
        window.__notices.push(this);
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: CapturedNotification, configurable: true, writable: true });
  });
});

const notices = (page: Page) => page.evaluate(() => window.__notices.map(({ title, body }) => ({ title, body })));
const titles = async (page: Page) => (await notices(page)).map((n) => n.title);

test('a build that finishes while another page is shown is notified, and the notification opens the build', async ({ page }) => {
  await page.goto(`${e2e.url}#/builds`);
  const form = page.getByRole('form', { name: 'Build an image' });
  await form.getByRole('textbox', { name: 'Context folder' }).fill(dir);
  await form.getByRole('textbox', { name: 'Tags' }).fill(TAG);
  await form.getByRole('checkbox', { name: 'No cache' }).check();
  await form.getByRole('button', { name: 'Build' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers' }).click();
  // The window title says what runs while it runs.
  await expect(page).toHaveTitle(`(1) Containers · Berth — building ${TAG}`);
  await expect.poll(() => titles(page), { timeout: 60_000 }).toContain(`Build finished: ${TAG}`);
  await expect(page).toHaveTitle('Containers · Berth');
  expect((await notices(page)).find((n) => n.title === `Build finished: ${TAG}`)?.body).toMatch(/^Built in /);

  await page.evaluate(() => window.__notices.find((n) => n.title.startsWith('Build finished'))!.onclick?.());
  await expect(page).toHaveURL(/#\/builds$/);
  await expect(page.getByRole('region', { name: 'Build', exact: true }).getByRole('heading', { name: 'Built' })).toBeVisible();
});

test('a build that finishes on its own page is not notified', async ({ page }) => {
  await page.goto(`${e2e.url}#/builds`);
  const form = page.getByRole('form', { name: 'Build an image' });
  await form.getByRole('textbox', { name: 'Context folder' }).fill(dir);
  await form.getByRole('textbox', { name: 'Tags' }).fill(TAG);
  await form.getByRole('button', { name: 'Build' }).click();
  await expect(page.getByRole('region', { name: 'Build', exact: true }).getByRole('heading', { name: 'Built' })).toBeVisible({ timeout: 60_000 });
  expect(await titles(page)).toEqual([]);
});

test('a pull that finishes while the user is away from Images is notified, and the notification opens Images', async ({ page }) => {
  const registry = await startRegistry();
  // A 4 MB layer through a 2 MB/s proxy: the pull lasts long enough to leave the page.
  const direct = `${registry.host}/notify/pulled:v1`;
  await pushRandomLayerImage(direct, 4_000_000);
  const proxy = await startSlowProxy(registry.host, 2_000_000);
  const ref = `${proxy.host}/notify/pulled:v1`;
  try {
    await page.goto(`${e2e.url}#/images`);
    await page.getByRole('button', { name: 'Pull…' }).click();
    const d = page.getByRole('dialog', { name: 'Pull an image' });
    await d.getByRole('textbox', { name: 'Image reference' }).fill(ref);
    await d.getByRole('button', { name: 'Pull', exact: true }).click();
    await d.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Volumes' }).click();
    await expect(page).toHaveTitle(`(1) Volumes · Berth — pulling ${ref}`);
    await expect.poll(() => titles(page), { timeout: 60_000 }).toContain(`Pulled ${ref}`);
    await page.evaluate(() => window.__notices.find((n) => n.title.startsWith('Pulled '))!.onclick?.());
    await expect(page).toHaveURL(/#\/images$/);
    await expect(page.getByRole('heading', { name: 'Images', level: 1 })).toBeVisible();
  } finally {
    await proxy.cut();
    await registry.stop();
    await dockerCli(['rmi', '-f', ref]).catch(() => undefined);
  }
});

test('two long jobs at once: the title counts both, and the tray menu and dock badge made from it say so until each ends', async ({ page }) => {
  const registry = await startRegistry();
  const direct = `${registry.host}/notify/badge:v1`;
  await pushRandomLayerImage(direct, 6_000_000);
  // A 6 MB layer through a 2 MB/s proxy (about 3 s), and a build with a step of 12 s started first: both run together, and the pull ends first.
  const proxy = await startSlowProxy(registry.host, 2_000_000);
  const ref = `${proxy.host}/notify/badge:v1`;
  const slow = mkdtempSync('/tmp/berth-e2e-badge-');
  writeFileSync(join(slow, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nRUN sleep 12\n`);
  const tag = 'notify-e2e/badge:1';
  const status = JSON.parse((await runBerth(e2e.home, ['engine', 'status'])).stdout) as EngineStatus;
  try {
    await page.goto(`${e2e.url}#/builds`);
    const form = page.getByRole('form', { name: 'Build an image' });
    await form.getByRole('textbox', { name: 'Context folder' }).fill(slow);
    await form.getByRole('textbox', { name: 'Tags' }).fill(tag);
    await form.getByRole('checkbox', { name: 'No cache' }).check();
    await form.getByRole('button', { name: 'Build' }).click();
    await expect(page).toHaveTitle(`(1) Builds · Berth — building ${tag}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images' }).click();
    await page.getByRole('button', { name: 'Pull…' }).click();
    const d = page.getByRole('dialog', { name: 'Pull an image' });
    await d.getByRole('textbox', { name: 'Image reference' }).fill(ref);
    await d.getByRole('button', { name: 'Pull', exact: true }).click();
    await d.getByRole('button', { name: 'Close' }).click();

    // Both at once: the title the desktop app reads for its tray and dock (main.ts's page-title-updated).
    await expect(page).toHaveTitle(/^\(2\) Images · Berth — /);
    const both = busyOf(await page.title());
    expect(both.count).toBe(2);
    expect([`building ${tag}`, `pulling ${ref}`]).toContain(both.label);
    const menu = trayMenu(status, both);
    expect(menu.tooltip).toBe(`Berth: engine running (native ${status.version}) · 2 running: ${both.label}`);
    expect(menu.items[1]).toEqual({ kind: 'label', label: `2 running: ${both.label}` });

    // The pull ends, the build goes on: one; then none.
    await expect(page).toHaveTitle(`(1) Images · Berth — building ${tag}`, { timeout: 60_000 });
    expect(busyOf(await page.title())).toEqual({ count: 1, label: `building ${tag}` });
    await expect(page).toHaveTitle('Images · Berth', { timeout: 60_000 });
    const idle = trayMenu(status, busyOf(await page.title()));
    expect(idle.tooltip).toBe(`Berth: engine running (native ${status.version})`);
    expect(idle.items.filter((i) => i.kind === 'label')).toHaveLength(1);
  } finally {
    await proxy.cut();
    await registry.stop();
    rmSync(slow, { recursive: true, force: true });
    await dockerCli(['rmi', '-f', ref, tag]).catch(() => undefined);
  }
});

test('a container that starts crash-looping is notified and opened; with its switch off, the next one is not', async ({ page }) => {
  await page.goto(`${e2e.url}#/images`);
  await expect(page.getByRole('heading', { name: 'Images', level: 1 })).toBeVisible();
  const id = await dockerCli(['run', '-d', '--name', LOOPS[0]!, '--restart', 'always', BUSYBOX_IMAGE, 'sh', '-c', 'exit 1']);
  await expect.poll(() => titles(page), { timeout: 30_000 }).toContain(`${LOOPS[0]} is crash-looping`);

  await page.evaluate(() => window.__notices.find((n) => n.title.endsWith('is crash-looping'))!.onclick?.());
  await expect(page).toHaveURL(new RegExp(`#/containers/${id}$`));
  await expect(page.getByRole('heading', { name: LOOPS[0], level: 1 })).toBeVisible();

  // The list shows the loop too, and the sidebar counts it wherever the user is.
  await expect(page.getByRole('link', { name: '1 container crash-looping' })).toBeVisible();
  await page.goto(`${e2e.url}#/containers`);
  const row = page.getByRole('row').filter({ hasText: LOOPS[0] });
  await expect(row.getByRole('note', { name: /^Crash-looping: exited \d+ times/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('row').filter({ hasText: LOOPS[0] }).getByText('Crash-looping')).toBeVisible();

  // Off in Settings: a new loop is shown in the list, and not notified.
  await page.goto(`${e2e.url}#/settings`);
  const crashSwitch = page.getByRole('switch', { name: /^Crash loops/ });
  await expect(crashSwitch).toBeChecked();
  await crashSwitch.uncheck();
  try {
    await expect.poll(() => readUi()).toMatchObject({ notifications: { crashLoops: false } });
    await page.reload();
    await expect(page.getByRole('switch', { name: /^Crash loops/ })).not.toBeChecked();
    const before = (await titles(page)).length;
    // Still on Settings (the containers list would show the badge, so it tells nothing there).
    await dockerCli(['run', '-d', '--name', LOOPS[1]!, '--restart', 'always', BUSYBOX_IMAGE, 'sh', '-c', 'exit 1']);
    const looping = page.getByRole('navigation', { name: 'Main' }).locator('..').getByRole('link', { name: '2 containers crash-looping' });
    await expect(looping).toBeVisible({ timeout: 30_000 });
    // The sidebar's count and the decision come from the same update of the list: nothing was notified.
    expect((await titles(page)).slice(before)).toEqual([]);
    await expect(page.getByRole('region', { name: 'Notices' })).toHaveCount(0);
    await looping.click();
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: LOOPS[1] })
        .getByRole('note', { name: /^Crash-looping/ }),
    ).toBeVisible();
  } finally {
    // On again for the specs after this one.
    await page.goto(`${e2e.url}#/settings`);
    await page.getByRole('switch', { name: /^Crash loops/ }).check();
    await expect.poll(() => readUi()).toMatchObject({ notifications: { crashLoops: true } });
  }
});

function readUi(): unknown {
  return (JSON.parse(readFileSync(join(e2e.home, 'settings.json'), 'utf8')) as { ui?: unknown }).ui;
}

test('where desktop notifications are refused, the notice is shown inside the window and opens its page', async ({ page }) => {
  // The user answers the one permission prompt with "Block".
  await page.addInitScript(() => {
    let answer: NotificationPermission = 'default';
    window.__notices = [];
    class RefusedNotification {
      static get permission() {
        return answer;
      }
      static requestPermission() {
        answer = 'denied';
        return Promise.resolve(answer);
      }
      constructor(title: string) {
        throw new Error(`shown although refused: ${title}`);
      }
    }
    Object.defineProperty(window, 'Notification', { value: RefusedNotification, configurable: true, writable: true });
  });
  await page.goto(`${e2e.url}#/images`);
  await expect(page.getByRole('heading', { name: 'Images', level: 1 })).toBeVisible();
  const id = await dockerCli(['run', '-d', '--name', LOOPS[2]!, '--restart', 'always', BUSYBOX_IMAGE, 'sh', '-c', 'exit 1']);
  const inside = page.getByRole('region', { name: 'Notices' });
  await expect(inside).toContainText(`${LOOPS[2]} is crash-looping`, { timeout: 30_000 });
  await expect(inside).toContainText('Desktop notifications are blocked for Berth');
  await inside.getByRole('button', { name: `Open: ${LOOPS[2]} is crash-looping` }).click();
  await expect(page).toHaveURL(new RegExp(`#/containers/${id}$`));
  await expect(inside).toHaveCount(0);
  await dockerCli(['rm', '-f', LOOPS[2]!]);
});
