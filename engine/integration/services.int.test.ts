/**
 * Swarm services against a real one-node swarm: an engine host (a dockerd in its own network namespace) that the
 * test makes a swarm manager with dockerode, advertising its own 10.231.7.N address. Berth adds the host to its
 * Engines list and a connection chooses it; everything Berth does is read back with the host's own docker CLI.
 * There is no registry in the namespace: two local tags of the test image are the "old" and the "new" image.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import type { RpcError } from '../rpc/protocol.js';
import type { CreateServiceInput, ServiceLogLine, ServiceWatchEvent } from '../contract/index.js';
import { engineHostLeftovers, type EngineHost } from '../../e2e/fixtures/engine-host.js';
import { dismantleSwarm, initSwarm, startSwarmHost, type SwarmHost } from '../../e2e/fixtures/swarm-host.js';
import { berth, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('svc');
const OLD = 'berth-test/busybox:old';
const NEW = 'berth-test/busybox:new';
/** Prints a line a second naming its task's container, and stops at once when asked. */
const LOOP = ['sh', '-c', 'trap "exit 0" TERM; while true; do echo "line from $(hostname)"; sleep 1 & wait; done'];
let swarmHost: SwarmHost;
let host: EngineHost;
let docker: Docker;
let rpc: RpcClient;
let hostDir = '';

const web = (extra: Partial<CreateServiceInput> = {}): CreateServiceInput => ({
  name: 'web',
  image: OLD,
  command: LOOP,
  replicas: 3,
  stopGraceSeconds: 2,
  update: { parallelism: 1, delaySeconds: 0, failureAction: 'pause', order: 'stop-first' },
  ...extra,
});

/** The host's own view of a service's running tasks: "slot image" per running task, sorted. */
async function runningOnHost(service: string): Promise<string[]> {
  const out = await host.docker(['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.Name}} {{.Image}} {{.CurrentState}}']);
  return out
    .split('\n')
    .filter((l) => / Running /.test(l))
    .map((l) => l.split(' ').slice(0, 2).join(' '))
    .sort();
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: RpcError) => e.message,
  );

beforeAll(async () => {
  // Two imports are two images (each its own creation time): the update really changes what runs.
  swarmHost = await startSwarmHost([OLD, NEW], { swarm: false });
  ({ host, docker, dir: hostDir } = swarmHost);
  ({ rpc } = await startTestEngine(home));
  const added = await rpc.call('engines.add', { name: 'swarm-host', host: host.dockerHost });
  await rpc.call('engines.use', { id: added.engine!.id });
}, 240_000);

afterAll(async () => {
  rpc?.close();
  if (host) {
    await dismantleSwarm(swarmHost);
    await host.stop();
  }
  await removeHomes();
});

describe('services on an engine outside a swarm', () => {
  it('lists nothing and says so; creating is refused with the sentence to initialise a swarm', async () => {
    expect(await rpc.call('services.list', {})).toEqual({ swarm: 'inactive', manager: false, services: [] });
    expect(await refusal(rpc.call('services.create', web()))).toBe(
      'This engine is not a swarm manager: initialise a swarm on it in the Swarm page (or join it to one as a manager) to run services.',
    );
  });

  it('an overlay network is refused with the sentence to initialise a swarm, and nothing is made', async () => {
    expect(await refusal(rpc.call('networks.create', { name: 'early', driver: 'overlay', attachable: true, internal: false, labels: {} }))).toBe(
      'An overlay network spans the nodes of a swarm, and "swarm-host" is in none: initialise a swarm on it (Swarm page) or choose a manager\'s engine in the switcher, or make a bridge network.',
    );
    expect(await refusal(rpc.call('networks.create', { name: 'early', attachable: true, internal: false, labels: {} }))).toMatch(
      /^Only an overlay network is attachable/,
    );
    expect(await host.docker(['network', 'ls', '-q', '--filter', 'name=^early$'])).toBe('');
  });
});

