/**
 * A three-node swarm of real engines: three engine hosts (each a dockerd in its
 * own network namespace on the test bridge), added to Berth, one connection per
 * host. Berth initialises the swarm on host 1, joins host 2 as a manager and
 * host 3 as a worker (through `berth swarm`), lists the nodes with their roles,
 * and — with a three-replica service made with dockerode — drains a node and
 * sees its tasks move, and sees the tasks of a host whose dockerd was killed
 * rescheduled once the node is down; each engine refusal is a sentence. A
 * two-service stack ("walk": web with three replicas, cache with one) is
 * deployed through Berth, deployed again with four replicas and a new
 * environment while the rolling update is watched live, moves with the drain
 * and the killed node like any task, and is removed with `berth stack rm`.
 * The truth is read independently with each host's own docker CLI. Nothing
 * is left behind.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import type { ServiceWatchEvent } from '../services/contract.js';
import type { StackDeployInput } from '../stacks/contract.js';
import type { NodeRow } from '../swarm/contract.js';
import { BUSYBOX_IMAGE, importBusybox } from '../../e2e/fixtures/images.js';
import { engineHostLeftovers, startEngineHost, UNUSED_ADDRESS, type EngineHost } from '../../e2e/fixtures/engine-host.js';
import { berth, client, deployStack, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const exec = promisify(execFile);
const home = tempHome('swarm');
const SERVICE = 'bt-swarm-web';
let hosts: EngineHost[] = [];
/** One connection per host, each working against its host's engine. */
let rpcs: RpcClient[] = [];
let tokens = { worker: '', manager: '' };
const figures: Record<string, number> = {};
/** The walk stack's compose file: web (replicas and a LEVEL from the environment) and cache, both sleeping busybox. */
const stackDir = mkdtempSync('/tmp/bt-swarm-walk-');
const stackFile = join(stackDir, 'compose.yaml');
writeFileSync(
  stackFile,
  `services:
  web:
    image: ${BUSYBOX_IMAGE}
    # Stops at once when asked, so each slot of a rolling update takes seconds.
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    stop_grace_period: 2s
    environment:
      LEVEL: \${LEVEL:-1}
    deploy:
      replicas: \${WEB_REPLICAS:-3}
      endpoint_mode: dnsrr
      update_config:
        parallelism: 1
        order: stop-first
  cache:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait; done"]
    stop_grace_period: 2s
    deploy:
      replicas: 1
      endpoint_mode: dnsrr
`,
);
const walk = (environment: Record<string, string> = {}): StackDeployInput => ({ name: 'walk', files: [stackFile], envFiles: [], prune: false, environment });

beforeAll(async () => {
  hosts = await Promise.all([startEngineHost(), startEngineHost(), startEngineHost()]);
  await Promise.all(hosts.map((h) => importBusybox(h.dockerHost)));
  const { rpc } = await startTestEngine(home);
  rpcs = [rpc, await client(home), await client(home)];
  for (const [i, h] of hosts.entries()) {
    const r = await rpc.call('engines.add', { name: `host-${i + 1}`, host: h.dockerHost });
    expect(r.errors).toEqual([]);
    await rpcs[i]!.call('engines.use', { id: r.engine!.id });
  }
}, 240_000);

afterAll(async () => {
  for (const r of rpcs) r.close();
  for (const h of hosts) await h.stop();
  await removeHomes();
  rmSync(stackDir, { recursive: true, force: true });
  console.log(`swarm figures: ${JSON.stringify(figures)}`);
});

const [r1, r2, r3] = [0, 1, 2].map((i) => ({ call: ((...a: Parameters<RpcClient['call']>) => rpcs[i]!.call(...a)) as RpcClient['call'] }));
/** The sentence a call fails with. */
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (err: Error) => err.message,
  );
