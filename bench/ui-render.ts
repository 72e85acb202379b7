/**
 * The UI's first render of 1,000 containers: Chromium opens the web host and
 * we time navigation → the list showing all 1,000 (count shown and first rows
 * painted). Baseline: `docker ps -a` listing the same 1,000, in the same run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median, type BenchResult } from './stats.js';
import { createMany, openWorld } from './world.js';

const exec = promisify(execFile);
const COUNT = 1000;

export async function benchUiRender(rounds = 5): Promise<BenchResult[]> {
  const world = await openWorld((dockerHost) => createMany(dockerHost, COUNT));
  const ui: number[] = [];
  const cli: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const c0 = performance.now();
      const { stdout } = await exec('docker', ['ps', '-a', '--format', '{{.Names}}'], {
        env: { ...process.env, DOCKER_HOST: world.dockerHost },
        maxBuffer: 1 << 24,
      });
      cli.push(performance.now() - c0);
      if (stdout.trim().split('\n').length < COUNT) throw new Error('docker ps saw fewer containers than created');

      const page = await world.browser.newPage();
      const p0 = performance.now();
      await page.goto(world.host.url);
      await page.getByText(/1,?000 containers/).waitFor();
      await page
        .getByRole('row', { name: /bench-0/ })
        .first()
        .waitFor();
      ui.push(performance.now() - p0);
      await page.close();
    }
  } finally {
    await world.close();
  }
  return [
    {
      name: `first render of ${COUNT} containers`,
      unit: 'ms',
      subject: { label: 'Berth UI: navigation → all listed and first rows painted', samples: ui, median: median(ui) },
      baseline: { label: '`docker ps -a` of the same containers', samples: cli, median: median(cli) },
    },
  ];
}