describe('services on a one-node swarm', () => {
  it('creates a 3-replica service whose tasks the host’s docker CLI sees running', async () => {
    await initSwarm(swarmHost);
    const s = await rpc.call('services.create', web());
    expect(s).toMatchObject({ name: 'web', image: OLD, mode: 'replicated', desired: 3 });
    await eventually(async () => ((await runningOnHost('web')).length === 3 ? true : undefined), 60_000);
    expect(await runningOnHost('web')).toEqual([`web.1 ${OLD}`, `web.2 ${OLD}`, `web.3 ${OLD}`]);
    const tasks = await rpc.call('services.tasks', { service: 'web' });
    const hostname = (await docker.info()).Name as string;
    expect(tasks.filter((t) => t.desired === 'running').map((t) => [t.slot, t.state, t.node, t.image])).toEqual([
      [1, 'running', hostname, OLD],
      [2, 'running', hostname, OLD],
      [3, 'running', hostname, OLD],
    ]);
    const list = await rpc.call('services.list', {});
    expect(list).toMatchObject({ swarm: 'active', manager: true });
    expect(list.services.map((x) => [x.name, x.running, x.desired])).toEqual([['web', 3, 3]]);
  });

  it('scales to 5 and back to 3, as the host counts them', async () => {
    expect((await rpc.call('services.scale', { service: 'web', replicas: 5 })).desired).toBe(5);
    await eventually(async () => ((await runningOnHost('web')).length === 5 ? true : undefined), 60_000);
    expect(await host.docker(['service', 'ls', '--filter', 'name=web', '--format', '{{.Replicas}}'])).toBe('5/5');
    await rpc.call('services.scale', { service: 'web', replicas: 3 });
    await eventually(async () => ((await host.docker(['ps', '-q'])).split('\n').filter(Boolean).length === 3 ? true : undefined), 60_000);
    expect(await runningOnHost('web')).toEqual([`web.1 ${OLD}`, `web.2 ${OLD}`, `web.3 ${OLD}`]);
  });

  it('rolls an update with parallelism 1: the watch sees each slot go old → new, one at a time, in the order the engine took them', async () => {
    const events: ServiceWatchEvent[] = [];
    let ended: RpcError | undefined | null = null;
    const completed = new Promise<void>((resolve) => {
      const sub = rpc.stream(
        'services.watch',
        { service: 'web' },
        {
          next: (e) => {
            events.push(e);
            if (e.service.image === NEW && e.progress.state === 'completed') {
              sub.cancel();
              resolve();
            }
          },
          end: (err) => {
            ended = err;
            resolve();
          },
        },
      );
    });
    await eventually(() => (events.length ? true : undefined));
    const u = await rpc.call('services.update', { service: 'web', image: NEW });
    expect(u.image).toBe(NEW);
    await completed;
    expect(ended).toBe(null);
    const during = events.filter((e) => e.service.image === NEW).map((e) => e.progress);
    expect(during.at(-1)).toMatchObject({ state: 'completed', image: NEW, parallelism: 1, done: 3, total: 3 });
    // Never more than one slot on its way at once, and the count of slots done only grows.
    for (const p of during) expect(p.slots.filter((s) => s.phase === 'updating').length).toBeLessThanOrEqual(1);
    const dones = during.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    // Each slot went old → new; the order the slots finished in is the order the view lists them.
    const final = during.at(-1)!.slots;
    expect(final.map((s) => [s.from?.image, s.to?.image, s.phase])).toEqual([
      [OLD, NEW, 'done'],
      [OLD, NEW, 'done'],
      [OLD, NEW, 'done'],
    ]);
    const finishOrder: string[] = [];
    for (const p of during) for (const s of p.slots) if (s.phase === 'done' && !finishOrder.includes(s.slot)) finishOrder.push(s.slot);
    expect(finishOrder).toEqual(final.map((s) => s.slot));
    // Seen on the way: a picture where exactly one slot was done and the others not yet.
    expect(during.some((p) => p.done === 1 && p.slots.some((s) => s.phase !== 'done'))).toBe(true);
    expect(await runningOnHost('web')).toEqual([`web.1 ${NEW}`, `web.2 ${NEW}`, `web.3 ${NEW}`]);
  });

  it('rolls back to the old image', async () => {
    const r = await rpc.call('services.rollback', { service: 'web' });
    expect(r.image).toBe(OLD);
    await eventually(async () => {
      const s = (await rpc.call('services.list', {})).services.find((x) => x.name === 'web');
      return s?.update?.state === 'rollback_completed' ? true : undefined;
    }, 90_000);
    expect(await runningOnHost('web')).toEqual([`web.1 ${OLD}`, `web.2 ${OLD}`, `web.3 ${OLD}`]);
  });

  it('logs hold lines from every running task, each tagged with its task and node', async () => {
    const hostname = (await docker.info()).Name as string;
    const lines = await new Promise<ServiceLogLine[]>((resolve, reject) => {
      const got: ServiceLogLine[] = [];
      rpc.stream('services.logs', { service: 'web', tail: 2000 }, { next: (b) => got.push(...b), end: (err) => (err ? reject(err) : resolve(got)) });
    });
    const running = (await rpc.call('services.tasks', { service: 'web' })).filter((t) => t.state === 'running');
    for (const t of running) {
      const mine = lines.filter((l) => l.task === t.id);
      expect(mine.length, `lines of ${t.id}`).toBeGreaterThan(0);
      expect(mine[0]).toMatchObject({ taskName: `web.${t.slot}`, node: hostname, stream: 'stdout', text: `line from ${t.containerId!.slice(0, 12)}` });
    }
  });

  it('turns bad input into sentences, and creates nothing for them', async () => {
    expect(await refusal(rpc.call('services.create', web()))).toBe('A service named "web" already exists: choose another name, or update that service.');
    expect(await refusal(rpc.call('services.create', web({ name: 'bad-image', image: 'Bad Image!!' })))).toMatch(/"Bad Image!!" contains a space/);
    expect(await refusal(rpc.call('services.create', web({ name: 'bad-c', constraints: ['node.rol=manager'] })))).toMatch(/is not a placement constraint/);
    expect(await refusal(rpc.call('services.create', web({ name: 'bad-c2', constraints: ['zone==b'] })))).toMatch(/tests "zone", which no node has/);
    await rpc.call('services.create', web({ name: 'pub', replicas: 1, ports: [{ target: 80, published: 18080 }] }));
    expect(await refusal(rpc.call('services.create', web({ name: 'pub2', replicas: 1, ports: [{ target: 81, published: 18080 }] })))).toBe(
      'Port 18080/tcp is already published by the service "pub": choose another published port.',
    );
    expect(await refusal(rpc.call('services.rollback', { service: 'pub' }))).toBe('"pub" has not been updated yet, so there is nothing to roll back to.');
    expect(await refusal(rpc.call('services.scale', { service: 'nowhere', replicas: 2 }))).toBe('There is no service "nowhere": it may have been removed.');
    expect(await refusal(rpc.call('services.create', web({ name: 'on-net', networks: ['no-such-net'] })))).toBe(
      'There is no network no-such-net on this swarm: create it as an overlay network first, or leave it out.',
    );
    expect((await host.docker(['service', 'ls', '--format', '{{.Name}}'])).split('\n').sort()).toEqual(['pub', 'web']);
  });

  it('berth service ls and ps, as a user runs them against the engine', async () => {
    const ls = await berth(home, ['service', 'ls', '--engine', 'swarm-host']);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/^NAME\s+MODE\s+REPLICAS\s+IMAGE\s+PORTS\s+UPDATE\n/);
    expect(ls.stdout).toMatch(/\nweb\s+replicated\s+3\/3\s+berth-test\/busybox:old\s+-\s+rollback_completed\n/);
    expect(ls.stdout).toMatch(/\npub\s+replicated\s+1\/1\s+.*\*:18080->80\/tcp \(host\)/);
    const ps = await berth(home, ['service', 'ps', 'web', '--engine', 'swarm-host']);
    expect(ps.stdout.split('\n').filter((l) => /\srunning\s+running\s/.test(l))).toHaveLength(3);
    const own = await berth(home, ['service', 'ls']);
    expect(own).toMatchObject({ code: 1, stderr: expect.stringContaining('not in a swarm') });
  });

  it('berth service create, scale, logs and rm, as a user runs them', async () => {
    const bad = await berth(home, ['service', 'create', '--name', 'cli', '--replicas', 'two', '-p', '99999', OLD]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('Nothing was created:\n--replicas: Replicas is a whole number.\n--publish: "99999": ports are numbers from 1 to 65535.\n');
    const made = await berth(home, ['service', 'create', '--engine', 'swarm-host', '--name', 'cli', '--replicas', '1', OLD, ...LOOP.slice(0, 2), LOOP[2]!]);
    expect(made.stderr).toBe(`Created cli (1 replica) from ${OLD}.\n`);
    expect(made.stdout.trim()).toBe(await host.docker(['service', 'inspect', '-f', '{{.ID}}', 'cli']));
    expect((await berth(home, ['service', 'scale', 'cli=2', '--engine', 'swarm-host'])).stderr).toBe('cli scaled to 2.\n');
    await eventually(async () => ((await runningOnHost('cli')).length === 2 ? true : undefined), 60_000);
    const logs = await berth(home, ['service', 'logs', 'cli', '--tail', '3', '--engine', 'swarm-host']);
    expect(
      logs.stdout
        .split('\n')
        .filter(Boolean)
        .every((l) => /^cli\.[12]@\S+ \| line from [0-9a-f]{12}$/.test(l)),
    ).toBe(true);
    const unasked = await berth(home, ['service', 'rm', 'cli', '--engine', 'swarm-host']);
    expect(unasked).toMatchObject({ code: 2, stderr: expect.stringContaining('needs --yes') });
    expect((await berth(home, ['service', 'rm', 'cli', '--yes', '--engine', 'swarm-host'])).stderr).toBe('Removed cli.\n');
    expect((await host.docker(['service', 'ls', '--format', '{{.Name}}'])).split('\n').sort()).toEqual(['pub', 'web']);
  });

  it('makes an attachable overlay network, places a service on it, lets a container join it, and keeps it while the service is on it', async () => {
    // A second run starts clean.
    await host.docker(['service', 'rm', 'onfront']).catch(() => '');
    await host.docker(['network', 'rm', 'front']).catch(() => '');
    const made = await rpc.call('networks.create', {
      name: 'front',
      driver: 'overlay',
      attachable: true,
      subnet: '10.252.0.0/24',
      internal: false,
      labels: {},
    });
    expect(made).toMatchObject({
      name: 'front',
      driver: 'overlay',
      scope: 'swarm',
      attachable: true,
      ingress: false,
      subnets: ['10.252.0.0/24'],
      services: [],
    });
    expect(await host.docker(['network', 'inspect', '-f', '{{.Driver}} {{.Scope}} {{.Attachable}}', 'front'])).toBe('overlay swarm true');
    await rpc.call('services.create', web({ name: 'onfront', replicas: 1, networks: ['front'] }));
    await eventually(async () => ((await runningOnHost('onfront')).length === 1 ? true : undefined), 60_000);
    const list = await rpc.call('networks.list', {});
    expect(list.find((n) => n.name === 'front')!.services).toEqual(['onfront']);
    expect(list.find((n) => n.name === 'ingress')).toMatchObject({ ingress: true, driver: 'overlay', scope: 'swarm', services: [] });
    // The network carries traffic: a container started by docker run joins it and reaches the task's address.
    const task = (await host.docker(['ps', '-q', '--filter', 'label=com.docker.swarm.service.name=onfront'])).trim();
    const taskIp = await host.docker(['inspect', '-f', '{{(index .NetworkSettings.Networks "front").IPAddress}}', task]);
    expect(taskIp).toMatch(/^10\.252\.0\.\d+$/);
    expect(await host.docker(['run', '--rm', '--network', 'front', OLD, 'busybox', 'ping', '-c', '1', '-W', '5', taskIp])).toContain('1 packets received');
    // Kept while the service is on it, and the routing mesh always; the refusals name why.
    expect(await rpc.call('networks.remove', { names: ['front', 'ingress'] })).toEqual([
      { id: 'front', ok: false, error: 'front is in use by the service onfront: remove it, or update it onto another network, first.' },
      { id: 'ingress', ok: false, error: expect.stringMatching(/^ingress is the swarm's routing-mesh network/) },
    ]);
    expect(await host.docker(['network', 'ls', '-q', '--filter', 'name=^front$'])).not.toBe('');
    await rpc.call('services.remove', { services: ['onfront'] });
    // Once the task's container has gone too, the network may go.
    await eventually(
      async () => ((await host.docker(['ps', '-aq', '--filter', 'label=com.docker.swarm.service.name=onfront'])) === '' ? true : undefined),
      60_000,
    );
    await eventually(async () => ((await rpc.call('networks.remove', { names: ['front'] }))[0]!.ok ? true : undefined), 30_000);
    expect(await host.docker(['network', 'ls', '-q', '--filter', 'name=^front$'])).toBe('');
  }, 180_000);

  it('removes the services, and their containers go', async () => {
    expect(await rpc.call('services.remove', { services: ['web', 'pub'] })).toEqual({ removed: ['web', 'pub'] });
    expect(await host.docker(['service', 'ls', '-q'])).toBe('');
    await eventually(async () => ((await host.docker(['ps', '-aq'])) === '' ? true : undefined), 60_000);
    expect((await rpc.call('services.list', {})).services).toEqual([]);
  });

  it('leaves nothing behind once the swarm is left and the host stopped', async () => {
    await dismantleSwarm(swarmHost);
    await host.stop();
    const mine = (await engineHostLeftovers()).filter(
      (l) => l.includes(host.name) || l.includes(hostDir) || l.includes(`bt-hv-${host.address.split('.').pop()}`),
    );
    expect(mine).toEqual([]);
  });
});
