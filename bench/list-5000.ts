/**
 * The containers list at 5,000 containers: filtering (keystroke → list
 * updated) and scrolling (frame times while scrolling the whole list), in
 * Chromium against a real engine. Baseline: `docker ps -a` filtering the same
 * containers by name, in the same run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median, type BenchResult } from './stats.js';
import { createMany, openWorld } from './world.js';

const exec = promisify(execFile);
const COUNT = 5000;
const QUERIES = ['bench-42', 'bench-1', 'bench-49', 'nothing-matches', 'bench-0'];

export async function benchList5000(): Promise<BenchResult[]> {
  const world = await openWorld((dockerHost) => createMany(dockerHost, COUNT));
  const { browser, host, dockerHost } = world;
  const filterMs: number[] = [];
  const cliMs: number[] = [];
  let frames: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.getByText(/5,000 containers/).waitFor({ timeout: 60_000 });
    for (const q of QUERIES) {
      const c0 = performance.now();
      await exec('docker', ['ps', '-a', '--filter', `name=${q}`, '--format', '{{.Names}}'], {
        env: { ...process.env, DOCKER_HOST: dockerHost },
        maxBuffer: 1 << 24,
      });
      cliMs.push(performance.now() - c0);
      // Keystroke to painted list, measured in the page: input event, then two animation frames.
      filterMs.push(
        await page.evaluate(async (query) => {
          const input = document.querySelector<HTMLInputElement>('input[type=search]')!;
          const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
          const start = performance.now();
          setter.call(input, query);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - start;
        }, q),
      );
    }
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input[type=search]')!;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, '');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.getByText(/^5,000 containers$/).waitFor();
    // Scroll the whole list top to bottom in 3 s, recording every frame's duration.
    // A string, not a function: the TypeScript loader would wrap named inner functions in a helper the page lacks.
    frames = await page.evaluate<number[]>(`(async () => {
      const body = document.querySelector('.table-body');
      const out = [];
      const start = performance.now();
      let last = start;
      await new Promise((resolve) => {
        const step = (t) => {
          out.push(t - last);
          last = t;
          const p = Math.min(1, (t - start) / 3000);
          body.scrollTop = p * (body.scrollHeight - body.clientHeight);
          if (p < 1) requestAnimationFrame(step);
          else resolve();
        };
        requestAnimationFrame(step);
      });
      return out.slice(1);
    })()`);
    await page.close();
  } finally {
    await world.close();
  }
  const sorted = [...frames].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  console.log(
    `  scrolling ${COUNT} rows: ${frames.length} frames in 3 s, median ${median(frames).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, worst ${(sorted.at(-1) ?? 0).toFixed(1)} ms per frame`,
  );
  return [
    {
      name: `filtering ${COUNT.toLocaleString('en-US')} containers by name`,
      unit: 'ms',
      subject: { label: 'Berth list: keystroke → filtered list painted', samples: filterMs, median: median(filterMs) },
      baseline: { label: '`docker ps -a --filter name=…`', samples: cliMs, median: median(cliMs) },
    },
  ];
}
