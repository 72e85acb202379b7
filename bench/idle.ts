/**
 * Idle: nothing changes on the engine and the Containers page is open (no stats view on screen
 * but the list's own, no relative time shown: the engine has no containers). Measured over
 * IDLE_SECONDS in windows of WINDOW_SECONDS, after the page settled:
 * - the backend's wake-ups per second (context switches of all its threads, from /proc) and CPU;
 *   baseline: a bare Node process that only waits, measured in the same windows;
 * - the page's timer and animation-frame callbacks per second (counted by wrapping setTimeout,
 *   setInterval and requestAnimationFrame before the page's own scripts run); baseline: about:blank
 *   with the same counters, in the same run.
 * `npm run bench idle`; needs `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { layout } from '../engine/engine/paths.js';
import { median, type BenchResult } from './stats.js';
import { parseProcStat } from '../engine/system/proc-usage.js';
import { openWorld } from './world.js';

const IDLE_SECONDS = Number(process.env.BERTH_BENCH_IDLE_SECONDS ?? 60);
const WINDOW_SECONDS = 10;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Voluntary context switches of every thread of `pid`: each is a thread going back to sleep after a wake-up (preemptions, which load causes, are left out). */
function switchesOf(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      for (const m of status.matchAll(/^voluntary_ctxt_switches:\s+(\d+)$/gm)) total += Number(m[1]);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return total;
}

/** CPU time of `pid` in seconds (user + system, all threads). */
function cpuOf(pid: number): number {
  return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuTicks / TICKS_PER_SECOND;
}

/**
 * Before any of the page's scripts: count the callbacks of timers and animation frames that run. Plain
 * JavaScript text, not a function of this file: tsx would wrap its inner functions in a helper the page lacks.
 */
const COUNT_CALLBACKS = `(() => {
  window.berthCallbacks = 0;
  const wrap = (fn) => (typeof fn === 'function' ? (...args) => { window.berthCallbacks++; return fn(...args); } : fn);
  const st = window.setTimeout.bind(window);
  const si = window.setInterval.bind(window);
  const raf = window.requestAnimationFrame.bind(window);
  window.setTimeout = (fn, ms, ...rest) => st(wrap(fn), ms, ...rest);
  window.setInterval = (fn, ms, ...rest) => si(wrap(fn), ms, ...rest);
  window.requestAnimationFrame = (fn) => raf(wrap(fn));
})();`;

const callbacks = (page: Page) => page.evaluate(() => (window as unknown as { berthCallbacks: number }).berthCallbacks);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchIdle(): Promise<BenchResult[]> {
  const world = await openWorld();
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 2 ** 30)'], { stdio: 'ignore' });
  try {
    const backendPid = Number(readFileSync(layout(world.home).backendPidfile, 'utf8').trim());
    const page = await world.browser.newPage();
    await page.addInitScript({ content: COUNT_CALLBACKS });
    await page.goto(`${world.host.url}#/containers`);
    await page.getByText('No containers yet').waitFor();
    // A window of its own, so that neither page is a background tab (whose timers Chromium throttles).
    const blank = await (await world.browser.newContext()).newPage();
    await blank.addInitScript({ content: COUNT_CALLBACKS });
    await blank.goto('about:blank');
    await sleep(5000); // let the first load's work (chunks preloaded while idle, streams opened) finish

    const backend: number[] = [];
    const bareNode: number[] = [];
    const pageRate: number[] = [];
    const blankRate: number[] = [];
    const cpu0 = cpuOf(backendPid);
    for (let t = 0; t < IDLE_SECONDS; t += WINDOW_SECONDS) {
      const b0 = switchesOf(backendPid);
      const n0 = switchesOf(bare.pid!);
      const p0 = await callbacks(page);
      const k0 = await callbacks(blank);
      await sleep(WINDOW_SECONDS * 1000);
      backend.push((switchesOf(backendPid) - b0) / WINDOW_SECONDS);
      bareNode.push((switchesOf(bare.pid!) - n0) / WINDOW_SECONDS);
      pageRate.push(((await callbacks(page)) - p0) / WINDOW_SECONDS);
      blankRate.push(((await callbacks(blank)) - k0) / WINDOW_SECONDS);
    }
    const cpuPercent = ((cpuOf(backendPid) - cpu0) / IDLE_SECONDS) * 100;
    console.log(`  (backend CPU over ${IDLE_SECONDS} s idle: ${cpuPercent.toFixed(2)}% of one core)`);
    return [
      {
        name: `idle backend, Containers page open, ${IDLE_SECONDS} s`,
        unit: 'wake-ups/s',
        subject: { label: "Berth backend: its threads' voluntary context switches (wake-ups) per second", samples: backend, median: median(backend) },
        baseline: { label: 'a bare Node process that only waits', samples: bareNode, median: median(bareNode) },
      },
      {
        name: `idle page, Containers page open, ${IDLE_SECONDS} s`,
        unit: 'callbacks/s',
        subject: { label: 'Berth UI: timer and animation-frame callbacks per second', samples: pageRate, median: median(pageRate) },
        baseline: { label: 'about:blank with the same counters', samples: blankRate, median: median(blankRate) },
      },
    ];
  } finally {
    bare.kill();
    await world.close();
  }
}
