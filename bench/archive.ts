/**
 * Save and load of a ~100 MB image (one random-data layer on busybox) through Berth's backend (the RPC the UI uses, progress included)
 * versus `docker save -o` / `docker load -i`, alternating in the same run. Before each load the image is removed, so its layer is written again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connectBackend } from '../engine/backend/launch.js';
import { dockerCli } from '../e2e/fixtures/berth.js';
import { BUSYBOX_IMAGE } from '../e2e/fixtures/images.js';
import { ended, median, timed, type BenchResult } from './stats.js';
import { openWorld } from './world.js';

const MB = 100;
const REF = 'bench/archive:latest';

export async function benchArchive(rounds = 3): Promise<BenchResult[]> {
  const world = await openWorld();
  const rpc = await connectBackend(world.home);
  if (!rpc) throw new Error('no backend');
  const dir = mkdtempSync('/tmp/bench-archive-');
  const save = { berth: [] as number[], cli: [] as number[] };
  const load = { berth: [] as number[], cli: [] as number[] };
  try {
    const id = await dockerCli(['run', '-d', BUSYBOX_IMAGE, 'sh', '-c', `head -c ${MB * 1024 * 1024} /dev/urandom > /blob`], world.dockerHost);
    await dockerCli(['wait', id], world.dockerHost);
    await dockerCli(['commit', id, REF], world.dockerHost);
    await dockerCli(['rm', id], world.dockerHost);
    for (let i = 0; i < rounds; i++) {
      for (const who of ['berth', 'cli'] as const) {
        const file = join(dir, `${who}-${i}.tar`);
        save[who].push(
          await timed(() =>
            who === 'berth'
              ? ended((end) => rpc.stream('images.save', { refs: [REF], path: file }, { next: () => undefined, end }))
              : dockerCli(['save', '-o', file, REF], world.dockerHost),
          ),
        );
        await dockerCli(['rmi', REF], world.dockerHost);
        load[who].push(
          await timed(() =>
            who === 'berth'
              ? ended((end) => rpc.stream('images.load', { path: file }, { next: () => undefined, end }))
              : dockerCli(['load', '-q', '-i', file], world.dockerHost),
          ),
        );
        rmSync(file);
      }
    }
  } finally {
    rpc.close();
    rmSync(dir, { recursive: true, force: true });
    await world.close();
  }
  return [
    {
      name: `save of a ${MB} MB image to a file`,
      unit: 'ms',
      subject: { label: 'Berth (images.save with progress, fsync, rename)', samples: save.berth, median: median(save.berth) },
      baseline: { label: '`docker save -o`', samples: save.cli, median: median(save.cli) },
    },
    {
      name: `load of the same file`,
      unit: 'ms',
      subject: { label: 'Berth (images.load with progress)', samples: load.berth, median: median(load.berth) },
      baseline: { label: '`docker load -i`', samples: load.cli, median: median(load.cli) },
    },
  ];
}
