import { describe, expect, it } from 'vitest';
import rolling from './fixtures/rolling-update.json' with { type: 'json' };
import services from './fixtures/services.json' with { type: 'json' };
import tasks from './fixtures/tasks.json' with { type: 'json' };
import { serviceCreateSchema } from './contract.js';
import {
  engineSpecOf,
  type EngineService,
  type EngineTask,
  serviceErrorSentence,
  shortImage,
  summariseService,
  taskErrorSentence,
  taskRows,
  updateProgress,
} from './service-spec.js';

const nodes = [{ ID: rolling.nodeId, Description: { Hostname: 'node-a' } }];
const snaps = rolling.snapshots as unknown as { service: EngineService; tasks: EngineTask[] }[];

describe('engineSpecOf', () => {
  it('builds the engine spec from a create input: host-mode ports, resources in nanoCPUs, update and rollback config, mounts', () => {
    const input = serviceCreateSchema.parse({
      name: 'web',
      image: 'nginx:alpine',
      command: ['httpd', '-f'],
      replicas: 3,
      ports: [{ target: 80, published: 8080 }],
      endpointMode: 'dnsrr',
      env: ['A=1'],
      mounts: [
        { type: 'volume', source: 'data', target: '/data' },
        { type: 'tmpfs', target: '/tmp', readOnly: false },
      ],
      networks: ['backend'],
      constraints: ['node.role==manager'],
      limits: { cpus: 0.5, memoryBytes: 256 * 1024 * 1024 },
      reservations: { cpus: 0.25 },
      update: { parallelism: 1, delaySeconds: 2, failureAction: 'rollback', order: 'start-first' },
    });
    const spec = engineSpecOf(input);
    expect(spec).toMatchObject({
      Name: 'web',
      TaskTemplate: {
        ContainerSpec: {
          Image: 'nginx:alpine',
          Args: ['httpd', '-f'],
          Env: ['A=1'],
          Mounts: [
            { Type: 'volume', Source: 'data', Target: '/data', ReadOnly: false },
            { Type: 'tmpfs', Target: '/tmp', ReadOnly: false },
          ],
        },
        Resources: { Limits: { NanoCPUs: 500_000_000, MemoryBytes: 268435456 }, Reservations: { NanoCPUs: 250_000_000 } },
        Placement: { Constraints: ['node.role==manager'] },
        Networks: [{ Target: 'backend' }],
      },
      Mode: { Replicated: { Replicas: 3 } },
      UpdateConfig: { Parallelism: 1, Delay: 2e9, FailureAction: 'rollback', Order: 'start-first' },
      RollbackConfig: { Parallelism: 1, Delay: 2e9, FailureAction: 'pause', Order: 'start-first' },
      EndpointSpec: { Mode: 'dnsrr', Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'host' }] },
    });
    expect(spec.TaskTemplate?.ContainerSpec).not.toHaveProperty('Mounts.1.Source');
  });

  it('a global service has no replica count', () => {
    expect(engineSpecOf(serviceCreateSchema.parse({ name: 'agent', image: 'busybox', mode: 'global' })).Mode).toEqual({ Global: {} });
  });
});

describe('summaries and task rows from recorded engine JSON', () => {
  it('reads a listed service with its status counts', () => {
    const s = summariseService(services[0] as unknown as EngineService);
    expect(s).toMatchObject({ name: 'web', image: 'berth-test/busybox:old', mode: 'replicated', running: 3, desired: 3, ports: [], version: 11 });
    expect(s.updateConfig).toEqual({ parallelism: 1, delaySeconds: 1, failureAction: 'pause', order: 'stop-first' });
    expect(s.update).toBeUndefined();
  });

  it('counts from the tasks when the engine gives no status', () => {
    const { ServiceStatus: _, ...bare } = services[0] as unknown as EngineService;
    const s = summariseService(bare, tasks as unknown as EngineTask[]);
    expect([s.running, s.desired]).toEqual([3, 3]);
  });

  it('rows by slot, with the node hostname', () => {
    const rows = taskRows(tasks as unknown as EngineTask[], [{ ID: tasks[0]!.NodeID, Description: { Hostname: 'node-a' } }]);
    expect(rows.map((r) => [r.slot, r.node, r.desired, r.state, r.image])).toEqual([
      [1, 'node-a', 'running', 'running', 'berth-test/busybox:old'],
      [2, 'node-a', 'running', 'running', 'berth-test/busybox:old'],
      [3, 'node-a', 'running', 'running', 'berth-test/busybox:old'],
    ]);
  });

  it('drops a pinned digest from image names', () => {
    expect(shortImage(`nginx:alpine@sha256:${'a'.repeat(64)}`)).toBe('nginx:alpine');
  });
});

