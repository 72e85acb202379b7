/**
 * The soak: a long random sequence of a user's day against a real engine,
 * from the docker CLI and from Berth's UI in Chromium, checking after every
 * step that the page shows what the engine says (read independently, see
 * truth.ts) within a second. A difference that outlives that fails the run
 * with its seed, the steps so far and a screenshot.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { mismatches, readPage, WINDOW_MS, type Mismatch } from './picture.js';
import { Rng } from '../../engine/util/rng.js';
import { nextStep, type World } from './steps.js';
import { TruthRecorder } from './truth.js';
import type { SoakWorld } from './world.js';

/** Leeway past the window for the measurement itself: the truth is read every 100 ms, and a page reading takes a few. */
const SLACK_MS = 250;
/** A step that takes longer than this has hung. */
const STEP_TIMEOUT_MS = 120_000;

export interface SoakOptions {
  readonly seed: number;
  readonly steps: number;
  /** Where a failure's report goes (a folder per run is made in it). */
  readonly outDir: string;
  readonly log?: (line: string) => void;
}

export interface SoakSummary {
  readonly seed: number;
  readonly steps: number;
  readonly seconds: number;
  /** How many steps of each kind ran (and how many did nothing because their target had gone). */
  readonly kinds: Record<string, { ran: number; skipped: number }>;
  /** Checks that needed more than one reading of the page before it agreed, and the longest wait after a step (ms). */
  readonly lagging: number;
  readonly longestWaitMs: number;
}

interface StepRecord {
  n: number;
  via: string;
  kind: string;
  detail: string;
  at: string;
  ms?: number;
  outcome?: string;
}

export class SoakFailure extends Error {
  constructor(
    message: string,
    readonly report: string,
  ) {
    super(message);
  }
}

export async function runSoak(page: Page, world: SoakWorld, opts: SoakOptions): Promise<SoakSummary> {
  const log = opts.log ?? (() => undefined);
  const socketPath = world.dockerHost.replace(/^unix:\/\//, '');
  const truth = new TruthRecorder(socketPath);
  const w: World = { page, url: world.url, home: world.home, dockerHost: world.dockerHost, rng: new Rng(opts.seed), made: 0 };
  const records: StepRecord[] = [];
  const pageErrors: string[] = [];
  const kinds: SoakSummary['kinds'] = {};
  let lagging = 0;
  let longestWaitMs = 0;
  const t0 = Date.now();
  page.on('pageerror', (e) => pageErrors.push(`${new Date().toISOString()} ${e.message}`));
  /** The page's last console lines, kept for a failure's report. */
  const consoleLines: string[] = [];
  page.on('console', (m) => {
    consoleLines.push(`${new Date().toISOString()} ${m.type()} ${m.text()}`);
    if (consoleLines.length > 2000) consoleLines.shift();
  });

  const fail = async (why: string, found: readonly Mismatch[] = []): Promise<never> => {
    const dir = join(opts.outDir, `seed-${opts.seed}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'screenshot.png'), fullPage: true }).catch(() => undefined);
    const lines = [
      `Soak failed at step ${records.length} of ${opts.steps} (seed ${opts.seed}): ${why}`,
      ...found.map(
        (m) => `  ${m.key}: the page shows ${m.shown ?? '(nothing)'}; the engine said ${[...new Set(m.truth)].join(' / ')} in the last ${WINDOW_MS} ms`,
      ),
      ...(pageErrors.length ? ['Errors in the page:', ...pageErrors.map((e) => `  ${e}`)] : []),
      `Replay: npm run soak -- --seed ${opts.seed} --steps ${records.length}`,
      `Steps, the page's console, a screenshot and this report: ${dir}`,
      'Last steps:',
      ...records.slice(-15).map((r) => `  ${r.n}. [${r.via}] ${r.detail} → ${r.outcome ?? '(running)'} (${r.ms ?? '?'} ms)`),
    ];
    const report = lines.join('\n');
    writeFileSync(join(dir, 'steps.json'), JSON.stringify(records, null, 1));
    writeFileSync(join(dir, 'console.txt'), consoleLines.join('\n'));
    writeFileSync(join(dir, 'report.txt'), `${report}\n`);
    throw new SoakFailure(lines[0]!, report);
  };

  /** Wait until the page agrees with the engine; a difference still there WINDOW_MS (+ slack) after `since` fails the run. */
  const converge = async (since: number, deadlineMs = WINDOW_MS + SLACK_MS): Promise<void> => {
    let readings = 0;
    for (;;) {
      const shown = await readPage(page);
      readings++;
      // Readings of the engine from a window before the page was read, to one taken just after it.
      const after = await truth.next(shown.at + 100);
      const found = mismatches(shown, truth.between(shown.at - WINDOW_MS, after.at));
      if (!found.length) {
        if (readings > 1) lagging++;
        longestWaitMs = Math.max(longestWaitMs, Date.now() - since);
        return;
      }
      if (shown.at - since > deadlineMs) await fail(`the page disagreed with the engine for more than ${WINDOW_MS} ms`, found);
      await new Promise((r) => setTimeout(r, 30));
    }
  };

  truth.start();
  try {
    await page.setViewportSize({ width: 1600, height: 1800 });
    await page.goto(`${world.url}#/containers`);
    await converge(Date.now(), 20_000);
    for (let n = 1; n <= opts.steps; n++) {
      const step = nextStep(w, n, await truth.next());
      const rec: StepRecord = { n, via: step.via, kind: step.kind, detail: step.detail, at: new Date().toISOString() };
      records.push(rec);
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        step.run(w).catch((e: Error) => `error: ${e.message.split('\n')[0]}`),
        new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), STEP_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      rec.ms = Date.now() - started;
      if (outcome === undefined) await fail(`step ${n} (${step.detail}) did not finish in ${STEP_TIMEOUT_MS / 1000} s`);
      rec.outcome = outcome;
      const k = (kinds[`${step.via} ${step.kind}`] ??= { ran: 0, skipped: 0 });
      k.ran++;
      if (/^skipped/.test(outcome!)) k.skipped++;
      log(`${n}. [${step.via}] ${step.detail} → ${outcome} (${rec.ms} ms)`);
      await converge(Date.now());
      if (pageErrors.length) await fail('the page threw an error');
    }
  } finally {
    truth.stop();
  }
  return { seed: opts.seed, steps: opts.steps, seconds: Math.round((Date.now() - t0) / 1000), kinds, lagging, longestWaitMs };
}
