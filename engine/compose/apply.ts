/**
 * Applying the plan of `up` on the engine: networks and volumes with Compose's labels, pulls and builds, then
 * each service as soon as the services it depends on meet their conditions (started, healthy, completed
 * successfully), so independent services come up in parallel. What was done is kept in a journal: a failed `up`
 * stops starting new work and says exactly what it had changed; everything else is left as it was.
 */
import type Docker from 'dockerode';
import type { z } from 'zod';
import { engineMessage } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import type { BuildEvent, buildStartSchema } from '../builds/contract.js';
import type { PullProgress } from '../contract/index.js';
import { parseDuration } from './config-hash.js';
import type { ComposeUpEvent } from './contract.js';
import { containerRequest } from './create-body.js';
import { readEngineState } from './engine-state.js';
import { isPlainObject } from './interpolate.js';
import { resourceLabels } from './naming.js';
import type { ComposeProject } from './normalize.js';
import { planUp, type ComposePlan, type ServicePlan } from './plan.js';
import { narrowPlan } from './scale.js';
import { waitForContainer } from './wait.js';

/** The other services `up` uses: pulling and building images. */
export interface ImageSources {
  pull(ref: string, sink: StreamSink<PullProgress>): Promise<void>;
  build(input: z.output<typeof buildStartSchema>, sink: StreamSink<BuildEvent>): Promise<void>;
}

type Emit = (e: ComposeUpEvent) => void;

/** Seconds a service's containers get to stop (`stop_grace_period`, else the engine's 10). */
export function stopSeconds(svc: Readonly<Record<string, unknown>> | undefined): number {
  const ns = svc?.stop_grace_period === undefined ? null : parseDuration(svc.stop_grace_period);
  return ns === null ? 10 : Math.round(ns / 1e9);
}

/** Stop (ignoring "already stopped") and remove a container. */
export async function stopAndRemove(docker: Docker, id: string, seconds: number): Promise<void> {
  const c = docker.getContainer(id);
  await c.stop({ t: seconds }).catch((err: { statusCode?: number }) => {
    if (err.statusCode !== 304 && err.statusCode !== 404) throw err;
  });
  await c.remove({ force: true }).catch((err: { statusCode?: number }) => {
    if (err.statusCode !== 404) throw err;
  });
}

function sinkOf<E>(signal: AbortSignal, onEvent: (e: E) => void): StreamSink<E> {
  return { signal, emit: onEvent };
}

class Journal {
  readonly done: string[] = [];
  add(what: string): void {
    this.done.push(what);
  }
  /** The failure as one sentence set: why, then what was changed before it. */
  failure(reason: string): RpcError {
    const why = reason.replace(/[.\s]+$/, '');
    const did = this.done.length ? `Before that, Berth ${this.done.join(', ')}; nothing else was changed.` : 'Nothing was changed.';
    return new RpcError('engine', `${why}. ${did}`);
  }
}

/** Build a service's image with Berth's build service; `onEvent` sees the build's events as they come. */
export async function buildImage(
  sources: ImageSources,
  project: ComposeProject,
  service: string,
  image: string,
  signal: AbortSignal,
  opts: { onEvent?: (e: BuildEvent) => void; noCache?: boolean; pull?: boolean } = {},
): Promise<void> {
  const b = project.services[service]!.build as Record<string, unknown>;
  let failed: string | undefined;
  let done = false;
  await sources.build(
    {
      context: String(b.context),
      dockerfile: typeof b.dockerfile === 'string' ? b.dockerfile : undefined,
      tags: [image],
      buildArgs: isPlainObject(b.args) ? Object.fromEntries(Object.entries(b.args).map(([k, v]) => [k, String(v ?? '')])) : {},
      labels: isPlainObject(b.labels) ? Object.fromEntries(Object.entries(b.labels).map(([k, v]) => [k, String(v ?? '')])) : {},
      target: typeof b.target === 'string' ? b.target : undefined,
      noCache: opts.noCache === true || b.no_cache === true,
      pull: opts.pull === true || b.pull === true,
      builder: 'auto',
    },
    sinkOf<BuildEvent>(signal, (e) => {
      opts.onEvent?.(e);
      if (e.t === 'failed') failed = e.message;
      if (e.t === 'done') done = true;
    }),
  );
  if (failed || !done) throw new Error(`The build of ${service} failed: ${failed ?? 'it ended without an image'}`);
}

