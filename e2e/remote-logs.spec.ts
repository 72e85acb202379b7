/**
 * A followed log on another engine of the Engines list whose connection drops: the view says which engine was
 * lost and why, keeps asking it, and goes on from its last line when it answers again — no line twice, none
 * lost that the engine has. The drop is real: every connection through a forwarder in front of a second
 * dockerd is closed and its socket removed, then the forwarder comes back on the same path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { dockerCli, e2e, runBerth } from './fixtures/berth.js';
import { BUSYBOX_IMAGE, importBusybox } from './fixtures/images.js';
import { startSecondEngine, type SecondEngine } from './fixtures/second-engine.js';
import { startSocketGate, type SocketGate } from '../engine/integration/socket-gate.js';

const NAME = 'e2e-far-logs';
let second: SecondEngine;
let gate: SocketGate;
let dir: string;

test.beforeAll(async () => {
  second = await startSecondEngine();
  await importBusybox(second.dockerHost);
  dir = mkdtempSync('/tmp/berth-gate-');
  gate = await startSocketGate(second.socket, join(dir, 'gate.sock'));
  const added = await runBerth(e2e.home, ['engines', 'add', NAME, gate.dockerHost]);
  expect(added.code, added.stderr).toBe(0);
  await dockerCli(
    ['run', '-d', '--name', 'far-counter', '--network', 'none', BUSYBOX_IMAGE, 'sh', '-c', 'i=0; while true; do i=$((i+1)); echo line-$i; sleep 0.2; done'],
    second.dockerHost,
  );
});

test.afterAll(async () => {
  await runBerth(e2e.home, ['engines', 'rm', NAME, '--yes']);
  await gate?.close();
  await second?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The numbers of the `line-N` lines the log view holds, through its Download button. */
async function shownNumbers(page: Page): Promise<number[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  const text = await readFile(await download.path(), 'utf8');
  return [...text.matchAll(/^line-(\d+)$/gm)].map((m) => Number(m[1]));
}

test('a followed log on another engine whose connection drops names the engine, keeps trying, and goes on when it answers', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${e2e.url}#/containers`);
  await page.getByRole('combobox', { name: 'Engine', exact: true }).selectOption({ label: NAME });
  // The switch is done once the list is that engine's (the first use of an engine connects to it first).
  await expect(page.getByRole('row').filter({ hasText: 'far-counter' })).toBeVisible({ timeout: 20_000 });
  await page.goto(`${e2e.url}#/containers/far-counter`);
  const log = page.getByTestId('log-terminal');
  await expect(log).toContainText('line-5', { timeout: 20_000 });

  await gate.close();
  const lost = page.getByRole('status').filter({ hasText: `Lost the connection to "${NAME}"` });
  await expect(lost).toBeVisible({ timeout: 30_000 });
  await expect(lost).toContainText('Berth keeps trying');
  // Still cut a while later: it waits for the engine rather than giving up or pretending.
  await page.waitForTimeout(2_000);
  await expect(lost).toBeVisible();

  gate = await startSocketGate(second.socket, join(dir, 'gate.sock'));
  await expect(lost).toHaveCount(0, { timeout: 30_000 });
  const now = Number((await dockerCli(['logs', '--tail', '1', 'far-counter'], second.dockerHost)).replace('line-', ''));
  await expect(log).toContainText(`line-${now + 3}`, { timeout: 30_000 });
  const shown = await shownNumbers(page);
  expect(new Set(shown).size).toBe(shown.length);
  const engine = [...(await dockerCli(['logs', 'far-counter'], second.dockerHost)).matchAll(/^line-(\d+)$/gm)].map((m) => Number(m[1]));
  const last = shown.at(-1)!;
  expect(last).toBeGreaterThan(now);
  expect(shown).toEqual(engine.filter((n) => n <= last));
  await page.getByRole('combobox', { name: 'Engine', exact: true }).selectOption({ label: "Berth's engine" });
});
