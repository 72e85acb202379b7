/**
 * Log throughput: a container that printed 200,000 lines, read (1) through
 * Berth's RPC (demux + batching) vs `docker logs` (baseline), and (2) followed
 * in the UI's log view (the backlog comes through the follow stream, paced by
 * the view's acks): lines/s to the last line on screen, and the main thread's
 * long tasks (how many over 50 ms, the longest).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BUSYBOX_IMAGE } from '../e2e/fixtures/images.js';
import { connectBackend } from '../engine/backend/launch.js';
import { openWorld } from './world.js';
import { median, type BenchResult } from './stats.js';

const exec = promisify(execFile);
const LINES = 200_000;

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
      const u0 = performance.now();
      await page.evaluate(() => (location.hash = '#/containers/flood'));
      await page.getByRole('combobox', { name: 'Lines from the end' }).selectOption('all');
      await page.getByTestId('log-terminal').getByText(`log line number ${LINES}`, { exact: true }).waitFor({ timeout: 120_000 });
      ui.push(performance.now() - u0);
      const tasks = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
      longTasks.push({ over50: tasks.filter((d) => d > 50).length, max: Math.max(0, ...tasks) });
      await page.close();
    }
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
      name: `following ${LINES.toLocaleString('en-US')} log lines in the UI (tail: all; lines/s to the last line on screen, higher is better)`,
      unit: 'lines/s',
      subject: {
        label: `log view (main-thread tasks over 50 ms: ${longTasks.map((t) => t.over50).join(', ')}; longest: ${longTasks.map((t) => Math.round(t.max)).join(', ')} ms)`,
        samples: perSec(ui),
        median: median(perSec(ui)),
      },
      baseline: { label: '`docker logs` to a pipe', samples: perSec(cli), median: median(perSec(cli)) },
    },
  ];
}
