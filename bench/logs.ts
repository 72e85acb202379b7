/**
 * Log throughput: a container that printed 200,000 lines, read (1) through
 * Berth's RPC (demux + batching) vs `docker logs` (baseline), and (2) followed
 * in the UI's log view (the backlog comes through the follow stream, paced by
 * the view's acks): lines/s to the last line on screen, and the main thread's
 * long tasks (how many over 50 ms, the longest); (3) a stopped container's
 * 1 GB log read by range from the engine's log file: opening it (indexing
 * where its lines are) against `docker logs --tail 100`, a page from its
 * middle against reading the log up to there through the engine's API, the
 * backend's memory while indexing, and the pager in the UI (opened at the
 * end, then a jump to the middle) with the page's heap.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { BUSYBOX_IMAGE } from '../e2e/fixtures/images.js';
import { connectBackend } from '../engine/backend/launch.js';
import { openWorld } from './world.js';
import { median, timed, type BenchResult } from './stats.js';
import { freshBackend } from './layers.js';

const exec = promisify(execFile);
const LINES = 200_000;

/**
 * Run in the page: notes when the lines chosen change (`__chosen`), and checks every frame for the first one where
 * the log terminal's rows show `$TEXT` again after they stopped showing it (`__shown`). A string, so that it runs
 * as written.
 */
const SHOWN_PROBE = `(() => {
  const text = '$TEXT';
  window.__shown = 0;
  window.__chosen = 0;
  const select = document.querySelector('select[aria-label="Lines from the end"]');
  select.addEventListener('change', () => (window.__chosen = performance.now()), { once: true, capture: true });
  let cleared = false;
  const check = () => {
    const rows = document.querySelector('[data-testid="log-terminal"] .xterm-rows');
    const has = !!rows && rows.textContent.includes(text);
    if (!has) cleared = true;
    if (cleared && has && window.__chosen) return void (window.__shown = performance.now());
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})()`;

export async function benchLogs(rounds = 3): Promise<BenchResult[]> {
  const world = await openWorld(async (dockerHost) => {
    await exec('docker', ['run', '-d', '--name', 'flood', BUSYBOX_IMAGE, 'sh', '-c', `seq 1 ${LINES} | sed 's/^/log line number /'; sleep 3600`], {
      env: { ...process.env, DOCKER_HOST: dockerHost },
    });
    await new Promise((r) => setTimeout(r, 3000));
  });
  const { home, host, browser } = world;
  const env = { ...process.env, DOCKER_HOST: world.dockerHost };
  const rpc: number[] = [];
  const cli: number[] = [];
  const ui: number[] = [];
  const longTasks: Array<{ over50: number; max: number }> = [];
  let whole: BenchResult[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const c0 = performance.now();
      await exec('docker', ['logs', 'flood'], { env, maxBuffer: 1 << 28 });
      cli.push(performance.now() - c0);

      const client = (await connectBackend(home))!;
      const r0 = performance.now();
      let n = 0;
      await new Promise<void>((resolve, reject) =>
        client.stream(
          'containers.logs',
          { id: 'flood', follow: false, tail: 'all' },
          {
            next: (b) => (n += b.lines.length),
            end: (err) => (err ? reject(err) : resolve()),
          },
        ),
      );
      rpc.push(performance.now() - r0);
      client.close();
      if (n !== LINES) throw new Error(`RPC read ${n} lines, expected ${LINES}`);

      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(host.url);
      await page.evaluate(() => {
        const w = window as unknown as { __long: number[] };
        w.__long = [];
        new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
      });
      await page.evaluate(() => (location.hash = '#/containers/flood'));
      // The view opens on the last 1,000 lines, the last one among them: timed in the page, from the change of the
      // lines chosen to the first frame where, once the terminal was cleared, the last line is on screen again.
      const last = page.getByTestId('log-terminal').getByText(`log line number ${LINES}`, { exact: true });
      await last.waitFor();
      await page.evaluate(SHOWN_PROBE.replace('$TEXT', `log line number ${LINES}`));
      await page.getByRole('combobox', { name: 'Lines from the end' }).selectOption('all');
      await page.waitForFunction(() => (window as unknown as { __shown: number }).__shown > 0, undefined, { timeout: 120_000 });
      ui.push(
        await page.evaluate(() => {
          const w = window as unknown as { __shown: number; __chosen: number };
          return w.__shown - w.__chosen;
        }),
      );
      const tasks = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
      longTasks.push({ over50: tasks.filter((d) => d > 50).length, max: Math.max(0, ...tasks) });
      await page.close();
    }
    // BERTH_BENCH_LOGS=follow leaves out (3), which takes minutes.
    if (process.env.BERTH_BENCH_LOGS !== 'follow') whole = await benchWholeLog(world, rounds);
  } finally {
    await world.close();
  }
  const perSec = (ms: number[]) => ms.map((m) => (LINES / m) * 1000);
  return [
    {
      name: `reading ${LINES.toLocaleString('en-US')} log lines (lines/s, higher is better)`,
      unit: 'lines/s',
      subject: { label: 'Berth RPC (demux in the engine, batched)', samples: perSec(rpc), median: median(perSec(rpc)) },
      baseline: { label: '`docker logs` to a pipe', samples: perSec(cli), median: median(perSec(cli)) },
    },
    {
      name: `following ${LINES.toLocaleString('en-US')} log lines in the UI (from choosing all lines to the frame that shows the last one, timed in the page; lines/s, higher is better)`,
      unit: 'lines/s',
      subject: {
        label: `log view (main-thread tasks over 50 ms: ${longTasks.map((t) => t.over50).join(', ')}; longest: ${longTasks.map((t) => Math.round(t.max)).join(', ')} ms)`,
        samples: perSec(ui),
        median: median(perSec(ui)),
      },
      baseline: { label: '`docker logs` to a pipe', samples: perSec(cli), median: median(perSec(cli)) },
    },
    ...whole,
  ];
}

