/**
 * The packaged backend (`berth __backend`, the Node single executable the
 * app ships) against the development one (tsx running the TypeScript), on
 * fresh homes, alternating: time from spawn to its control socket
 * answering, and its resident memory once idle (engine not started).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connectBackend, ensureBackend, stopEngineAndBackend } from '../engine/backend/launch.js';
import { appRoot } from '../engine/util/root.js';
import { median, type BenchResult } from './stats.js';

const RUNS = 5;

async function once(bin: string | undefined): Promise<{ ms: number; rssMiB: number }> {
  const home = mkdtempSync('/tmp/bk-');
  if (bin) process.env.BERTH_BACKEND_BIN = bin;
  else delete process.env.BERTH_BACKEND_BIN;
  try {
    const t0 = performance.now();
    await ensureBackend(home);
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1000));
    const client = await connectBackend(home);
    const { pid } = await client!.call('backend.hello', {});
    client!.close();
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    await stopEngineAndBackend(home);
    return { ms, rssMiB: rssKiB / 1024 };
  } finally {
    delete process.env.BERTH_BACKEND_BIN;
    rmSync(home, { recursive: true, force: true });
  }
}

export async function benchBackend(): Promise<BenchResult[]> {
  const exe = join(appRoot, 'out', 'backend', 'berth');
  if (!existsSync(exe)) {
    const { buildBackend } = await import('../scripts/build-backend.js');
    await buildBackend();
  }
  const packaged: Array<{ ms: number; rssMiB: number }> = [];
  const dev: Array<{ ms: number; rssMiB: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    packaged.push(await once(exe));
    dev.push(await once(undefined));
  }
  const series = (label: string, xs: number[]) => ({ label, samples: xs, median: median(xs) });
  return [
    {
      name: 'backend start to answering (fresh home)',
      unit: 'ms',
      subject: series(
        'berth __backend (single executable)',
        packaged.map((r) => r.ms),
      ),
      baseline: series(
        'tsx engine/backend/main.ts (development)',
        dev.map((r) => r.ms),
      ),
    },
    {
      name: 'backend resident memory, idle',
      unit: 'MiB',
      subject: series(
        'berth __backend (single executable)',
        packaged.map((r) => r.rssMiB),
      ),
      baseline: series(
        'tsx engine/backend/main.ts (development)',
        dev.map((r) => r.rssMiB),
      ),
    },
  ];
}
