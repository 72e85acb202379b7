/** A benchmark's world: a fresh Berth home with its engine, the busybox image, the web host and Chromium. */
import { mkdtempSync, rmSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { runBerth } from '../e2e/fixtures/berth.js';
import { BUSYBOX_IMAGE, importBusybox } from '../e2e/fixtures/images.js';
import { ensureBackend } from '../engine/backend/launch.js';
import { startWebHost, type WebHost } from '../engine/web/host.js';

export interface BenchWorld {
  readonly home: string;
  readonly dockerHost: string;
  readonly host: WebHost;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Start everything; `prepare` runs against the engine before the UI opens (e.g. to create containers). */
export async function openWorld(prepare?: (dockerHost: string) => Promise<void>): Promise<BenchWorld> {
  const home = mkdtempSync('/tmp/bw-');
  const up = await runBerth(home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(up.stderr);
  const dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
  await importBusybox(dockerHost);
  await prepare?.(dockerHost);
  await ensureBackend(home);
  const host = await startWebHost({ home });
  const browser = await chromium.launch({
    executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    home,
    dockerHost,
    host,
    browser,
    close: async () => {
      await browser.close();
      await host.close();
      await runBerth(home, ['engine', 'down']);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Create `n` stopped containers named bench-0000…, eight at a time; logs how long it took. */
export async function createMany(dockerHost: string, n: number): Promise<void> {
  const Docker = (await import('dockerode')).default;
  const docker = new Docker({ socketPath: dockerHost.replace('unix://', '') });
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await docker.createContainer({ Image: BUSYBOX_IMAGE, name: `bench-${String(i).padStart(4, '0')}`, Cmd: ['true'] });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  console.log(`  (created ${n} containers in ${Math.round(performance.now() - t0)} ms)`);
}
