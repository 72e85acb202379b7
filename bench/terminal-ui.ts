/**
 * A terminal flood in the UI: while `yes` floods the shell tab, how long the page's main thread takes to run a queued
 * task (lag) and how long a click on another control takes to show its effect — against the same page with an idle
 * shell (baseline), in the same run. Moved here from e2e/terminal.spec.ts, which now checks only the behaviour (the
 * page keeps answering, Ctrl+C stops the flood).
 */
import type { Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BUSYBOX_IMAGE } from '../e2e/fixtures/images.js';
import { openWorld } from './world.js';
import { median, type BenchResult } from './stats.js';

const exec = promisify(execFile);
const SAMPLES = 20;

const lag = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((r) => {
        const t = performance.now();
        setTimeout(() => r(performance.now() - t), 0);
      }),
  );

/** Lags sampled every 100 ms, then the time from a click on "Larger text" to the new size shown (and back). */
async function measure(page: Page): Promise<{ lags: number[]; clickMs: number }> {
  const lags: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    lags.push(await lag(page));
    await page.waitForTimeout(100);
  }
  const t0 = performance.now();
  await page.getByRole('button', { name: 'Larger text' }).click();
  await page.getByRole('group', { name: 'Font size' }).getByText('14 px').waitFor();
  const clickMs = performance.now() - t0;
  await page.getByRole('button', { name: 'Smaller text' }).click();
  return { lags, clickMs };
}

async function typeLine(page: Page, line: string): Promise<void> {
  await page.getByTestId('shell-terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

export async function benchTerminalUi(rounds = 3): Promise<BenchResult[]> {
  const world = await openWorld(async (dockerHost) => {
    await exec('docker', ['run', '-d', '--name', 'ui-flood', BUSYBOX_IMAGE, 'sleep', '3600'], { env: { ...process.env, DOCKER_HOST: dockerHost } });
  });
  const idle = { lag: [] as number[], click: [] as number[] };
  const flood = { lag: [] as number[], click: [] as number[] };
  try {
    for (let i = 0; i < rounds; i++) {
      const page = await world.browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${world.host.url}#/containers/ui-flood?tab=terminal`);
      const rows = page.getByTestId('shell-terminal').locator('.xterm-rows');
      await rows
        .getByText(/[#$]\s*$/)
        .first()
        .waitFor({ timeout: 30_000 });
      const quiet = await measure(page);
      idle.lag.push(Math.max(...quiet.lags));
      idle.click.push(quiet.clickMs);
      await typeLine(page, 'yes flood-line-of-output');
      await rows.getByText('flood-line-of-output').first().waitFor();
      const busy = await measure(page);
      flood.lag.push(Math.max(...busy.lags));
      flood.click.push(busy.clickMs);
      await page.getByTestId('shell-terminal').click();
      await page.keyboard.press('Control+c');
      await page.close();
    }
  } finally {
    await world.close();
  }
  return [
    {
      name: `main-thread lag while a shell floods (worst of ${SAMPLES} samples, ms, lower is better)`,
      unit: 'ms',
      subject: { label: '`yes` flooding the shell tab', samples: flood.lag, median: median(flood.lag) },
      baseline: { label: 'the same tab, shell idle', samples: idle.lag, median: median(idle.lag) },
    },
    {
      name: 'click → effect on screen while a shell floods (ms, lower is better)',
      unit: 'ms',
      subject: { label: '"Larger text" while `yes` floods', samples: flood.click, median: median(flood.click) },
      baseline: { label: '"Larger text" with the shell idle', samples: idle.click, median: median(idle.click) },
    },
  ];
}
