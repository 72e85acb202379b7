/** Container details and logs through the UI, against the real engine. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BUSYBOX_IMAGE } from './fixtures/images.js';
import { dockerCli, e2e } from './fixtures/berth.js';

test('opens a container and follows its log, stderr marked, with search and timestamps', async ({ page }) => {
  await dockerCli([
    'run',
    '-d',
    '--name',
    'ui-logger',
    BUSYBOX_IMAGE,
    'sh',
    '-c',
    'echo boot-done; echo boot-warning >&2; sleep 2; echo tick-after-open; sleep 600',
  ]);
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('link', { name: 'ui-logger' }).click();
  await expect(page.getByRole('heading', { name: 'ui-logger', level: 1 })).toBeVisible();
  const log = page.getByTestId('log-terminal');
  await expect(log).toContainText('boot-done');
  await expect(log).toContainText('▌boot-warning');
  // Follow: a line written after the page opened shows up by itself.
  await expect(log).toContainText('tick-after-open', { timeout: 10_000 });
  await page.getByRole('searchbox', { name: 'Search the log' }).fill('boot');
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByText('1 of 2')).toBeVisible();
  await page.getByRole('button', { name: 'Timestamps' }).click();
  await expect(log).toContainText(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z boot-done/);
  // "Since the last 10 minutes" keeps these fresh lines; the option reaches the engine and the lines come back.
  await page.getByRole('combobox', { name: 'Lines since' }).selectOption('600');
  await expect(log).toContainText('boot-done');
});

test('a stopped container’s whole log opens at its end and goes to any line, read by range from the engine’s log file', async ({ page }) => {
  await dockerCli(['rm', '-f', 'ui-long-log']).catch(() => undefined);
  // The engine copies stdout and stderr into the log apart: the pause puts the stderr line last.
  await dockerCli(['run', '--name', 'ui-long-log', BUSYBOX_IMAGE, 'sh', '-c', "seq 1 60000 | sed 's/^/row /'; sleep 1; echo the-last-one >&2"]);
  await page.goto(`${e2e.url}#/containers/ui-long-log`);
  await expect(page.getByRole('heading', { name: 'ui-long-log', level: 1 })).toBeVisible();
  await page.getByRole('combobox', { name: 'Lines from the end' }).selectOption('all');
  const pager = page.getByRole('textbox', { name: 'Whole log of ui-long-log' });
  // More lines than the terminal keeps: the whole log is paged, opening at its end, its stderr marked.
  await expect(pager.locator('[data-line="60001"]')).toHaveText(/^\s*60001\s*the-last-one$/);
  await expect(pager.locator('[data-line="60001"]')).toHaveClass(/stderr/);
  await expect(page.getByText(/^Lines [\d,]+–60,001 of 60,001 \([\d.]+ MiB\), read from the engine’s log file as you scroll$/)).toBeVisible();
  await expect(page.getByTestId('log-terminal')).toBeHidden();
  await page.screenshot({ path: 'out/test-results/e2e/logs-whole-log.png' });
  // Any line: typed, then with the keys.
  await page.getByRole('textbox', { name: 'Go to line' }).fill('30,000');
  await page.getByRole('textbox', { name: 'Go to line' }).press('Enter');
  await expect(pager.locator('[data-line="30000"]')).toHaveText(/row 30000$/);
  await expect(pager).toBeFocused();
  await page.keyboard.press('Home');
  await expect(pager.locator('[data-line="1"]')).toHaveText(/row 1$/);
  await page.keyboard.press('PageDown');
  await expect(pager.locator('[data-line="1"]')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(pager.locator('[data-line="60001"]')).toBeVisible();
  // Timestamps, from the file, written as the engine's API writes them.
  await page.getByRole('button', { name: 'Timestamps' }).click();
  await expect(pager.locator('[data-line="60001"]')).toHaveText(/60001\s*\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z the-last-one$/);
  // The last 1,000 lines are the terminal again.
  await page.getByRole('combobox', { name: 'Lines from the end' }).selectOption('1000');
  await expect(page.getByTestId('log-terminal')).toContainText('the-last-one');
  await expect(pager).toHaveCount(0);
});

test('shows inspect data, filterable', async ({ page }) => {
  await dockerCli(['create', '--name', 'ui-inspect', '-e', 'FLAVOUR=vanilla', BUSYBOX_IMAGE, 'true']);
  await page.goto(`${e2e.url}#/containers/ui-inspect`);
  await page.getByRole('tab', { name: 'Inspect' }).click();
  await expect(page.getByRole('region', { name: 'Environment' })).toContainText('FLAVOUR');
  await expect(page.getByRole('region', { name: 'Environment' })).toContainText('vanilla');
  // The JSON is collapsible: Config starts closed, opens on click, and shows its Env inside.
  const tree = page.getByRole('group', { name: 'docker inspect' });
  await tree
    .locator('summary')
    .filter({ hasText: /^Config: \{ \d+ keys/ })
    .click();
  await expect(tree).toContainText('"FLAVOUR=vanilla"');
  await page.getByRole('searchbox', { name: 'Search inspect' }).fill('FLAVOUR');
  await expect(page.getByRole('tabpanel')).toContainText('"FLAVOUR=vanilla"');
});

test('says when a container does not exist', async ({ page }) => {
  await page.goto(`${e2e.url}#/containers`);
  await page.evaluate(() => (location.hash = '#/containers/no-such-box'));
  await expect(page.getByRole('heading', { name: 'This container is not there' })).toBeVisible();
  await expect(page.getByText(/No such container: no-such-box/)).toBeVisible();
});

test('lists the processes of a running container', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-top', BUSYBOX_IMAGE, 'sh', '-c', 'sleep 777 & sleep 888']);
  await page.goto(`${e2e.url}#/containers/ui-top`);
  await page.getByRole('tab', { name: 'Processes' }).click();
  const table = page.getByRole('tabpanel').getByRole('table');
  await expect(table).toContainText('sleep 777');
  await expect(table).toContainText('sleep 888');
  await expect(table.getByRole('columnheader', { name: 'PID', exact: true })).toBeVisible();
});

test('turns wrapping off for long lines, scrolling sideways instead', async ({ page }) => {
  await dockerCli(['run', '-d', '--name', 'ui-long', BUSYBOX_IMAGE, 'sh', '-c', 'echo "start-$(head -c 400 /dev/zero | tr "\\0" "y")-end"; sleep 600']);
  await page.goto(`${e2e.url}#/containers/ui-long`);
  const log = page.getByTestId('log-terminal');
  await expect(log).toContainText('start-');
  const wrapped = await log.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
  expect(wrapped).toBe(true);
  await page.getByRole('button', { name: 'Wrap' }).click();
  await expect(page.getByRole('button', { name: 'Wrap' })).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => log.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
});

/** The numbers of the `line-N` lines the log view holds, through its Download button. */
async function shownNumbers(page: Page): Promise<number[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  const text = await readFile(await download.path(), 'utf8');
  return [...text.matchAll(/^line-(\d+)$/gm)].map((m) => Number(m[1]));
}

