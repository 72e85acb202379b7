/**
 * Copying a 200 MB image (one random-data layer on busybox) from Berth's engine to a second dockerd: Berth's
 * `images.copyTo` (the RPC the UI uses, progress included) versus `docker save | docker -H … load`, alternating
 * in the same run. The image is removed from the target before each copy, so its layers are written again.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connectBackend } from '../engine/backend/launch.js';
import { dockerCli } from '../e2e/fixtures/berth.js';
import { BUSYBOX_IMAGE } from '../e2e/fixtures/images.js';
import { startSecondEngine } from '../e2e/fixtures/second-engine.js';
import { ended, median, timed, type BenchResult } from './stats.js';
import { openWorld } from './world.js';

const MB = 200;
const REF = 'bench/copy:latest';
const sh = promisify(execFile);

export async function benchEngineCopy(rounds = 3): Promise<BenchResult[]> {
  const world = await openWorld();
  const second = await startSecondEngine();
  const rpc = await connectBackend(world.home);
  if (!rpc) throw new Error('no backend');
  const times = { berth: [] as number[], cli: [] as number[] };
  try {
    const id = await dockerCli(
      ['run', '-d', '--network', 'none', BUSYBOX_IMAGE, 'sh', '-c', `head -c ${MB * 1024 * 1024} /dev/urandom > /blob`],
      world.dockerHost,
    );
    await dockerCli(['wait', id], world.dockerHost);
    await dockerCli(['commit', id, REF], world.dockerHost);
    await dockerCli(['rm', id], world.dockerHost);
    const added = await rpc.call('engines.add', { name: 'bench-target', host: second.dockerHost });
    const to = added.engine!.id;
    for (let i = 0; i < rounds; i++) {
      for (const who of ['berth', 'cli'] as const) {
        await dockerCli(['rmi', REF], second.dockerHost).catch(() => '');
        times[who].push(
          await timed(() =>
            who === 'berth'
              ? ended((end) => rpc.stream('images.copyTo', { ref: REF, to }, { next: () => undefined, end }))
              : sh('sh', ['-c', `docker -H "$FROM" save ${REF} | docker -H "$TO" load -q`], {
                  env: { ...process.env, FROM: world.dockerHost, TO: second.dockerHost },
                }),
          ),
        );
      }
    }
  } finally {
    rpc.close();
    await second.stop();
    await world.close();
  }
  return [
    {
      name: `copy of a ${MB} MB image to a second engine`,
      unit: 'ms',
      subject: { label: 'Berth (images.copyTo, streamed, with progress)', samples: times.berth, median: median(times.berth) },
      baseline: { label: '`docker save | docker -H … load`', samples: times.cli, median: median(times.cli) },
    },
  ];
}