/** Lines of the 1 GB log: numbered, padded to about 80 characters (about 143 bytes each in the engine's json-file). */
const HUGE_LINES = 7_500_000;

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** (3) A stopped container's 1 GB log, by range. */
async function benchWholeLog(world: Awaited<ReturnType<typeof openWorld>>, rounds: number): Promise<BenchResult[]> {
  const env = { ...process.env, DOCKER_HOST: world.dockerHost };
  const pad = 'x'.repeat(60);
  await exec('docker', ['run', '-d', '--name', 'huge', BUSYBOX_IMAGE, 'sh', '-c', `seq 1 ${HUGE_LINES} | sed 's/$/ ${pad}/'`], { env });
  await exec('docker', ['wait', 'huge'], { env });
  const path = (await exec('docker', ['inspect', '-f', '{{.LogPath}}', 'huge'], { env })).stdout.trim();
  const bytes = Number((await exec('stat', ['-c', '%s', path])).stdout.trim());
  const mid = Math.floor(HUGE_LINES / 2);
  const open: number[] = [];
  const tail: number[] = [];
  const middle: number[] = [];
  const upTo: number[] = [];
  const indexMemory: number[] = [];
  let backend = await freshBackend(world.home);
  for (let i = 0; i < rounds; i++) {
    // A backend that has not read this log yet.
    backend = await freshBackend(world.home, backend.rpc);
    const before = memoryOf(backend.pid).rss;
    open.push(
      await timed(async () => {
        const info = await backend.rpc.call('containers.logOpen', { id: 'huge' });
        if (!info.available || info.lines !== HUGE_LINES) throw new Error(`logOpen: ${JSON.stringify(info)}`);
      }),
    );
    indexMemory.push(memoryOf(backend.pid).peak - before);
    tail.push(await timed(() => exec('docker', ['logs', '--tail', '100', 'huge'], { env })));
    const at = mid + i * 1000;
    middle.push(
      await timed(async () => {
        const lines = await backend.rpc.call('containers.logRange', { id: 'huge', from: at, count: 500 });
        if (!lines[0]?.text.startsWith(`${at + 1} `)) throw new Error(`logRange read ${lines[0]?.text.slice(0, 20)} for line ${at + 1}`);
      }),
    );
    upTo.push(await timed(() => exec('sh', ['-c', `docker logs huge 2>&1 | sed -n '${at + 1}p;${at + 1}q' > /dev/null`], { env })));
  }
  // In the UI: the pager opened at the end, then line by number in the middle.
  const uiOpen: number[] = [];
  const uiJump: number[] = [];
  const heap: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${world.host.url}#/containers/huge`);
    await page.getByRole('combobox', { name: 'Lines from the end' }).waitFor();
    const pager = page.getByRole('textbox', { name: 'Whole log of huge' });
    uiOpen.push(
      await timed(async () => {
        await page.getByRole('combobox', { name: 'Lines from the end' }).selectOption('all');
        await pager.locator(`[data-line="${HUGE_LINES}"]`).getByText(`${HUGE_LINES} ${pad}`).waitFor({ timeout: 120_000 });
      }),
    );
    const line = mid + 1 + i * 7919;
    uiJump.push(
      await timed(async () => {
        await page.getByRole('textbox', { name: 'Go to line' }).fill(String(line));
        await page.getByRole('textbox', { name: 'Go to line' }).press('Enter');
        await pager.locator(`[data-line="${line}"]`).getByText(`${line} ${pad}`).waitFor();
      }),
    );
    // Scrolled through: twenty more places, then the page's heap.
    for (let k = 0; k < 20; k++) {
      await page.getByRole('textbox', { name: 'Go to line' }).fill(String(1 + k * 370_001));
      await page.getByRole('textbox', { name: 'Go to line' }).press('Enter');
      await pager
        .locator(`[data-line="${1 + k * 370_001}"]`)
        .getByText(`${1 + k * 370_001} ${pad}`)
        .waitFor();
    }
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    heap.push(await page.evaluate(() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize));
    await page.close();
  }
  backend.rpc.close();
  const mb = (x: number) => `${Math.round(x / 1e6)} MB`;
  const gb = (bytes / 1e9).toFixed(2);
  return [
    {
      name: `opening a stopped container's whole log of ${gb} GB (${HUGE_LINES.toLocaleString('en-US')} lines): where its lines are, read once`,
      unit: 'ms',
      subject: {
        label: `containers.logOpen, a backend that had not read it (its memory peak rose ${indexMemory.map(mb).join(' / ')})`,
        samples: open,
        median: median(open),
      },
      baseline: { label: '`docker logs --tail 100` (the end only)', samples: tail, median: median(tail) },
    },
    {
      name: `500 lines from the middle of the ${gb} GB log`,
      unit: 'ms',
      subject: { label: 'containers.logRange (one seek, one short read)', samples: middle, median: median(middle) },
      baseline: { label: 'the engine API up to that line (`docker logs | sed -n Np;Nq`)', samples: upTo, median: median(upTo) },
    },
    {
      name: `the ${gb} GB log in the UI: "all lines" → the last line on screen, then "Go to line" in the middle → that line on screen`,
      unit: 'ms',
      subject: {
        label: `the pager: open ${uiOpen.map((x) => Math.round(x)).join(' / ')} ms; jump (median below); page's JS heap after 22 places ${heap.map(mb).join(' / ')}`,
        samples: uiJump,
        median: median(uiJump),
      },
      baseline: { label: 'opening it, as above', samples: uiOpen, median: median(uiOpen) },
    },
  ];
}