test('a log cut by the engine stopping or dying says so, and goes on when the engine is back: no line twice, none lost that the engine has', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  // The count goes on across restarts (kept in the container's own file system).
  await dockerCli([
    'run',
    '-d',
    '--name',
    'ui-counter',
    '--restart',
    'always',
    BUSYBOX_IMAGE,
    'sh',
    '-c',
    'i=$(cat /n 2>/dev/null || echo 0); while true; do i=$((i+1)); echo $i > /n; echo line-$i; sleep 0.2; done',
  ]);
  try {
    await page.goto(`${e2e.url}#/containers/ui-counter`);
    const log = page.getByTestId('log-terminal');
    await expect(log).toContainText('line-5', { timeout: 20_000 });
    const status = page.getByRole('status').filter({ hasText: 'The engine stopped; the log resumes when it is back.' });
    /** Cut the engine, see the sentence, then lines the engine wrote after it is back; compare with `docker logs`. */
    const cutAndResume = async (cut: () => Promise<void>) => {
      await cut();
      await expect(status).toBeVisible({ timeout: 60_000 });
      await expect(status).toHaveCount(0, { timeout: 90_000 });
      const restarted = Number(await dockerCli(['exec', 'ui-counter', 'cat', '/n']));
      await expect(log).toContainText(`line-${restarted + 3}`, { timeout: 30_000 });
      const shown = await shownNumbers(page);
      expect(new Set(shown).size).toBe(shown.length);
      const engine = [...(await dockerCli(['logs', 'ui-counter'])).matchAll(/^line-(\d+)$/gm)].map((m) => Number(m[1]));
      const last = shown.at(-1)!;
      expect(last).toBeGreaterThan(restarted);
      expect(shown).toEqual(engine.filter((n) => n <= last));
    };
    // Restarted from another window, as a user would.
    const other = await context.newPage();
    await cutAndResume(async () => {
      await other.goto(`${e2e.url}#/engine`);
      await other.getByRole('button', { name: 'Restart', exact: true }).click();
    });
    await other.close();
    // Killed: Berth starts it again by itself.
    await cutAndResume(async () => {
      process.kill(Number(readFileSync(join(e2e.home, 'run', 'dockerd.pid'), 'utf8')), 'SIGKILL');
    });
  } finally {
    await dockerCli(['rm', '-f', 'ui-counter']);
  }
});
