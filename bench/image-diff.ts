/**
 * Two images of 100,000 files compared file by file (the layer bench's
 * generator: the second shares the first 15 of 20 layers and writes other
 * bytes of the same sizes in the last 5), against the floor of reading both
 * `docker save` streams through `tar -t`: on a fresh backend with nothing
 * indexed, and on a fresh backend that finds the layer indexes on disk.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { runBerth } from '../e2e/fixtures/berth.js';
import { layout } from '../engine/engine/paths.js';
import { freshBackend, makeImage } from './layers.js';
import { median, timed, type BenchResult } from './stats.js';

const exec = promisify(execFile);
const A = 'bench/diff-a:100k';
const B = 'bench/diff-b:100k';

export async function benchImageDiff(rounds = 3): Promise<BenchResult[]> {
  const home = mkdtempSync('/tmp/bd-');
  const up = await runBerth(home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(up.stderr);
  const dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
  const env = { ...process.env, DOCKER_HOST: dockerHost };
  const floor: number[] = [];
  const fresh: number[] = [];
  const fromDisk: number[] = [];
  let differences = 0;
  try {
    await makeImage(dockerHost, home, A, 'a');
    await makeImage(dockerHost, home, B, 'b');
    const cacheDir = layout(home).layerCacheDir;
    let backend = await freshBackend(home);
    for (let i = 0; i < rounds; i++) {
      floor.push(await timed(() => exec('sh', ['-c', `docker save ${A} | tar -t > /dev/null && docker save ${B} | tar -t > /dev/null`], { env })));
      rmSync(cacheDir, { recursive: true, force: true });
      backend = await freshBackend(home, backend.rpc);
      fresh.push(
        await timed(async () => {
          const d = await backend.rpc.call('layers.diff', { a: A, b: B, limit: 0 });
          differences = d.totals.added + d.totals.removed + d.totals.changed;
        }),
      );
      console.error(`image-diff round ${i}: floor ${floor.at(-1)!.toFixed(0)} ms, fresh ${fresh.at(-1)!.toFixed(0)} ms, ${differences} differences`);
    }
    // Let the indexes reach the disk, then a restarted backend finds them there.
    await new Promise((r) => setTimeout(r, 1000));
    for (let i = 0; i < rounds; i++) {
      backend = await freshBackend(home, backend.rpc);
      fromDisk.push(await timed(() => backend.rpc.call('layers.diff', { a: A, b: B, limit: 0 })));
      console.error(`image-diff from disk ${i}: ${fromDisk.at(-1)!.toFixed(0)} ms`);
    }
    backend.rpc.close();
  } finally {
    await runBerth(home, ['engine', 'down']);
    rmSync(home, { recursive: true, force: true });
  }
  const floorSeries = { label: '`docker save A | tar -t` then the same for B (the floor)', samples: floor, median: median(floor) };
  return [
    {
      name: `comparing two images of 100,000 files, ${differences.toLocaleString()} differences (ms, lower is better; target ≤ 2× the floor)`,
      unit: 'ms',
      subject: { label: 'Berth layers.diff on a fresh backend, nothing indexed (reads both archives)', samples: fresh, median: median(fresh) },
      baseline: floorSeries,
    },
    {
      name: 'comparing them again after a backend restart (ms, lower is better)',
      unit: 'ms',
      subject: { label: 'Berth layers.diff from the layer indexes on disk', samples: fromDisk, median: median(fromDisk) },
      baseline: floorSeries,
    },
  ];
}
