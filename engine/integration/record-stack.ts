/**
 * Records what a real swarm holds right after Berth deploys the fixture stack (engine/stacks/fixtures/app) into
 * engine/stacks/fixtures/engine-after-deploy.json, which the planner's unit tests read (run by hand, as root:
 * `node --import tsx engine/integration/record-stack.ts`). A one-node swarm on an engine host, with the external
 * network and secret the file names made first; the stack deployed by Berth's own StacksService as `shop`; then the
 * engine's services, networks, configs and secrets as the API gives them. The fixture folder's path is written as
 * @APP_DIR@ so the tests read it wherever the checkout is. Ids, versions and times are the engine's own.
 */
import type Docker from 'dockerode';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineClient } from '../engine/index.js';
import { StacksService } from '../stacks/stacks.js';
import type { StackDeployEvent } from '../stacks/contract.js';
import { dismantleSwarm, startSwarmHost } from '../../e2e/fixtures/swarm-host.js';

const fixtures = join(import.meta.dirname, '..', 'stacks', 'fixtures');
const app = join(fixtures, 'app');
// The db service binds ./seed: a folder that exists only while the recording runs.
const seed = join(app, 'seed');
mkdirSync(seed, { recursive: true });
const swarm = await startSwarmHost(['berth-test/busybox:old', 'berth-test/busybox:new']);
try {
  const { docker } = swarm;
  await docker.createNetwork({ Name: 'shared-back', Driver: 'overlay', Attachable: true } as never);
  await docker.createSecret({ Name: 'api_key', Data: Buffer.from('k3y').toString('base64') } as never);
  const engine = { docker: () => docker } as unknown as EngineClient;
  const stacks = new StacksService(engine, () => false);
  const events: StackDeployEvent[] = [];
  await stacks.deploy(
    { name: 'shop', files: [join(app, 'compose.yaml')], envFiles: [], prune: false, environment: { WEB_TAG: 'new' } },
    { emit: (e) => events.push(e), signal: new AbortController().signal },
  );
  const done = events.at(-1);
  if (done?.t !== 'done') throw new Error(`the deploy did not finish: ${JSON.stringify(events)}`);
  // The tasks as they settle: db's one, and web's that fit (three tasks of one node cannot share the host-mode port 19090).
  const running = async () =>
    (
      (await (docker.listServices({ status: true } as Docker.ServiceListOptions) as Promise<unknown>)) as {
        Spec: { Name: string };
        ServiceStatus?: { RunningTasks: number };
      }[]
    ).map((s) => `${s.Spec.Name}=${s.ServiceStatus?.RunningTasks ?? 0}`);
  for (let i = 0; i < 60; i++) {
    const r = await running();
    if (r.includes('shop_db=1') && !r.includes('shop_web=0')) break;
    await new Promise((res) => setTimeout(res, 500));
  }
  await new Promise((res) => setTimeout(res, 3000));
  const [services, networks, configs, secrets] = await Promise.all([
    docker.listServices({ status: true } as Docker.ServiceListOptions) as Promise<unknown> as Promise<unknown[]>,
    docker.listNetworks() as Promise<unknown> as Promise<unknown[]>,
    docker.listConfigs() as Promise<unknown> as Promise<unknown[]>,
    docker.listSecrets() as Promise<unknown> as Promise<unknown[]>,
  ]);
  const state = { services, networks, configs, secrets };
  const text = JSON.stringify(state, null, 2).replaceAll(app, '@APP_DIR@');
  const file = join(fixtures, 'engine-after-deploy.json');
  const before = readFileSync(file, 'utf8');
  writeFileSync(file, `${text}\n`);
  console.log(`recorded ${file}: ${services.length} services, ${networks.length} networks, ${configs.length} configs, ${secrets.length} secrets`);
  console.log(before === `${text}\n` ? 'unchanged' : 'changed');
} finally {
  await dismantleSwarm(swarm).catch(() => undefined);
  await swarm.docker.pruneVolumes().catch(() => undefined);
  await swarm.docker
    .getNetwork('shared-back')
    .remove()
    .catch(() => undefined);
  await swarm.host.stop();
  rmSync(seed, { recursive: true, force: true });
}
