/**
 * Package scan time per GB of layers: an image of 100,000 files in 20 layers
 * (the layer bench's generator) is indexed once, its package findings are
 * then deleted from the cache and a fresh backend asked for its packages, so
 * the time is the one pass over the `docker save` stream that reads package
 * files alone; against the floor of that stream read through `tar -t`. Both
 * are given in ms per GB of the archive.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runBerth } from '../e2e/fixtures/berth.js';
import { layout } from '../engine/engine/paths.js';
import { freshBackend, makeImage } from './layers.js';
import { median, timed, type BenchResult } from './stats.js';

const exec = promisify(execFile);
const IMAGE = 'bench/packages:100k';

export async function benchPackages(rounds = 3): Promise<BenchResult[]> {
  const home = mkdtempSync('/tmp/bp-');
  const up = await runBerth(home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(up.stderr);
  const dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
  const env = { ...process.env, DOCKER_HOST: dockerHost };
  const scan: number[] = [];
  const floor: number[] = [];
  let bytes = 0;
  try {
    await makeImage(dockerHost, home, IMAGE);
    bytes = Number((await exec('sh', ['-c', `docker save ${IMAGE} | wc -c`], { env })).stdout.trim());
    const cacheDir = layout(home).layerCacheDir;
    let backend = await freshBackend(home);
    // Indexed once: the layer indexes (and the package findings, which are deleted below) reach the disk.
    await backend.rpc.call('layers.packages', { ref: IMAGE });
    await new Promise((r) => setTimeout(r, 1000));
    for (let i = 0; i < rounds; i++) {
      floor.push(await timed(() => exec('sh', ['-c', `docker save ${IMAGE} | tar -t > /dev/null`], { env })));
      for (const f of readdirSync(cacheDir)) if (f.endsWith('.packages.json.gz')) rmSync(join(cacheDir, f));
      backend = await freshBackend(home, backend.rpc);
      scan.push(await timed(() => backend.rpc.call('layers.packages', { ref: IMAGE })));
      console.error(`packages round ${i}: floor ${floor.at(-1)!.toFixed(0)} ms, scan ${scan.at(-1)!.toFixed(0)} ms, ${(bytes / 1e6).toFixed(0)} MB`);
    }
    backend.rpc.close();
  } finally {
    await runBerth(home, ['engine', 'down']);
    rmSync(home, { recursive: true, force: true });
  }
  const perGb = (xs: number[]) => xs.map((x) => x / (bytes / 1e9));
  return [
    {
      name: `package scan time per GB of layers (an archive of ${(bytes / 1e6).toFixed(0)} MB, 100,000 files; ms per GB, lower is better)`,
      unit: 'ms/GB',
      subject: {
        label: 'Berth layers.packages, package files read in one pass over the archive (layer indexes cached)',
        samples: perGb(scan),
        median: median(perGb(scan)),
      },
      baseline: { label: '`docker save | tar -t > /dev/null` (the floor)', samples: perGb(floor), median: median(perGb(floor)) },
    },
  ];
}
