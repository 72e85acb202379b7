/** Shells in containers through the UI, against the real engine. */
import { expect, test, type Page } from '@playwright/test';
import { BUSYBOX_IMAGE, importShellless } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';
import { rowAction } from './fixtures/row-menu.js';

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

/** Act at a point inside the last screen row whose text matches (20 px from its start, mid-height). */
async function atText(page: Page, row: RegExp, act: (x: number, y: number) => Promise<void>): Promise<void> {
  const target = screen(page).locator(':scope > div').filter({ hasText: row }).last();
  await expect(target).toBeVisible();
  const box = (await target.boundingBox())!;
  await act(box.x + 20, box.y + box.height / 2);
}

test('opens a shell from the list, runs a command, follows the panel size and survives navigation', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-shell', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`${e2e.url}#/containers`);
  await rowAction(page, 'ui-shell', 'Open a shell in ui-shell');
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
  await expect(page.getByRole('button', { name: 'More actions for ui-shell' })).toBeVisible();
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
  // While it floods, other controls work (how fast the page answers meanwhile is measured in bench/terminal-ui.ts).
  await page.getByRole('button', { name: 'Larger text' }).click();
  await expect(page.getByRole('group', { name: 'Font size' })).toContainText('14 px');
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
  await page.goto(`${e2e.url}#/containers`);
  await rowAction(page, 'ui-scratch', 'Open a shell in ui-scratch');
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

test('attaches to the main process of a -it container; the detach keys leave it running, and Reconnect attaches again', async ({ page }) => {
  await dockerCli(['run', '-dit', '--name', 'ui-attach', BUSYBOX_IMAGE, 'sh']);
  await page.goto(`${e2e.url}#/containers/ui-attach?tab=terminal`);
  await ready(page, 'Shell 1 (sh)');
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Attached 1 (sh)' })).toHaveAttribute('aria-selected', 'true');
  await expect(screen(page)).toContainText('Attached to the main process of ui-attach. Ctrl+P Ctrl+Q detaches');
  await page.getByTestId('shell-terminal').click();
  await page.keyboard.press('Enter');
  await run(page, 'echo main-$$');
  // The attached shell is the container's pid 1, not a new exec.
  await expect(screen(page)).toContainText('main-1');
  await page.keyboard.press('Control+p');
  await page.keyboard.press('Control+q');
  const detached = 'Detached (Ctrl+P Ctrl+Q); ui-attach keeps running. Press Reconnect to attach again.';
  await expect(page.getByRole('status').filter({ hasText: detached })).toBeVisible();
  expect(await dockerCli(['inspect', '-f', '{{.State.Running}}', 'ui-attach'])).toBe('true');
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await expect(page.getByRole('status').filter({ hasText: detached })).toHaveCount(0);
  await page.keyboard.press('Enter');
  await run(page, 'echo again-$((2+3))');
  await expect(screen(page)).toContainText('again-5');
  // Closing the tab detaches: the main process goes on.
  await page.getByRole('button', { name: 'Close Attached 1' }).click();
  await expect(page.getByRole('tab', { name: /^Attached/ })).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(await dockerCli(['inspect', '-f', '{{.State.Running}}', 'ui-attach'])).toBe('true');
});

test('a container without -it offers no attach', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-no-attach', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.goto(`${e2e.url}#/containers/ui-no-attach?tab=terminal`);
  await ready(page, 'Shell 1 (sh)');
  await expect(page.getByRole('button', { name: 'New shell' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Attach', exact: true })).toHaveCount(0);
});

test('bad detach keys get their rule and are not kept', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-keys', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.goto(`${e2e.url}#/containers/ui-keys?tab=terminal`);
  // The terminal's own Settings (the sidebar's Settings link, now without a shortcut, reads the same).
  await page.getByRole('main').getByText('Settings', { exact: true }).click();
  const keys = page.getByRole('textbox', { name: 'Detach keys' });
  await expect(keys).toHaveValue('ctrl-p,ctrl-q');
  await keys.fill('ctrl-1');
  await expect(page.getByRole('alert')).toContainText('“ctrl-1” is not a detach key');
  await expect(keys).toHaveAttribute('aria-invalid', 'true');
  await keys.fill('ctrl-x,x');
  await expect(page.getByText('Attach sessions detach on Ctrl+X x')).toBeVisible();
  await keys.blur();
  expect(await page.evaluate('JSON.parse(localStorage.getItem("berth.terminal")).detachKeys')).toBe('ctrl-x,x');
});

test('opens links, copies what is selected, pastes several lines (bracketed when asked)', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(e2e.url).origin });
  await dockerCli(['run', '-d', '--name', 'ui-clip', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.goto(`${e2e.url}#/containers/ui-clip?tab=terminal`);
  await ready(page, 'Shell 1 (sh)');
  // A link to a page that answers (Berth's own host, which refuses it without its token: the address is what counts).
  const href = `${new URL(e2e.url).origin}/berth-link-check`;
  await run(page, `echo ${href}`);
  let popups = 0;
  page.on('popup', () => popups++);
  const opened = page.waitForEvent('popup');
  // The link is found on hover (xterm looks for links after the pointer settles), then followed on click.
  await atText(page, new RegExp(`^${href.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s*$`), async (x, y) => {
    for (let i = 0; i < 10 && !popups; i++) {
      await page.mouse.move(x + i, y);
      await page.waitForTimeout(150);
      await page.mouse.click(x + i, y);
      await page.waitForTimeout(150);
    }
  });
  const popup = await opened;
  await popup.waitForURL(href);
  expect(popups).toBe(1);

  await run(page, 'echo selectme$((7*6))');
  // Rows are drawn under xterm's own mouse layer: point at them by position, as a user does.
  await atText(page, /^selectme42\s*$/, (x, y) => page.mouse.dblclick(x, y));
  await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe('selectme42');

  await page.evaluate('navigator.clipboard.writeText("echo one-$((1))\\necho two-$((2))\\n")');
  await page.getByTestId('shell-terminal').click();
  await page.keyboard.press('Control+v');
  await expect(screen(page)).toContainText('one-1');
  await expect(screen(page)).toContainText('two-2');

  // A program that asks for bracketed paste gets the paste between its markers.
  await run(page, "printf '\\033[?2004h'; echo bracketed-$((1+1)); cat -v");
  // The mode is on once the line after it is drawn.
  await expect(screen(page)).toContainText('bracketed-2');
  await page.evaluate('navigator.clipboard.writeText("pasted-text")');
  await page.keyboard.press('Control+v');
  await page.keyboard.press('Enter');
  await expect(screen(page)).toContainText('^[[200~pasted-text^[[201~');
});

test('the engine shell on the Engine page runs the docker CLI against Berth’s engine', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-from-engine-shell', BUSYBOX_IMAGE, 'sleep', '600']);
  await page.goto(`${e2e.url}#/engine`);
  const panel = page.getByRole('region', { name: 'Engine shell' });
  await expect(panel.getByRole('button', { name: 'Open an engine shell' })).toBeVisible();
  await panel.getByRole('button', { name: 'Open an engine shell' }).click();
  await expect(panel.getByRole('tab', { name: /^Engine shell 1/ })).toHaveAttribute('aria-selected', 'true');
  await expect(screen(page)).toContainText(`DOCKER_HOST=${process.env.BERTH_E2E_DOCKER_HOST}`);
  await run(page, 'docker ps --format "seen:{{.Names}}" --filter name=ui-from-engine');
  await expect(screen(page)).toContainText('seen:ui-from-engine-shell');
  // It survives a visit elsewhere, like container shells.
  await page.getByRole('link', { name: 'Containers' }).click();
  await page.getByRole('link', { name: 'Engine', exact: true }).click();
  await expect(screen(page)).toContainText('seen:ui-from-engine-shell');
  await run(page, 'exit 4');
  await expect(panel.getByRole('status').filter({ hasText: 'The shell exited (code 4). Press Reconnect for a new one.' })).toBeVisible();
});
