/**
 * The Images view's first render of 2,000 images: Chromium opens the web host and we time navigation → the list showing the count of all
 * names and its first rows painted. Baseline: `docker images` listing the same images, in the same run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median, type BenchResult } from './stats.js';
import { loadManyImages } from './many-images.js';
import { openWorld } from './world.js';

const exec = promisify(execFile);
const COUNT = 2000;

export async function benchImagesRender(rounds = 5): Promise<BenchResult[]> {
  const world = await openWorld((dockerHost) => loadManyImages(dockerHost, COUNT));
  const ui: number[] = [];
  const cli: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const c0 = performance.now();
      const { stdout } = await exec('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}'], {
        env: { ...process.env, DOCKER_HOST: world.dockerHost },
        maxBuffer: 1 << 24,
      });
      cli.push(performance.now() - c0);
      if (stdout.trim().split('\n').length < COUNT) throw new Error('docker images saw fewer images than loaded');

      const page = await world.browser.newPage();
      const p0 = performance.now();
      await page.goto(`${world.host.url}#/images`);
      // All bench images plus the busybox test image.
      await page.getByText(`${COUNT + 1} names`).waitFor();
      await page
        .getByRole('row', { name: /bench\/img-/ })
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
      name: `first render of ${COUNT} images`,
      unit: 'ms',
      subject: { label: 'Berth UI: navigation → all counted and first rows painted', samples: ui, median: median(ui) },
      baseline: { label: '`docker images` of the same images', samples: cli, median: median(cli) },
    },
  ];
}
