/**
 * The containers list at scale, in Chromium against a real engine:
 * - navigation → first rows painted and → all listed, at 5,000 containers
 *   (baseline: `docker ps -a` of the same containers, same run);
 * - a filter keystroke → the filtered list painted, at 20,000 containers
 *   (every prefix of a few names typed one character at a time; p90 and
 *   median; baseline: `docker ps -a --filter name=…`, same run);
 * - the page's JavaScript heap per row (after a forced GC, against the same
 *   page with no containers).
 * Sizes: BERTH_BENCH_NAV_ROWS (5000), BERTH_BENCH_FILTER_ROWS (20000).
 * `npm run bench list-scale`.
 */
import type { Browser, Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { BUSYBOX_IMAGE } from '../e2e/fixtures/images.js';
import { countText } from '../renderer/src/features/containers/containers-model.js';
import { median, type BenchResult } from './stats.js';
import { openWorld } from './world.js';

const exec = promisify(execFile);
const NAV_ROWS = Number(process.env.BERTH_BENCH_NAV_ROWS ?? 5000);
const FILTER_ROWS = Number(process.env.BERTH_BENCH_FILTER_ROWS ?? 20000);
const NAV_ROUNDS = 5;
/** Typed one character at a time, from an empty field. */
const TYPED = ['bench-1234', 'bench-0987', 'bench-19999', 'nothing-here'];

const nameOf = (i: number) => `bench-${String(i).padStart(5, '0')}`;

/** Create containers `from`…`to`-1 (stopped), eight requests at a time. */
export async function createRange(dockerHost: string, from: number, to: number): Promise<void> {
  const docker = new Docker({ socketPath: dockerHost.replace('unix://', '') });
  const t0 = performance.now();
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      await docker.createContainer({ Image: BUSYBOX_IMAGE, name: nameOf(i), Cmd: ['true'], Labels: { 'dev.berth.bench': `row ${i}` } });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  console.log(`  (created containers ${from}…${to - 1} in ${Math.round(performance.now() - t0)} ms)`);
}

/** Milliseconds of `docker ps -a` with `args`. */
async function dockerPs(dockerHost: string, args: string[] = []): Promise<number> {
  const t0 = performance.now();
  await exec('docker', ['ps', '-a', ...args, '--format', '{{.Names}}'], { env: { ...process.env, DOCKER_HOST: dockerHost }, maxBuffer: 1 << 26 });
  return performance.now() - t0;
}

/** The page's JavaScript heap in bytes, after a forced garbage collection. */
async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

/** A page with the containers list fully loaded (its count says `total`). */
async function openList(browser: Browser, url: string, total: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.getByText(countText(total, total), { exact: true }).waitFor({ timeout: 120_000 });
  return page;
}

/**
 * Type `text` one character at a time. For each keystroke: the time from the
 * input event to the DOM showing the filtered list (its count says
 * `expected(prefix)` rows: the work), to the first frame with the field's new
 * text (echo), and to the first frame whose DOM shows the filtered list
 * (painted: the frame paints right after its animation-frame callbacks).
 */
export async function typeAndTime(
  page: Page,
  text: string,
  total: number,
  expected: (q: string) => number,
): Promise<{ work: number[]; echo: number[]; painted: number[] }> {
  const work: number[] = [];
  const echo: number[] = [];
  const painted: number[] = [];
  for (let i = 1; i <= text.length; i++) {
    const q = text.slice(0, i);
    const want = countText(expected(q), total);
    // A string, not a function: the TypeScript loader would wrap inner functions in a helper the page lacks.
    const [w, e, p] = await page.evaluate<[number, number, number]>(`(async () => {
      const want = ${JSON.stringify(want)};
      const input = document.querySelector('input[type=search]');
      const count = document.querySelector('.count');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
      const before = count.textContent;
      let shownAt = null;
      const seen = new MutationObserver(() => {
        if (shownAt === null && count.textContent === want) shownAt = performance.now();
      });
      seen.observe(count, { childList: true, characterData: true, subtree: true });
      await frame();
      const start = performance.now();
      setter.call(input, ${JSON.stringify(q)});
      input.dispatchEvent(new Event('input', { bubbles: true }));
      let echoed = null;
      for (;;) {
        const t = await frame();
        if (echoed === null) echoed = t - start;
        if (count.textContent === want) {
          seen.disconnect();
          // A keystroke that leaves the count as it was has no DOM change to time: no work figure for it.
          return [before === want ? -1 : (shownAt ?? t) - start, echoed, t - start];
        }
        if (t - start > 10000) throw new Error('the list never showed ' + want + ' (shows ' + count.textContent + ')');
      }
    })()`);
    if (w >= 0) work.push(w);
    echo.push(e);
    painted.push(p);
  }
  // Clear the field for the next word.
  await page.evaluate(`(async () => {
    const input = document.querySelector('input[type=search]');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, '');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
  await page.getByText(countText(total, total), { exact: true }).waitFor();
  return { work, echo, painted };
}

/** In the app, from the Images page to the Containers page: the time to the first frame showing container rows. */
async function navigateToContainers(page: Page): Promise<number> {
  await page.evaluate(`location.hash = '#/images'`);
  await page.getByRole('heading', { name: 'Images', exact: true }).waitFor();
  return page.evaluate<number>(`(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
    await frame();
    const start = performance.now();
    location.hash = '#/containers';
    for (;;) {
      const t = await frame();
      if (document.querySelector('[role=row][aria-rowindex="2"]')) return t - start;
      if (t - start > 10000) throw new Error('no container rows after navigating');
    }
  })()`);
}

const p90 = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))] ?? 0;

export async function benchListScale(): Promise<BenchResult[]> {
  const world = await openWorld();
  const { browser, host, dockerHost } = world;
  const results: BenchResult[] = [];
  try {
    // The heap of the same page with no containers, for the per-row figure.
    const empty = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await empty.goto(host.url);
    await empty.getByRole('heading', { name: 'No containers yet' }).waitFor({ timeout: 60_000 });
    await empty.waitForTimeout(1000);
    const heap0 = await heapAfterGc(empty);
    await empty.close();

    // Navigation → painted at NAV_ROWS.
    await createRange(dockerHost, 0, NAV_ROWS);
    const firstRows: number[] = [];
    const allRows: number[] = [];
    const cli: number[] = [];
    const inAppNav: number[] = [];
    for (let r = 0; r < NAV_ROUNDS; r++) {
      cli.push(await dockerPs(dockerHost));
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      // Timed in the page from the start of its navigation (performance.now() counts from there), checked at every frame.
      await page.addInitScript(`(() => {
        const check = (t) => {
          if (window.__firstRowAt === undefined && document.querySelector('[role=row][aria-rowindex="2"]')) window.__firstRowAt = t;
          if (window.__allAt === undefined && document.querySelector('.count')?.textContent === ${JSON.stringify(countText(NAV_ROWS, NAV_ROWS))}) window.__allAt = t;
          if (window.__allAt === undefined) requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      })()`);
      await page.goto(host.url);
      await page.waitForFunction(() => (window as unknown as { __allAt?: number }).__allAt !== undefined, undefined, { timeout: 120_000 });
      const [first, all] = await page.evaluate<[number, number]>('[window.__firstRowAt, window.__allAt]');
      firstRows.push(first);
      allRows.push(all);
      if (r === NAV_ROUNDS - 1) {
        for (let n = 0; n < NAV_ROUNDS; n++) inAppNav.push(await navigateToContainers(page));
        const heap = await heapAfterGc(page);
        console.log(
          `  heap at ${NAV_ROWS} rows: ${((heap - heap0) / NAV_ROWS).toFixed(0)} bytes per row (${(heap / 1048576).toFixed(1)} MiB in all, ${(heap0 / 1048576).toFixed(1)} MiB empty)`,
        );
      }
      await page.close();
    }
    results.push(
      {
        name: `navigation → first rows painted, ${NAV_ROWS.toLocaleString('en-US')} containers`,
        unit: 'ms',
        subject: { label: 'Berth UI: page load → first rows painted', samples: firstRows, median: median(firstRows) },
        baseline: { label: '`docker ps -a` of the same containers', samples: cli, median: median(cli) },
      },
      {
        name: `in-app navigation → painted, ${NAV_ROWS.toLocaleString('en-US')} containers`,
        unit: 'ms',
        subject: { label: 'Berth UI: Images → Containers, first rows painted', samples: inAppNav, median: median(inAppNav) },
        baseline: { label: '`docker ps -a` of the same containers', samples: cli, median: median(cli) },
      },
      {
        name: `navigation → all listed, ${NAV_ROWS.toLocaleString('en-US')} containers`,
        unit: 'ms',
        subject: { label: 'Berth UI: page load → every row listed (count shown)', samples: allRows, median: median(allRows) },
        baseline: { label: '`docker ps -a` of the same containers', samples: cli, median: median(cli) },
      },
    );

    // Keystrokes at FILTER_ROWS.
    await createRange(dockerHost, NAV_ROWS, FILTER_ROWS);
    const names = Array.from({ length: FILTER_ROWS }, (_, i) => nameOf(i));
    const image = BUSYBOX_IMAGE.toLowerCase();
    // What the filter matches for these queries: the name, the image, or the `dev.berth.bench=row N` label.
    const expected = (q: string) =>
      image.includes(q) || 'dev.berth.bench=row '.includes(q)
        ? FILTER_ROWS
        : names.filter((n, i) => n.includes(q) || `dev.berth.bench=row ${i}`.includes(q)).length;
    const page = await openList(browser, host.url, FILTER_ROWS);
    const heap = await heapAfterGc(page);
    console.log(`  heap at ${FILTER_ROWS} rows: ${((heap - heap0) / FILTER_ROWS).toFixed(0)} bytes per row (${(heap / 1048576).toFixed(1)} MiB in all)`);
    const work: number[] = [];
    const echo: number[] = [];
    const painted: number[] = [];
    const cliFilter: number[] = [];
    for (const word of TYPED) {
      const t = await typeAndTime(page, word, FILTER_ROWS, expected);
      work.push(...t.work);
      echo.push(...t.echo);
      painted.push(...t.painted);
      cliFilter.push(await dockerPs(dockerHost, ['--filter', `name=${word}`]));
    }
    const inApp: number[] = [];
    const cliAll: number[] = [];
    for (let r = 0; r < NAV_ROUNDS; r++) {
      inApp.push(await navigateToContainers(page));
      cliAll.push(await dockerPs(dockerHost));
    }
    await page.close();
    const f = (xs: number[]) => `median ${median(xs).toFixed(1)} ms, p90 ${p90(xs).toFixed(1)} ms, worst ${Math.max(...xs).toFixed(1)} ms`;
    console.log(`  ${painted.length} keystrokes at ${FILTER_ROWS.toLocaleString('en-US')} rows:`);
    console.log(`    keystroke → filtered list in the DOM (work): ${f(work)}`);
    console.log(`    keystroke → field echo painted: ${f(echo)}`);
    console.log(`    keystroke → filtered list painted: ${f(painted)}`);
    console.log(`    \`docker ps -a --filter name=…\`: ${f(cliFilter)}`);
    console.log(`  in-app navigation Images → Containers at ${FILTER_ROWS.toLocaleString('en-US')} rows, first rows painted: ${f(inApp)}`);
    results.push(
      {
        name: `filter keystroke p90, ${FILTER_ROWS.toLocaleString('en-US')} containers`,
        unit: 'ms',
        subject: { label: 'Berth list: keystroke → filtered list painted (p90)', samples: painted, median: p90(painted) },
        baseline: { label: 'the same keystrokes → the search field alone painted (p90)', samples: echo, median: p90(echo) },
      },
      {
        name: `in-app navigation → painted, ${FILTER_ROWS.toLocaleString('en-US')} containers`,
        unit: 'ms',
        subject: { label: 'Berth UI: Images → Containers, first rows painted', samples: inApp, median: median(inApp) },
        baseline: { label: '`docker ps -a` of the same containers', samples: cliAll, median: median(cliAll) },
      },
    );
  } finally {
    await world.close();
  }
  return results;
}
