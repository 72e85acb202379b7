/**
 * Swarm stacks against a real one-node swarm: an engine host (a dockerd in its own network namespace) that the test
 * makes a swarm manager with dockerode. Berth adds the host to its Engines list and a connection chooses it; a
 * compose.yaml with two services (one global with a host-mode port: two tasks of one node cannot share it), a config
 * and a secret from files and a named volume is deployed
 * as a stack, re-planned, updated, pruned and removed, and everything is read back with the host's own docker CLI
 * (whose `docker stack` reads the same namespace labels). This kernel has no IPVS: the services use dnsrr and a
 * host-mode port.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import type { RpcError } from '../rpc/protocol.js';
import type { StackDeployInput } from '../contract/index.js';
import { engineHostLeftovers, type EngineHost } from '../../e2e/fixtures/engine-host.js';
import { dismantleSwarm, initSwarm, startSwarmHost, type SwarmHost } from '../../e2e/fixtures/swarm-host.js';
import { berth, deployStack, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('stk');
const OLD = 'berth-test/busybox:old';
const NEW = 'berth-test/busybox:new';
let swarmHost: SwarmHost;
let host: EngineHost;
let rpc: RpcClient;
let hostDir = '';
const dir = mkdtempSync('/tmp/bt-stack-files-');
const file = join(dir, 'compose.yaml');

/** The stack's file: WEB_TAG picks web's image; `db` only when asked. */
function writeStack(opts: { db?: boolean; externalNet?: boolean } = {}): void {
  writeFileSync(
    file,
    `services:
  web:
    image: berth-test/busybox:\${WEB_TAG:-old}
    build: .
    command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1 & wait; done']
    environment:
      GREETING: hello
    configs: [site]
    secrets: [db_password]
    volumes: ['data:/data']
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
      labels: { team: web }
${opts.externalNet ? '    networks: [outside]\n' : ''}${
      opts.db === false
        ? ''
        : `  db:
    image: berth-test/busybox:old
    command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1 & wait; done']
    ports:
      - target: 8080
        published: 18090
        mode: host
    deploy:
      mode: global
      endpoint_mode: dnsrr
`
    }configs:
  site:
    file: ./site.conf
secrets:
  db_password:
    file: ./db_password.txt
volumes:
  data: {}
${opts.externalNet ? 'networks:\n  outside:\n    external: true\n' : ''}`,
  );
}

const input = (extra: Partial<StackDeployInput> = {}): StackDeployInput => ({
  name: 'shop',
  files: [file],
  envFiles: [],
  prune: false,
  environment: {},
  ...extra,
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: RpcError) => e.message,
  );

/** Deploy through the stream; the events it sent, or the sentence it ended with. */
const deploy = (i: StackDeployInput) => deployStack(rpc, i);

/** The host's view of a service's running tasks: "image" per running task. */
async function runningImages(service: string): Promise<string[]> {
  const out = await host.docker(['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.Image}} {{.CurrentState}}']);
  return out
    .split('\n')
    .filter((l) => / Running /.test(l))
    .map((l) => l.split(' ')[0]!)
    .sort();
}

/** The swarm taken apart, and the stack's named volume with it. */
async function dismantle(): Promise<void> {
  await dismantleSwarm(swarmHost);
  await host.docker(['volume', 'prune', '-af']).catch(() => '');
}

beforeAll(async () => {
  writeFileSync(join(dir, 'site.conf'), 'listen 8080\n');
  writeFileSync(join(dir, 'db_password.txt'), 's3cret\n');
  writeStack();
  swarmHost = await startSwarmHost([OLD, NEW], { swarm: false });
  ({ host, dir: hostDir } = swarmHost);
  ({ rpc } = await startTestEngine(home));
  const added = await rpc.call('engines.add', { name: 'swarm-host', host: host.dockerHost });
  await rpc.call('engines.use', { id: added.engine!.id });
}, 240_000);

afterAll(async () => {
  rpc?.close();
  if (host) {
    await dismantle();
    await host.stop();
  }
  await removeHomes();
  rmSync(dir, { recursive: true, force: true });
});

describe('stacks on an engine outside a swarm', () => {
  it('lists none and refuses a plan with the sentence to initialise a swarm', async () => {
    expect(await rpc.call('stacks.list', {})).toEqual({ swarm: 'inactive', manager: false, stacks: [] });
    expect(await refusal(rpc.call('stacks.plan', input()))).toMatch(/^This engine is not a swarm manager: initialise a swarm/);
  });
});

