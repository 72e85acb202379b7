/**
 * The UI's first render of 1,000 containers: Chromium opens the web host and
 * we time navigation → the list showing all 1,000 (count shown and first rows
 * painted). Baseline: `docker ps -a` listing the same 1,000, in the same run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { runBerth } from '../e2e/fixtures/berth.js';
import { importBusybox, BUSYBOX_IMAGE } from '../e2e/fixtures/images.js';
import { ensureBackend } from '../engine/backend/launch.js';
import { startWebHost } from '../engine/web/host.js';
import { median, type BenchResult } from './stats.js';

const exec = promisify(execFile);
const COUNT = 1000;

export async function createMany(dockerHost: string, n: number): Promise<void> {
  const Docker = (await import('dockerode')).default;
  const docker = new Docker({ socketPath: dockerHost.replace('unix://', '') });
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await docker.createContainer({ Image: BUSYBOX_IMAGE, name: `bench-${String(i).padStart(4, '0')}`, Cmd: ['true'] });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export async function benchUiRender(rounds = 5): Promise<BenchResult[]> {
  const home = mkdtempSync('/tmp/bu-');
  const up = await runBerth(home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(up.stderr);
  const dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
  await importBusybox(dockerHost);
  const t0 = performance.now();
  await createMany(dockerHost, COUNT);
  console.log(`  (created ${COUNT} containers in ${Math.round(performance.now() - t0)} ms)`);
  await ensureBackend(home);
  const host = await startWebHost({ home });
  const browser = await chromium.launch({
    executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const ui: number[] = [];
  const cli: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const c0 = performance.now();
      const { stdout } = await exec('docker', ['ps', '-a', '--format', '{{.Names}}'], { env: { ...process.env, DOCKER_HOST: dockerHost }, maxBuffer: 1 << 24 });
      cli.push(performance.now() - c0);
      if (stdout.trim().split('\n').length < COUNT) throw new Error('docker ps saw fewer containers than created');

      const page = await browser.newPage();
      const p0 = performance.now();
      await page.goto(host.url);
      await page.getByText(/1,?000 containers/).waitFor();
      await page.getByRole('row', { name: /bench-0/ }).first().waitFor();
      ui.push(performance.now() - p0);
      await page.close();
    }
  } finally {
    await browser.close();
    await host.close();
    await runBerth(home, ['engine', 'down']);
    rmSync(home, { recursive: true, force: true });
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