/** Networks, volumes, pulls and builds: everything the containers need. */
async function prepare(docker: Docker, project: ComposeProject, plan: ComposePlan, sources: ImageSources, journal: Journal, emit: Emit, signal: AbortSignal) {
  const step = (kind: 'network' | 'volume' | 'image', target: string, action: string, state: 'working' | 'done') =>
    emit({ t: 'step', kind, target, action, state });
  await Promise.all(
    plan.networks
      .filter((n) => n.action === 'create')
      .map(async (n) => {
        const def = project.networks[n.key]!;
        step('network', n.name, 'create', 'working');
        await docker.createNetwork({
          Name: n.name,
          Driver: typeof def.driver === 'string' ? def.driver : 'bridge',
          Internal: def.internal === true,
          Attachable: def.attachable === true,
          EnableIPv6: def.enable_ipv6 === true,
          Options: isPlainObject(def.driver_opts) ? (def.driver_opts as Record<string, string>) : undefined,
          Labels: resourceLabels(project, 'networks', n.key),
          CheckDuplicate: true,
        });
        journal.add(`created network ${n.name}`);
        step('network', n.name, 'create', 'done');
      }),
  );
  await Promise.all(
    plan.volumes
      .filter((v) => v.action === 'create')
      .map(async (v) => {
        const def = project.volumes[v.key]!;
        step('volume', v.name, 'create', 'working');
        await docker.createVolume({
          Name: v.name,
          Driver: typeof def.driver === 'string' ? def.driver : 'local',
          DriverOpts: isPlainObject(def.driver_opts) ? (def.driver_opts as Record<string, string>) : {},
          Labels: resourceLabels(project, 'volumes', v.key),
        });
        journal.add(`created volume ${v.name}`);
        step('volume', v.name, 'create', 'done');
      }),
  );
  const images = new Map(plan.images.map((i) => [i.image, i]));
  await Promise.all(
    [...images.values()].map(async (i) => {
      step('image', i.image, i.action, 'working');
      if (i.action === 'pull')
        await sources.pull(
          i.image,
          sinkOf(signal, () => undefined),
        );
      else await buildImage(sources, project, i.service, i.image, signal);
      journal.add(`${i.action === 'pull' ? 'pulled' : 'built'} image ${i.image}`);
      step('image', i.image, i.action, 'done');
    }),
  );
}

/** Bring one service's containers to the plan; returns the ids of its containers afterwards. */
async function applyService(
  docker: Docker,
  project: ComposeProject,
  s: ServicePlan,
  containerOf: (service: string) => string | undefined,
  journal: Journal,
  emit: Emit,
): Promise<string[]> {
  const svc = project.services[s.name]!;
  const step = (target: string, action: string, state: 'working' | 'done', detail?: string) =>
    emit({ t: 'step', kind: 'container', target, action, state, ...(detail ? { detail } : {}) });
  const create = async (n: number): Promise<string> => {
    const req = containerRequest(project, s.name, n, { configHash: s.configHash, containerOf });
    const c = await docker.createContainer(req.body);
    journal.add(`created container ${req.name}`);
    for (const net of req.moreNetworks) await docker.getNetwork(net.name).connect({ Container: c.id, EndpointConfig: net.config });
    await c.start();
    journal.add(`started ${req.name}`);
    return c.id;
  };
  const ids = await Promise.all(
    s.containers.map(async (c): Promise<string | undefined> => {
      switch (c.action) {
        case 'keep':
          return c.id;
        case 'start':
          step(c.name, 'start', 'working');
          await docker.getContainer(c.id).start();
          journal.add(`started ${c.name}`);
          step(c.name, 'start', 'done');
          return c.id;
        case 'create': {
          step(c.name, 'create', 'working');
          const id = await create(c.number);
          step(c.name, 'create', 'done');
          return id;
        }
        case 'recreate': {
          step(c.name, 'recreate', 'working', `changed ${c.reasons.join(', ')}`);
          await stopAndRemove(docker, c.id, stopSeconds(svc));
          journal.add(`removed the old container ${c.name}`);
          const id = await create(c.number);
          step(c.name, 'recreate', 'done');
          return id;
        }
        case 'remove':
          step(c.name, 'remove', 'working', c.reason);
          await stopAndRemove(docker, c.id, stopSeconds(svc));
          journal.add(`removed ${c.name} (${c.reason})`);
          step(c.name, 'remove', 'done');
          return undefined;
      }
    }),
  );
  return ids.filter((id): id is string => id !== undefined);
}