describe('a stack on a one-node swarm', () => {
  it('plans a first deploy: every object created, build ignored in a sentence', async () => {
    await initSwarm(swarmHost);
    const plan = await rpc.call('stacks.plan', input());
    expect(plan.refusals).toEqual([]);
    expect(plan.warnings[0]).toMatch(/^Ignoring unsupported options: build\./);
    expect(plan.actions.map((a) => `${a.action} ${a.kind} ${a.name}`)).toEqual([
      'create network shop_default',
      'create config shop_site',
      'create secret shop_db_password',
      'create service shop_db',
      'create service shop_web',
    ]);
    expect(await host.docker(['service', 'ls', '-q'])).toBe('');
  });

  it('refuses a file naming an external network that does not exist, and makes nothing', async () => {
    writeStack({ externalNet: true });
    const r = await deploy(input());
    expect(r.error).toMatch(/^The external network outside does not exist on this swarm: .* Nothing was changed\.$/);
    expect(await host.docker(['service', 'ls', '-q'])).toBe('');
    expect(await host.docker(['config', 'ls', '-q'])).toBe('');
    // The swarm deletes the network at once; this node lets go of its copy once the tasks' containers have gone.
    await eventually(
      async () => ((await host.docker(['network', 'ls', '-q', '--filter', 'label=com.docker.stack.namespace=shop'])) === '' ? true : undefined),
      60_000,
    );
    writeStack();
  });

  it('deploys it: the host’s docker stack sees the stack, its tasks run, the secret and config are in the containers', async () => {
    const r = await deploy(input());
    expect(r.error).toBeUndefined();
    expect(r.events.filter((e) => e.t === 'step' && e.state === 'done').map((e) => (e.t === 'step' ? `${e.kind} ${e.target}` : ''))).toEqual([
      'network shop_default',
      'config shop_site',
      'secret shop_db_password',
      'service shop_db',
      'service shop_web',
    ]);
    expect(await host.docker(['stack', 'ls', '--format', '{{.Name}} {{.Services}}'])).toBe('shop 2');
    await eventually(async () => ((await runningImages('shop_web')).length === 2 ? true : undefined), 60_000);
    expect(await runningImages('shop_web')).toEqual([OLD, OLD]);
    expect(await host.docker(['service', 'inspect', '-f', '{{index .Spec.Labels "team"}} {{index .Spec.Labels "com.docker.stack.image"}}', 'shop_web'])).toBe(
      `web ${OLD}`,
    );
    expect(await host.docker(['network', 'inspect', '-f', '{{.Driver}} {{.Scope}}', 'shop_default'])).toBe('overlay swarm');
    expect(
      Buffer.from(await host.docker(['config', 'inspect', '-f', '{{json .Spec.Data}}', 'shop_site']).then((s) => JSON.parse(s) as string), 'base64').toString(),
    ).toBe('listen 8080\n');
    const container = (await host.docker(['ps', '-q', '--filter', 'label=com.docker.swarm.service.name=shop_web'])).split('\n')[0]!;
    expect(await host.docker(['exec', container, 'cat', '/run/secrets/db_password'])).toBe('s3cret');
    expect(await host.docker(['exec', container, 'cat', '/site'])).toBe('listen 8080');
    const list = await rpc.call('stacks.list', {});
    expect(list.stacks.map((s) => [s.name, s.services])).toEqual([['shop', 2]]);
    // Redeploy offers the files the stack came from, as the engine keeps them on its services.
    const recorded = JSON.parse(await host.docker(['service', 'inspect', '-f', '{{index .Spec.Labels "berth.stack.config-files"}}', 'shop_web'])) as string[];
    expect(recorded).toEqual([join(dir, 'compose.yaml')]);
    expect(list.stacks[0]!.files).toEqual(recorded);
    const tasks = await rpc.call('stacks.tasks', { name: 'shop' });
    expect(tasks.filter((t) => t.service === 'shop_web' && t.state === 'running')).toHaveLength(2);
  });

  it('plans nothing to change right after, and an image change as an update of web alone', async () => {
    const same = await rpc.call('stacks.plan', input());
    expect(same.actions.filter((a) => a.action !== 'keep')).toEqual([]);
    const newer = await rpc.call('stacks.plan', input({ environment: { WEB_TAG: 'new' } }));
    expect(newer.actions.filter((a) => a.action !== 'keep')).toEqual([
      { kind: 'service', name: 'shop_web', action: 'update', changes: [`image ${OLD} → ${NEW}`] },
    ]);
    const r = await deploy(input({ environment: { WEB_TAG: 'new' } }));
    expect(r.error).toBeUndefined();
    await eventually(async () => ((await runningImages('shop_web')).join() === [NEW, NEW].join() ? true : undefined), 90_000);
  });

  it('refuses a secret whose file changed, saying to rename it, and changes nothing', async () => {
    writeFileSync(join(dir, 'db_password.txt'), 'other\n');
    const before = await host.docker(['service', 'inspect', '-f', '{{.Version.Index}}', 'shop_web']);
    const r = await deploy(input({ environment: { WEB_TAG: 'new' } }));
    expect(r.error).toMatch(/The secret shop_db_password already exists with other content, .*give it a new name/);
    expect(await host.docker(['service', 'inspect', '-f', '{{.Version.Index}}', 'shop_web'])).toBe(before);
    writeFileSync(join(dir, 'db_password.txt'), 's3cret\n');
  });

  it('with prune, removes the service the file no longer has', async () => {
    writeStack({ db: false });
    const plan = await rpc.call('stacks.plan', input({ environment: { WEB_TAG: 'new' }, prune: true }));
    expect(plan.actions.filter((a) => a.action === 'remove').map((a) => a.name)).toEqual(['shop_db']);
    expect((await deploy(input({ environment: { WEB_TAG: 'new' }, prune: true }))).error).toBeUndefined();
    expect(await host.docker(['service', 'ls', '--format', '{{.Name}}'])).toBe('shop_web');
    writeStack();
  });

  it('berth stack ls, services, ps, deploy --dry-run and rm, as a user runs them', async () => {
    const ls = await berth(home, ['stack', 'ls', '--engine', 'swarm-host']);
    expect(ls).toMatchObject({ code: 0, stdout: `NAME   SERVICES   TASKS   FILES\nshop   1          2/2     ${file}\n` });
    const services = await berth(home, ['stack', 'services', 'shop', '--engine', 'swarm-host']);
    expect(services.stdout).toMatch(/\nshop_web\s+replicated\s+2\/2\s+berth-test\/busybox:new\s+-\n/);
    const ps = await berth(home, ['stack', 'ps', 'shop', '--engine', 'swarm-host']);
    expect(ps.stdout.split('\n').filter((l) => /^shop_web\.\d\s.*\srunning\s+running\s/.test(l))).toHaveLength(2);
    const dry = await berth(home, ['stack', 'deploy', '-c', file, '--dry-run', '--engine', 'swarm-host', 'shop']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Create service shop_db\n/);
    expect(await host.docker(['service', 'ls', '--format', '{{.Name}}'])).toBe('shop_web');
    const unasked = await berth(home, ['stack', 'rm', 'shop', '--engine', 'swarm-host']);
    expect(unasked).toMatchObject({ code: 2, stderr: expect.stringContaining('needs --yes') });
  });

  it('removes the stack: services, then its network, config and secret, as the host sees it', async () => {
    const r = await rpc.call('stacks.remove', { name: 'shop' });
    expect(r).toEqual({
      stack: 'shop',
      services: ['shop_web'],
      networks: ['shop_default'],
      configs: ['shop_site'],
      secrets: ['shop_db_password'],
      failures: [],
    });
    expect(await host.docker(['service', 'ls', '-q'])).toBe('');
    expect(await host.docker(['config', 'ls', '-q'])).toBe('');
    expect(await host.docker(['secret', 'ls', '-q'])).toBe('');
    // The swarm deletes the network at once; this node lets go of its copy once the tasks' containers have gone.
    await eventually(
      async () => ((await host.docker(['network', 'ls', '-q', '--filter', 'label=com.docker.stack.namespace=shop'])) === '' ? true : undefined),
      60_000,
    );
    expect(await refusal(rpc.call('stacks.services', { name: 'shop' }))).toBe('There is no stack "shop" on this swarm.');
  });

  it('leaves nothing behind once the swarm is left and the host stopped', async () => {
    await dismantle();
    await host.stop();
    const mine = (await engineHostLeftovers()).filter(
      (l) => l.includes(host.name) || l.includes(hostDir) || l.includes(`bt-hv-${host.address.split('.').pop()}`),
    );
    expect(mine).toEqual([]);
  });
});