describe('updateProgress on a recorded rolling update (parallelism 1, stop-first)', () => {
  it('starts with slot 1 going old → new and the others waiting', () => {
    const p = updateProgress(snaps[0]!.service, snaps[0]!.tasks, nodes);
    expect(p).toMatchObject({ state: 'updating', image: 'berth-test/busybox:new', parallelism: 1, order: 'stop-first', done: 0, total: 3 });
    expect(p.slots.map((s) => [s.slot, s.phase, s.from?.image, s.to?.image])).toEqual([
      ['1', 'updating', 'berth-test/busybox:old', 'berth-test/busybox:new'],
      ['2', 'waiting', 'berth-test/busybox:old', undefined],
      ['3', 'waiting', 'berth-test/busybox:old', undefined],
    ]);
    expect(p.slots[0]!.node).toBe('node-a');
  });

  it('counts slots done in the order the engine took them, never more than the parallelism updating at once', () => {
    const seen = snaps.map((s) => updateProgress(s.service, s.tasks, nodes));
    expect(seen.map((p) => p.done)).toEqual([0, 1, 1]);
    expect(seen.every((p) => p.slots.filter((s) => s.phase === 'updating').length <= p.parallelism)).toBe(true);
    const last = seen.at(-1)!;
    expect(last.slots.map((s) => [s.slot, s.phase])).toEqual([
      ['1', 'done'],
      ['2', 'updating'],
      ['3', 'waiting'],
    ]);
  });

  it('a task that failed marks its slot failed, with the sentence for its error', () => {
    const s = snaps[1]!;
    const broken = s.tasks.map((t) =>
      t.Slot === 1 && t.Spec?.ContainerSpec?.Image === 'berth-test/busybox:new'
        ? { ...t, Status: { ...t.Status, State: 'rejected', Err: 'No such image: berth-test/busybox:new' } }
        : t,
    );
    const p = updateProgress(s.service, broken, nodes);
    expect(p.slots[0]).toMatchObject({ slot: '1', phase: 'failed', to: { error: expect.stringContaining('could not get the image') } });
  });

  it('a slot the same change added (a scale-up), whose task the engine made just before the update’s start, is new and done once it runs', () => {
    const s = snaps[0]!;
    const spec = s.service.Spec.TaskTemplate!;
    const before = new Date(Date.parse(s.service.UpdateStatus!.StartedAt!) - 3).toISOString();
    const added = {
      ...s.tasks.find((t) => t.Slot === 3)!,
      ID: 'slot4',
      Slot: 4,
      CreatedAt: before,
      DesiredState: 'running',
      Status: { State: 'running' },
      Spec: { ContainerSpec: spec.ContainerSpec },
    } as EngineTask;
    const p = updateProgress(s.service, [...s.tasks, added], nodes);
    expect(p.slots.find((x) => x.slot === '4')).toMatchObject({ phase: 'done', to: { image: 'berth-test/busybox:new', state: 'running' } });
    expect(p.slots.find((x) => x.slot === '4')!.from).toBeUndefined();
    expect(p.total).toBe(4);
    // An old slot's only task (made from the old spec) still waits.
    expect(p.slots.find((x) => x.slot === '2')!.phase).toBe('waiting');
  });

  it('a service never updated shows each slot done at its current task', () => {
    const p = updateProgress(services[0] as unknown as EngineService, tasks as unknown as EngineTask[], nodes);
    expect(p).toMatchObject({ state: 'none', done: 3, total: 3 });
    expect(p.slots.every((s) => !s.from)).toBe(true);
  });
});

describe('sentences', () => {
  it('turns the engine’s recorded refusals into sentences', () => {
    const cases: [string, RegExp][] = [
      [
        'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
        /initialise a swarm on it in the Swarm page/,
      ],
      ['rpc error: code = AlreadyExists desc = name conflicts with an existing object: service a already exists', /^A service named "a" already exists/],
      ['rpc error: code = InvalidArgument desc = ContainerSpec: "Bad Image!!" is not a valid repository/tag', /is not a valid image reference/],
      [
        "rpc error: code = InvalidArgument desc = port '8090' is already in use by service 'i' (ppsn8) as an ingress port",
        /^Port 8090 is already published by the service "i"/,
      ],
      ['rpc error: code = Unknown desc = constraint expected one operator from ==, !=', /placement constraint is not valid/],
      ['rpc error: code = Unknown desc = update out of sequence', /changed while this change was on its way/],
      ['rpc error: code = FailedPrecondition desc = service x does not have a previous spec', /nothing to roll back to/],
      ['network nonet not found', /There is no network nonet on this swarm/],
    ];
    for (const [msg, want] of cases) expect(serviceErrorSentence(msg, { name: 'a', image: 'Bad Image!!' })).toMatch(want);
    expect(serviceErrorSentence('something else')).toBeUndefined();
  });

  it('turns task errors into sentences', () => {
    expect(taskErrorSentence('no suitable node (host-mode port already in use on 1 node)')).toMatch(/published port free/);
    expect(taskErrorSentence('no suitable node (scheduling constraints not satisfied on 1 node)')).toMatch(/No node fits/);
  });
});
