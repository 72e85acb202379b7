/** Shells in containers through the UI, against the real engine. */
import { expect, test, type Page } from '@playwright/test';
import { BUSYBOX_IMAGE, importShellless } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

/** The visible screen of the shown session, as text. */
const screen = (page: Page) => page.getByTestId('shell-terminal').locator('.xterm-rows');

/** Wait for a session's tab and its shell's prompt (typing before the prompt can be flushed by the starting shell). */
async function ready(page: Page, tab: string): Promise<void> {
  await expect(page.getByRole('tab', { name: tab })).toBeVisible();
  await expect(screen(page)).toContainText(/[#$]\s*$/);
}

/** Type a line into the shown session. */
async function run(page: Page, line: string): Promise<void> {
  await page.getByTestId('shell-terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** The last `S:<rows> <cols>` the screen shows. */
async function sttySize(page: Page): Promise<[number, number]> {
  const text = (await screen(page).textContent()) ?? '';
  const all = [...text.matchAll(/S:(\d+) (\d+)/g)];
  const last = all.at(-1);
  if (!last) throw new Error('no size on screen');
  return [Number(last[1]), Number(last[2])];
}

/** Milliseconds the page's main thread takes to run a queued task. */
const lag = (page: Page) => page.evaluate(() => new Promise<number>((r) => {
  const t = performance.now();
  setTimeout(() => r(performance.now() - t), 0);
}));

test('opens a shell from the list, runs a command, follows the panel size and survives navigation', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-shell', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(e2e.url);
  await page.getByRole('button', { name: 'Open a shell in ui-shell' }).click();
  await expect(page.getByRole('heading', { name: 'ui-shell', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Terminal' })).toHaveAttribute('aria-selected', 'true');
  await ready(page, 'Shell 1 (sh)');
  await run(page, 'echo $((6*7))');
  await expect(screen(page)).toContainText(/^42$|\b42\b/m);

  await run(page, 'echo S:$(stty size)');
  await expect(screen(page)).toContainText(/S:\d+ \d+/);
  const [rows1, cols1] = await sttySize(page);
  expect(rows1).toBeGreaterThan(5);
  expect(cols1).toBeGreaterThan(40);
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.waitForTimeout(400);
  await run(page, 'clear; echo S:$(stty size)');
  await expect.poll(async () => (await sttySize(page).catch(() => [rows1, cols1]))[1]).toBeLessThan(cols1);
  const [rows2] = await sttySize(page);
  expect(rows2).toBeLessThan(rows1);

  // Away and back: the same session, its screen kept.
  await run(page, 'echo marker-$((40+2))-kept');
  await expect(screen(page)).toContainText('marker-42-kept');
  await page.getByRole('link', { name: 'Back to containers' }).click();
  await expect(page.getByRole('button', { name: 'Open a shell in ui-shell' })).toBeVisible();
  await page.getByRole('link', { name: 'ui-shell' }).click();
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expect(page.getByRole('tab', { name: /^Shell \d/ })).toHaveCount(1);
  await expect(screen(page)).toContainText('marker-42-kept');
  await run(page, 'echo still-$((1+1))');
  await expect(screen(page)).toContainText('still-2');
});

test('a flood of output leaves the page responsive, and Ctrl+C stops it', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-flood', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.goto(`${e2e.url}#/containers/ui-flood?tab=terminal`);
  await ready(page, 'Shell 1 (sh)');
  await run(page, 'yes flood-line-of-output');
  await expect(screen(page)).toContainText('flood-line-of-output');
  // While it floods: the main thread answers, and other controls work at once.
  const lags: number[] = [];
  for (let i = 0; i < 10; i++) {
    lags.push(await lag(page));
    await page.waitForTimeout(100);
  }
  expect(Math.max(...lags)).toBeLessThan(250);
  const clicked = Date.now();
  await page.getByRole('button', { name: 'Larger text' }).click();
  await expect(page.getByRole('group', { name: 'Font size' })).toContainText('14 px');
  expect(Date.now() - clicked).toBeLessThan(1000);
  await page.getByRole('button', { name: 'Smaller text' }).click();
  // Ctrl+C (nothing selected) interrupts, and the shell takes commands again.
  await page.getByTestId('shell-terminal').click();
  await page.keyboard.press('Control+c');
  await run(page, 'clear; echo done-$((2+3))');
  await expect(screen(page)).toContainText('done-5', { timeout: 20_000 });
});

test('a stopped container ends the session with a sentence; Reconnect opens a new shell; closing hangs up', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-stop', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.goto(`${e2e.url}#/containers/ui-stop?tab=terminal`);
  await ready(page, 'Shell 1 (sh)');
  await run(page, 'echo before-$((3*3))');
  await expect(screen(page)).toContainText('before-9');
  await dockerCli(['stop', '-t', '0', 'ui-stop']);
  const ended = 'ui-stop stopped, which ended this shell. Start it again, then press Reconnect.';
  await expect(page.getByRole('status').filter({ hasText: ended })).toBeVisible();
  await expect(screen(page)).toContainText('ui-stop stopped, which ended this shell.');
  await dockerCli(['start', 'ui-stop']);
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await expect(page.getByRole('status').filter({ hasText: ended })).toHaveCount(0);
  await expect(screen(page)).toContainText(/[#$]\s*$/);
  await run(page, 'echo after-$((4*4))');
  await expect(screen(page)).toContainText('after-16');

  // A second shell in its own tab, then close both: no shell is left in the container.
  await page.getByRole('button', { name: 'New shell' }).click();
  await expect(page.getByRole('tab', { name: 'Shell 2 (sh)' })).toHaveAttribute('aria-selected', 'true');
  const shells = async () => (await dockerCli(['top', 'ui-stop', '-o', 'pid,args'])).split('\n').filter((l) => /^\s*\d+\s+sh\s*$/.test(l)).length;
  await expect.poll(shells).toBe(2);
  await page.getByRole('button', { name: 'Close Shell 2' }).click();
  await page.getByRole('button', { name: 'Close Shell 1' }).click();
  await expect(page.getByRole('button', { name: 'Open a shell', exact: true })).toBeVisible();
  await expect.poll(shells, { timeout: 5000 }).toBe(0);
});

test('a FROM scratch image without a shell gets a labelled debug shell that reaches its files and leaves nothing behind', async ({ page }) => {
  await importShellless(process.env.BERTH_E2E_DOCKER_HOST!);
  await dockerCli(['run', '-d', '--name', 'ui-scratch', 'berth-test/no-shell:latest', '/bin/sleep', '600']);
  await page.goto(e2e.url);
  await page.getByRole('button', { name: 'Open a shell in ui-scratch' }).click();
  await ready(page, 'Shell 1 (debug shell · busybox toolbox)');
  await expect(screen(page)).toContainText('Debug shell: ui-scratch has no shell (tried bash, ash, sh)');
  await run(page, 'ls /; echo listed-$?');
  await expect(screen(page)).toContainText('listed-0');
  await run(page, 'ls /proc/1/root/bin; ps');
  await expect(screen(page)).toContainText('/bin/sleep 600');
  await page.getByRole('button', { name: 'Close Shell 1' }).click();
  await expect.poll(() => dockerCli(['ps', '-aq', '--filter', 'label=dev.berth.helper=debug-shell']), { timeout: 15_000 }).toBe('');
  expect(await dockerCli(['inspect', '-f', '{{.State.Running}}', 'ui-scratch'])).toBe('true');
});