/**
 * `up`: plan, refuse on problems (nothing changed), prepare, then every service once its dependencies meet
 * their conditions. Returns what was changed.
 */
export async function applyUp(
  docker: Docker,
  project: ComposeProject,
  opts: {
    removeOrphans: boolean;
    sources: ImageSources;
    emit: Emit;
    signal: AbortSignal;
    describe: (plan: ComposePlan) => string[];
    /** Only these services' work (scale); all when absent. */
    only?: readonly string[];
  },
): Promise<string[]> {
  const planned = (p: ComposePlan) => (opts.only ? narrowPlan(p, opts.only) : p);
  let plan = planned(planUp(project, await readEngineState(docker, project)));
  opts.emit({ t: 'plan', plan, lines: opts.describe(plan) });
  if (plan.problems.length) throw new RpcError('bad_request', `${plan.problems.join(' ')} Nothing was changed.`);
  const journal = new Journal();
  const failed = new AbortController();
  const signal = AbortSignal.any([opts.signal, failed.signal]);
  try {
    await prepare(docker, project, plan, opts.sources, journal, opts.emit, signal);
    // Pulls and builds change image ids: plan the containers again against them.
    if (plan.images.length) plan = planned(planUp(project, await readEngineState(docker, project)));
    if (opts.removeOrphans)
      for (const o of plan.orphans) {
        await stopAndRemove(docker, o.id, 10);
        journal.add(`removed the orphan ${o.name}`);
      }
    const byName = new Map(plan.services.map((s) => [s.name, s]));
    const running = new Map<string, Promise<string[]>>();
    const firstOf = new Map<string, string>();
    const run = (name: string): Promise<string[]> => {
      let p = running.get(name);
      if (!p) {
        p = (async () => {
          const s = byName.get(name)!;
          await Promise.all(s.dependsOn.filter((d) => byName.has(d.service)).map((d) => ready(d.service, d.condition, name)));
          if (signal.aborted) throw new RpcError('cancelled', `${name} was not started: up stopped.`);
          const ids = await applyService(docker, project, s, (other) => firstOf.get(other), journal, opts.emit);
          if (ids[0]) firstOf.set(name, ids[0]);
          return ids;
        })();
        running.set(name, p);
      }
      return p;
    };
    const ready = async (dep: string, condition: string, forService: string) => {
      const ids = await run(dep);
      if (condition === 'service_started') return;
      const want = condition === 'service_healthy' ? 'healthy' : 'exited';
      const names = byName
        .get(dep)!
        .containers.filter((c) => c.action !== 'remove')
        .map((c) => c.name);
      await Promise.all(
        ids.map((id, i) =>
          waitForContainer(docker, id, names[i] ?? id.slice(0, 12), want, signal).catch((err: Error) => {
            throw new RpcError('engine', `${forService} depends on ${dep} (${condition}), and ${err.message}`);
          }),
        ),
      );
    };
    // The first failure is the reason; what it cancels (waits, services not begun) is not.
    let firstError: Error | undefined;
    await Promise.allSettled(
      plan.order.flat().map((name) =>
        run(name).catch((err: unknown) => {
          firstError ??= err instanceof Error ? err : new Error(String(err));
          failed.abort();
        }),
      ),
    );
    if (firstError !== undefined) throw firstError;
    return journal.done;
  } catch (err) {
    failed.abort();
    throw journal.failure(err instanceof RpcError ? err.message : engineMessage(err));
  }
}