/** `docker node ls` on a host, read with its own CLI: address → role/manager status/availability/status. */
async function nodeLs(h: EngineHost): Promise<Map<string, string>> {
  const ids = (await h.docker(['node', 'ls', '-q'])).split('\n').filter(Boolean);
  const out = await h.docker(['node', 'inspect', '--format', '{{.Status.Addr}} {{.Spec.Role}} {{.Spec.Availability}} {{.Status.State}}', ...ids]);
  return new Map(out.split('\n').map((l) => [l.split(' ')[0]!, l.split(' ').slice(1).join(' ')]));
}
/** The running containers of the service on a host, read with that host's own docker CLI. */
async function tasksOn(h: EngineHost): Promise<number> {
  const out = await h.docker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${SERVICE}`]);
  return out.split('\n').filter(Boolean).length;
}
const byAddress = (rows: readonly NodeRow[], h: EngineHost) => rows.find((r) => r.address === h.address)!;
/** The running containers of the walk stack on a host (its own docker CLI), as "service LEVEL" sorted. */
async function walkOn(h: EngineHost): Promise<string[]> {
  const ids = (await h.docker(['ps', '-q', '--filter', 'label=com.docker.stack.namespace=walk'])).split('\n').filter(Boolean);
  if (!ids.length) return [];
  const out = await h.docker(['inspect', '--format', '{{index .Config.Labels "com.docker.swarm.service.name"}} {{range .Config.Env}}{{.}} {{end}}', ...ids]);
  return out
    .split('\n')
    .map((l) => `${l.split(' ')[0]} ${/LEVEL=(\S*)/.exec(l)?.[1] ?? '-'}`)
    .sort();
}
/** Every host's walk containers together. */
const walkEverywhere = async (list: EngineHost[] = hosts) => (await Promise.all(list.map(walkOn))).flat().sort();
/** Deploy through Berth's stream on host 1; the events it sent, or the sentence it ended with. */
const deploy = (input: StackDeployInput) => deployStack(rpcs[0]!, input);

describe('swarm', () => {
  it('a host in no swarm says so, and has no nodes to list', async () => {
    expect((await r1.call('swarm.state', {})).swarm).toMatchObject({ state: 'inactive' });
    expect(await refusal(r1.call('nodes.list', {}))).toBe('"host-1" is not in a swarm: initialise one on it, or join it to one.');
    expect(await refusal(r1.call('swarm.leave', { force: false }))).toBe('"host-1" is not in a swarm, so there is nothing to leave.');
  });

  it('initialises a swarm on host 1, which refuses a second one', async () => {
    const v = await r1.call('swarm.init', { advertiseAddr: hosts[0]!.address });
    expect(v.swarm).toMatchObject({ state: 'active', role: 'manager', managers: 1, nodes: 1, services: 0, nodeAddr: hosts[0]!.address });
    expect(v.nodes).toEqual([expect.objectContaining({ role: 'manager', managerStatus: 'leader', status: 'ready', self: true, address: hosts[0]!.address })]);
    expect(await hosts[0]!.docker(['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'])).toBe('active true');
    expect(await refusal(r1.call('swarm.init', {}))).toMatch(/^"host-1" is already in a swarm: leave that swarm first/);
  });

  it('the other hosts reach host 1’s swarm port over the test bridge', async () => {
    for (const h of hosts.slice(1)) {
      await exec('nsenter', [`--net=/run/netns/${h.name}`, '--', 'bash', '-c', `exec 3<>/dev/tcp/${hosts[0]!.address}/2377`], { timeout: 10_000 });
    }
  });

  it('shows both join tokens with the docker command to copy, as the docker CLI has them', async () => {
    const t = await r1.call('swarm.joinTokens', {});
    tokens = t;
    expect(t.worker).toBe(await hosts[0]!.docker(['swarm', 'join-token', '-q', 'worker']));
    expect(t.manager).toBe(await hosts[0]!.docker(['swarm', 'join-token', '-q', 'manager']));
    expect(t.workerCommand).toBe(`docker swarm join --token ${t.worker} ${hosts[0]!.address}:2377`);
    expect(t.managerCommand).toBe(`docker swarm join --token ${t.manager} ${hosts[0]!.address}:2377`);
  });

  it('a wrong join token, and a manager address where nothing answers, are sentences; the host stays out of any swarm', async () => {
    const wrong = `${tokens.worker.slice(0, -5)}aaaaa`;
    expect(await refusal(r2.call('swarm.join', { remoteAddr: hosts[0]!.address, token: wrong }))).toMatch(
      new RegExp(`^The manager at ${hosts[0]!.address.replace(/\./g, '\\.')}:2377 refused the join token: copy it again`),
    );
    expect(await refusal(r2.call('swarm.join', { remoteAddr: hosts[0]!.address, token: 'SWMTKN-1-nonsense' }))).toMatch(/^That is not a join token/);
    const t0 = Date.now();
    expect(await refusal(r2.call('swarm.join', { remoteAddr: UNUSED_ADDRESS, token: tokens.worker }))).toBe(
      `No manager answered at ${UNUSED_ADDRESS}:2377 from "host-2" in time: check the address and port (2377 unless the swarm chose another), and that "host-2" can reach it. Nothing was joined.`,
    );
    figures.unreachableJoinMs = Date.now() - t0;
    // The engine would go on trying in the background ("pending"): Berth called the join off.
    expect((await r2.call('swarm.state', {})).swarm.state).toBe('inactive');
    expect(await hosts[1]!.docker(['info', '--format', '{{.Swarm.LocalNodeState}}'])).toBe('inactive');
  }, 90_000);

  it('joins host 2 as a manager (through Berth) and host 3 as a worker (through `berth swarm`); three nodes with their roles', async () => {
    let t0 = Date.now();
    const v2 = await r2.call('swarm.join', { remoteAddr: hosts[0]!.address, token: tokens.manager });
    figures.joinManagerMs = Date.now() - t0;
    t0 = Date.now();
    expect(v2.swarm).toMatchObject({ state: 'active', role: 'manager', managers: 2 });
    const cli = await berth(home, ['swarm', '--engine', 'host-3', 'join', hosts[0]!.address, '--token', tokens.worker]);
    figures.cliJoinWorkerMs = Date.now() - t0;
    expect(cli.stderr).toContain('Joining through');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^"host-3" is a worker of a swarm\./);
    const rows = await r1.call('nodes.list', {});
    expect(rows.map((r) => [r.address, r.role, r.managerStatus, r.status, r.availability])).toEqual([
      [hosts[0]!.address, 'manager', 'leader', 'ready', 'active'],
      [hosts[1]!.address, 'manager', 'reachable', 'ready', 'active'],
      [hosts[2]!.address, 'worker', undefined, 'ready', 'active'],
    ]);
    const truth = await nodeLs(hosts[1]!);
    for (const r of rows) expect(truth.get(r.address)).toBe(`${r.role} ${r.availability} ${r.status}`);
    expect(rows.every((r) => r.engineVersion === rows[0]!.engineVersion && r.engineVersion !== '')).toBe(true);
    const ls = await berth(home, ['swarm', '--engine', 'host-2', 'nodes']);
    expect(ls.stdout.split('\n').filter((l) => l.includes('manager'))).toHaveLength(2);
  }, 180_000);

  it('a worker cannot list nodes or tokens: a sentence says to use a manager', async () => {
    expect((await r3.call('swarm.state', {})).swarm).toMatchObject({
      state: 'active',
      role: 'worker',
      remoteManagers: expect.arrayContaining([`${hosts[0]!.address}:2377`]),
    });
    expect(await refusal(r3.call('nodes.list', {}))).toMatch(/^"host-3" is a worker: only a manager can see or change the swarm's nodes/);
    expect(await refusal(r3.call('swarm.joinTokens', {}))).toMatch(/^"host-3" is a worker/);
  });

  it('a node that is still up is not removed: a sentence says how', async () => {
    const w = byAddress(await r1.call('nodes.list', {}), hosts[2]!);
    expect(await refusal(r1.call('nodes.remove', { id: w.id, force: false }))).toMatch(/is still up: run `docker swarm leave` on it/);
  });

  it('a three-replica service spreads over the nodes; the Nodes table counts each node’s tasks', async () => {
    const d1 = new Docker({ socketPath: hosts[0]!.dockerHost.slice('unix://'.length) });
    await d1.createService({
      Name: SERVICE,
      TaskTemplate: { ContainerSpec: { Image: BUSYBOX_IMAGE, Command: ['sleep', '3600'] } },
      Mode: { Replicated: { Replicas: 3 } },
      // This kernel has no IPVS: no virtual IP, no published ports.
      EndpointSpec: { Mode: 'dnsrr' },
    });
    const rows = await eventually(async () => {
      const r = await r1.call('nodes.list', {});
      return r.every((n) => n.tasks === 1) ? r : undefined;
    }, 60_000);
    for (const [i, h] of hosts.entries()) expect([i, await tasksOn(h)]).toEqual([i, byAddress(rows, h).tasks]);
    expect((await r1.call('swarm.state', {})).swarm.services).toBe(1);
  }, 90_000);

  it('deploys the two-service stack "walk" through Berth: the plan, then web’s three tasks and cache’s one run on the nodes', async () => {
    const plan = await r1.call('stacks.plan', walk());
    expect(plan.refusals).toEqual([]);
    expect(plan.actions.map((a) => `${a.action} ${a.kind} ${a.name}`)).toEqual([
      'create network walk_default',
      'create service walk_cache',
      'create service walk_web',
    ]);
    const t0 = Date.now();
    const r = await deploy(walk());
    expect(r.error).toBeUndefined();
    expect(r.events.at(-1)).toMatchObject({ t: 'done', changed: ['created network walk_default', 'created service walk_cache', 'created service walk_web'] });
    const running = await eventually(async () => {
      const all = await walkEverywhere();
      return all.length === 4 ? all : undefined;
    }, 90_000);
    figures.stackDeployToRunningMs = Date.now() - t0;
    expect(running).toEqual(['walk_cache -', 'walk_web 1', 'walk_web 1', 'walk_web 1']);
    // Another manager sees the same stack, and so does the CLI of the host.
    expect(await hosts[1]!.docker(['stack', 'ls', '--format', '{{.Name}} {{.Services}}'])).toBe('walk 2');
    const list = await r2.call('stacks.list', {});
    expect(list.stacks).toEqual([expect.objectContaining({ name: 'walk', services: 2, desired: 4, files: [stackFile] })]);
    expect((await r3.call('stacks.list', {})).manager).toBe(false);
  }, 150_000);

  it('deployed again with four replicas and LEVEL=2: the plan names both changes, and the rolling update is watched slot by slot', async () => {
    const next = walk({ LEVEL: '2', WEB_REPLICAS: '4' });
    const plan = await r1.call('stacks.plan', next);
    expect(plan.actions.filter((a) => a.action !== 'keep')).toEqual([
      { kind: 'service', name: 'walk_web', action: 'update', changes: ['3 replicas → 4 replicas', 'environment'] },
    ]);
    const events: ServiceWatchEvent[] = [];
    let ended: unknown = null;
    const completed = new Promise<void>((resolve) => {
      const sub = rpcs[0]!.stream(
        'services.watch',
        { service: 'walk_web' },
        {
          next: (e) => {
            events.push(e);
            if (e.progress.state === 'completed' && e.progress.done === 4) {
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
    await eventually(async () => (events.length ? true : undefined), 30_000);
    const t0 = Date.now();
    const r = await deploy(next);
    expect(r.error).toBeUndefined();
    expect(r.events.filter((e) => e.t === 'step' && e.state === 'done')).toEqual([
      { t: 'step', kind: 'service', target: 'walk_web', action: 'update', state: 'done' },
    ]);
    await completed;
    figures.stackRollMs = Date.now() - t0;
    expect(ended).toBe(null);
    const during = events.filter((e) => e.progress.state !== 'none').map((e) => e.progress);
    expect(during.at(-1)).toMatchObject({ state: 'completed', parallelism: 1, done: 4, total: 4 });
    // One slot on its way at a time (parallelism 1), the count done only grows, and a picture with some done and some not.
    // (The added fourth slot starts at once, beside the first old one.)
    for (const p of during) expect(p.slots.filter((x) => x.from && x.phase === 'updating').length).toBeLessThanOrEqual(1);
    const dones = during.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(during.some((p) => p.done >= 1 && p.done < 4)).toBe(true);
    // The three old slots were replaced; the fourth is new.
    expect(during.at(-1)!.slots.filter((x) => x.from).length).toBe(3);
    expect(
      await eventually(async () => ((await walkEverywhere()).join() === 'walk_cache -,walk_web 2,walk_web 2,walk_web 2,walk_web 2' ? true : undefined), 60_000),
    ).toBe(true);
    // Unchanged again, the plan has nothing to do.
    expect((await r1.call('stacks.plan', next)).actions.filter((a) => a.action !== 'keep')).toEqual([]);
  }, 180_000);

  it('host 3’s dockerd killed: its node goes down and its task is rescheduled on the others', async () => {
    const t0 = Date.now();
    await hosts[2]!.killEngine();
    await eventually(async () => byAddress(await r1.call('nodes.list', {}), hosts[2]!).status === 'down', 90_000);
    figures.killToDownMs = Date.now() - t0;
    await eventually(async () => ((await tasksOn(hosts[0]!)) + (await tasksOn(hosts[1]!)) === 3 ? true : undefined), 90_000);
    figures.killToRescheduledMs = Date.now() - t0;
    // The managers learn a task runs a moment after its container does: the service's 3, and the stack's 4 + 1.
    const rows = await eventually(async () => {
      const r = await r1.call('nodes.list', {});
      return byAddress(r, hosts[0]!).tasks + byAddress(r, hosts[1]!).tasks === 3 + 5 ? r : undefined;
    }, 90_000);
    expect(byAddress(rows, hosts[2]!)).toMatchObject({ status: 'down', tasks: 0 });
    expect((await nodeLs(hosts[0]!)).get(hosts[2]!.address)).toBe('worker active down');
    // The stack's tasks of host 3 run again on the two others, with the environment of the last deploy.
    expect(
      await eventually(
        async () => ((await walkEverywhere(hosts.slice(0, 2))).join() === 'walk_cache -,walk_web 2,walk_web 2,walk_web 2,walk_web 2' ? true : undefined),
        90_000,
      ),
    ).toBe(true);
  }, 200_000);

  it('the down node is removed from the swarm (no force needed once it is down)', async () => {
    const n3 = byAddress(await r1.call('nodes.list', {}), hosts[2]!);
    const rows = await r1.call('nodes.remove', { id: n3.id, force: false });
    expect(rows.map((r) => r.address).sort()).toEqual([hosts[0]!.address, hosts[1]!.address].sort());
    expect([...(await nodeLs(hosts[0]!)).keys()].sort()).toEqual([hosts[0]!.address, hosts[1]!.address].sort());
  });

  it('draining host 2 moves its tasks to host 1; activating it takes new ones again', async () => {
    const n2 = byAddress(await r1.call('nodes.list', {}), hosts[1]!);
    const t0 = Date.now();
    const after = await r1.call('nodes.update', { id: n2.id, action: 'drain' });
    expect(byAddress(after, hosts[1]!).availability).toBe('drain');
    await eventually(async () => ((await tasksOn(hosts[1]!)) === 0 && (await tasksOn(hosts[0]!)) === 3 ? true : undefined), 90_000);
    figures.drainMs = Date.now() - t0;
    expect((await nodeLs(hosts[0]!)).get(hosts[1]!.address)).toBe('manager drain ready');
    // The stack's tasks leave the drained node too.
    expect(await eventually(async () => ((await walkOn(hosts[1]!)).length === 0 && (await walkOn(hosts[0]!)).length === 5 ? true : undefined), 90_000)).toBe(
      true,
    );
    // Berth reads the spec version itself: a second change right after the first goes through.
    await r1.call('nodes.update', { id: n2.id, action: 'pause' });
    const active = await r1.call('nodes.update', { id: n2.id, action: 'activate' });
    expect(byAddress(active, hosts[1]!).availability).toBe('active');
    expect((await nodeLs(hosts[0]!)).get(hosts[1]!.address)).toBe('manager active ready');
  }, 120_000);

  it('`berth stack rm` removes the stack: its services and network go, its containers stop', async () => {
    const cli = await berth(home, ['stack', 'rm', 'walk', '--yes', '--engine', 'host-1']);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toContain('Removed service walk_web');
    expect(await hosts[0]!.docker(['stack', 'ls', '--format', '{{.Name}}'])).toBe('');
    expect(await hosts[0]!.docker(['service', 'ls', '--format', '{{.Name}}'])).toBe(SERVICE);
    expect(await eventually(async () => ((await walkEverywhere(hosts.slice(0, 2))).length === 0 ? true : undefined), 60_000)).toBe(true);
    expect(cli.stderr).toContain('Removed network walk_default');
    // Gone from the swarm, the network leaves each node's own list a moment later.
    expect(
      await eventually(async () => ((await hosts[0]!.docker(['network', 'ls', '-q', '--filter', 'name=walk_default'])) === '' ? true : undefined), 30_000),
    ).toBe(true);
    expect((await r1.call('stacks.list', {})).stacks).toEqual([]);
  }, 120_000);

  it('demotes host 2, refuses to demote the last manager, and promotes again through the CLI', async () => {
    const n2 = byAddress(await r1.call('nodes.list', {}), hosts[1]!);
    const n1 = byAddress(await r1.call('nodes.list', {}), hosts[0]!);
    expect(byAddress(await r1.call('nodes.update', { id: n2.id, action: 'demote' }), hosts[1]!).role).toBe('worker');
    expect(await refusal(r1.call('nodes.update', { id: n1.id, action: 'demote' }))).toMatch(/is the swarm's last manager: promote another node first/);
    const cli = await berth(home, ['swarm', '--engine', 'host-1', 'nodes', 'promote', hosts[1]!.address]);
    expect(cli.code).toBe(0);
    const t0 = Date.now();
    await eventually(async () => (await nodeLs(hosts[0]!)).get(hosts[1]!.address) === 'manager active ready', 30_000);
    // Promoted, it joins the managers' Raft many seconds later (about 30 s here): until then it is "joining",
    // and a demotion is refused with a sentence instead of dockerd's "can't find manager in raft memberlist".
    const early = byAddress(await r1.call('nodes.list', {}), hosts[1]!);
    if (early.managerStatus === 'joining') {
      expect(await refusal(r1.call('nodes.update', { id: n2.id, action: 'demote' }))).toMatch(/is still becoming a manager/);
      figures.joiningSeen = 1;
    }
    expect(await eventually(async () => byAddress(await r1.call('nodes.list', {}), hosts[1]!).managerStatus === 'reachable', 120_000)).toBe(true);
    figures.promoteToReachableMs = Date.now() - t0;
  }, 180_000);

  it('leaves: a manager needs force, the last one ends the swarm; the hosts are out of any swarm', async () => {
    const n2 = byAddress(await r1.call('nodes.list', {}), hosts[1]!);
    await r1.call('nodes.update', { id: n2.id, action: 'demote' });
    await eventually(async () => ((await r2.call('swarm.state', {})).swarm.role === 'worker' ? true : undefined), 30_000);
    expect((await r2.call('swarm.leave', { force: false })).swarm.state).toBe('inactive');
    expect(await refusal(r1.call('swarm.leave', { force: false }))).toMatch(/^"host-1" is the swarm's last manager: leaving ends the swarm/);
    const cli = await berth(home, ['swarm', '--engine', 'host-1', 'leave']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('is a manager: leaving needs --force');
    expect((await r1.call('swarm.leave', { force: true })).swarm.state).toBe('inactive');
    for (const h of hosts.slice(0, 2)) expect(await h.docker(['info', '--format', '{{.Swarm.LocalNodeState}}'])).toBe('inactive');
    expect(await tasksOn(hosts[0]!)).toBe(0);
  }, 90_000);

  it('leaves no namespace, process, link, folder or iptables rule behind when the hosts stop', async () => {
    for (const r of rpcs) await r.call('engines.use', { id: 'berth' });
    for (const h of hosts) await h.stop();
    expect(await engineHostLeftovers()).toEqual([]);
  }, 120_000);
});
