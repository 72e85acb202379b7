/**
 * Pull and push of a multi-layer image (busybox + three 8 MB random layers) against a real registry on loopback, through Berth's backend
 * (the RPC the UI uses, progress included) versus the `docker` CLI, alternating in the same run. Each push goes to a fresh registry, so no
 * layer is skipped as already there; before each pull the image is removed, so its own layers download again.
 */
import type { RpcClient } from '../engine/rpc/client.js';
import { connectBackend } from '../engine/backend/launch.js';
import { dockerCli } from '../e2e/fixtures/berth.js';
import { BUSYBOX_IMAGE } from '../e2e/fixtures/images.js';
import { startRegistry } from '../e2e/fixtures/registry.js';
import { ended, median, timed, type BenchResult } from './stats.js';
import { openWorld } from './world.js';

const LAYERS = 3;
const LAYER_MB = 8;

/** Build the test image as `ref`: one commit per random layer. */
async function buildImage(dockerHost: string, ref: string): Promise<void> {
  let from = BUSYBOX_IMAGE;
  for (let i = 0; i < LAYERS; i++) {
    const id = await dockerCli(['run', '-d', from, 'sh', '-c', `head -c ${LAYER_MB * 1024 * 1024} /dev/urandom > /layer-${i}`], dockerHost);
    await dockerCli(['wait', id], dockerHost);
    from = `bench/transfer:step-${i}`;
    await dockerCli(['commit', id, i === LAYERS - 1 ? ref : from], dockerHost);
    await dockerCli(['rm', id], dockerHost);
  }
}

function follow(rpc: RpcClient, method: 'images.pull' | 'images.push', ref: string): Promise<void> {
  return ended((end) => rpc.stream(method, { ref }, { next: () => undefined, end }));
}

export async function benchTransfer(rounds = 3): Promise<BenchResult[]> {
  const world = await openWorld();
  const rpc = await connectBackend(world.home);
  if (!rpc) throw new Error('no backend');
  const registries: Array<Awaited<ReturnType<typeof startRegistry>>> = [];
  const fresh = async () => {
    const r = await startRegistry();
    registries.push(r);
    return r;
  };
  const push = { berth: [] as number[], cli: [] as number[] };
  const pull = { berth: [] as number[], cli: [] as number[] };
  try {
    const local = 'bench/transfer:latest';
    await buildImage(world.dockerHost, local);
    for (let i = 0; i < rounds; i++) {
      for (const who of ['berth', 'cli'] as const) {
        const reg = await fresh();
        const ref = `${reg.host}/bench/transfer:v1`;
        await dockerCli(['tag', local, ref], world.dockerHost);
        console.log(`  (round ${i + 1}: ${who} push)`);
        push[who].push(await timed(() => (who === 'berth' ? follow(rpc, 'images.push', ref) : dockerCli(['push', '-q', ref], world.dockerHost))));
        // Pull back from the same registry with the image's own layers gone locally.
        await dockerCli(['rmi', ref, local, 'bench/transfer:step-0', 'bench/transfer:step-1'], world.dockerHost).catch(() => undefined);
        console.log(`  (round ${i + 1}: ${who} pull)`);
        pull[who].push(await timed(() => (who === 'berth' ? follow(rpc, 'images.pull', ref) : dockerCli(['pull', '-q', ref], world.dockerHost))));
        await dockerCli(['tag', ref, local], world.dockerHost);
        await dockerCli(['rmi', ref], world.dockerHost);
        await reg.stop();
      }
    }
  } finally {
    rpc.close();
    for (const r of registries) await r.stop().catch(() => undefined);
    await world.close();
  }
  const what = `${LAYERS} × ${LAYER_MB} MB random layers on busybox`;
  return [
    {
      name: `push of a multi-layer image to a loopback registry (${what})`,
      unit: 'ms',
      subject: { label: 'Berth (images.push with progress)', samples: push.berth, median: median(push.berth) },
      baseline: { label: '`docker push`', samples: push.cli, median: median(push.cli) },
    },
    {
      name: `pull of the same image (${what})`,
      unit: 'ms',
      subject: { label: 'Berth (images.pull with progress)', samples: pull.berth, median: median(pull.berth) },
      baseline: { label: '`docker pull`', samples: pull.cli, median: median(pull.cli) },
    },
  ];
}
