/**
 * Swarm services' pure logic: the engine's ServiceSpec built from a create input, the engine's service and task
 * JSON read into summaries and task rows, a rolling update's progress per slot, and the engine's refusals as
 * sentences. Unit-tested on JSON recorded from a real engine.
 */
import type { CreateServiceSpec, ServicePort, ServiceSummary, ServiceUpdateConfig, SlotPhase, SlotProgress, TaskRow, UpdateProgress } from './contract.js';

const NS = 1e9;

/** The parts of the engine's service JSON read here. */
export interface EngineServiceSpec {
  Name?: string;
  Labels?: Record<string, string>;
  TaskTemplate?: {
    ContainerSpec?: { Image?: string; Args?: string[]; Command?: string[]; Env?: string[]; [k: string]: unknown };
    [k: string]: unknown;
  };
  Mode?: { Replicated?: { Replicas?: number }; Global?: object; [k: string]: unknown };
  UpdateConfig?: { Parallelism?: number; Delay?: number; FailureAction?: string; Order?: string; [k: string]: unknown };
  EndpointSpec?: { Mode?: string; Ports?: EnginePort[] };
  [k: string]: unknown;
}
interface EnginePort {
  Protocol?: string;
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: string;
}
export interface EngineService {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: EngineServiceSpec;
  PreviousSpec?: EngineServiceSpec;
  Endpoint?: { Ports?: EnginePort[] };
  UpdateStatus?: { State?: string; StartedAt?: string; CompletedAt?: string; Message?: string };
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number };
}
export interface EngineTask {
  ID: string;
  ServiceID?: string;
  Slot?: number;
  NodeID?: string;
  CreatedAt?: string;
  UpdatedAt?: string;
  DesiredState?: string;
  Spec?: { ContainerSpec?: { Image?: string } };
  Status?: { State?: string; Message?: string; Err?: string; ContainerStatus?: { ContainerID?: string } };
}
export interface EngineNode {
  ID: string;
  Description?: { Hostname?: string };
}

/** Pure: the engine's ServiceSpec for a checked create input. Published ports stay in the mode asked (host by default). */
export function engineSpecOf(s: CreateServiceSpec): EngineServiceSpec {
  const resources = (r: CreateServiceSpec['limits']) => ({
    ...(r.cpus !== undefined ? { NanoCPUs: Math.round(r.cpus * NS) } : {}),
    ...(r.memoryBytes !== undefined ? { MemoryBytes: r.memoryBytes } : {}),
  });
  const update = {
    Parallelism: s.update.parallelism,
    Delay: Math.round(s.update.delaySeconds * NS),
    FailureAction: s.update.failureAction,
    Order: s.update.order,
  };
  return {
    Name: s.name,
    Labels: {},
    TaskTemplate: {
      ContainerSpec: {
        Image: s.image,
        ...(s.command.length ? { Args: [...s.command] } : {}),
        ...(s.env.length ? { Env: [...s.env] } : {}),
        ...(s.mounts.length
          ? { Mounts: s.mounts.map((m) => ({ Type: m.type, ...(m.type === 'tmpfs' ? {} : { Source: m.source }), Target: m.target, ReadOnly: m.readOnly })) }
          : {}),
        ...(s.stopGraceSeconds !== undefined ? { StopGracePeriod: Math.round(s.stopGraceSeconds * NS) } : {}),
      },
      Resources: { Limits: resources(s.limits), Reservations: resources(s.reservations) },
      ...(s.constraints.length ? { Placement: { Constraints: [...s.constraints] } } : {}),
      ...(s.networks.length ? { Networks: s.networks.map((Target) => ({ Target })) } : {}),
    },
    Mode: s.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: s.replicas } },
    // A rollback goes back at the pace of an update: the rollback config follows the update config.
    UpdateConfig: update,
    RollbackConfig: { ...update, FailureAction: 'pause' },
    EndpointSpec: {
      Mode: s.endpointMode,
      Ports: s.ports.map((p) => ({
        Protocol: p.protocol,
        TargetPort: p.target,
        ...(p.published !== undefined ? { PublishedPort: p.published } : {}),
        PublishMode: p.mode,
      })),
    },
  };
}

const portsOf = (ports: readonly EnginePort[] | undefined): ServicePort[] =>
  (ports ?? []).map((p) => ({
    target: p.TargetPort ?? 0,
    ...(p.PublishedPort ? { published: p.PublishedPort } : {}),
    protocol: (p.Protocol ?? 'tcp') as ServicePort['protocol'],
    mode: p.PublishMode === 'host' ? 'host' : 'ingress',
  }));

const imageOf = (spec: EngineServiceSpec | undefined) => spec?.TaskTemplate?.ContainerSpec?.Image ?? '';

/** Pure: an image reference without the digest the engine may have pinned (repo:tag@sha256:… → repo:tag). */
export function shortImage(ref: string): string {
  return ref.replace(/@sha256:[0-9a-f]{64}$/, '');
}

function updateConfigOf(spec: EngineServiceSpec): ServiceUpdateConfig {
  const u = spec.UpdateConfig ?? {};
  return {
    parallelism: u.Parallelism ?? 1,
    delaySeconds: (u.Delay ?? 0) / NS,
    failureAction: (u.FailureAction ?? 'pause') as ServiceUpdateConfig['failureAction'],
    order: (u.Order ?? 'stop-first') as ServiceUpdateConfig['order'],
  };
}

/** A task that counts as running for the service's count. */
const isRunning = (t: EngineTask) => t.Status?.State === 'running' && t.DesiredState === 'running';
/** A task the orchestrator still wants (not being shut down or removed). */
const isWanted = (t: EngineTask) => !['shutdown', 'remove', 'complete', 'failed', 'rejected', 'orphaned'].includes(t.DesiredState ?? '');

/** Pure: one service as the list shows it; its counts from the engine's ServiceStatus, else from its tasks. */
export function summariseService(s: EngineService, tasks: readonly EngineTask[] = []): ServiceSummary {
  const mine = tasks.filter((t) => t.ServiceID === s.ID);
  const global = !!s.Spec.Mode?.Global;
  const desired = s.ServiceStatus?.DesiredTasks ?? (global ? mine.filter(isWanted).length : (s.Spec.Mode?.Replicated?.Replicas ?? 0));
  const running = s.ServiceStatus?.RunningTasks ?? mine.filter(isRunning).length;
  const previous = s.PreviousSpec ? shortImage(imageOf(s.PreviousSpec)) : undefined;
  return {
    id: s.ID,
    name: s.Spec.Name ?? s.ID,
    image: shortImage(imageOf(s.Spec)),
    mode: global ? 'global' : 'replicated',
    running,
    desired,
    ports: portsOf(s.Endpoint?.Ports?.length ? s.Endpoint.Ports : s.Spec.EndpointSpec?.Ports),
    env: s.Spec.TaskTemplate?.ContainerSpec?.Env ?? [],
    ...(s.UpdateStatus?.State
      ? {
          update: {
            state: s.UpdateStatus.State,
            ...(s.UpdateStatus.Message ? { message: s.UpdateStatus.Message } : {}),
            ...(s.UpdateStatus.StartedAt ? { startedAt: s.UpdateStatus.StartedAt } : {}),
            ...(s.UpdateStatus.CompletedAt ? { completedAt: s.UpdateStatus.CompletedAt } : {}),
          },
        }
      : {}),
    updateConfig: updateConfigOf(s.Spec),
    ...(previous ? { previousImage: previous } : {}),
    createdAt: s.CreatedAt ?? '',
    updatedAt: s.UpdatedAt ?? '',
    version: s.Version?.Index ?? 0,
  };
}

const time = (t: string | undefined) => (t ? Date.parse(t) : 0);

/** Pure: a service's tasks as rows, by slot (or node) and newest first within one; nodes named by hostname. */
export function taskRows(tasks: readonly EngineTask[], nodes: readonly EngineNode[]): TaskRow[] {
  const hostnames = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname]));
  return tasks
    .map((t): TaskRow => {
      const node = t.NodeID ? hostnames.get(t.NodeID) : undefined;
      return {
        id: t.ID,
        ...(t.Slot ? { slot: t.Slot } : {}),
        ...(t.NodeID ? { nodeId: t.NodeID } : {}),
        ...(node ? { node } : {}),
        desired: t.DesiredState ?? '',
        state: t.Status?.State ?? '',
        ...(t.Status?.Message ? { message: t.Status.Message } : {}),
        ...(t.Status?.Err ? { error: taskErrorSentence(t.Status.Err) } : {}),
        image: shortImage(t.Spec?.ContainerSpec?.Image ?? ''),
        createdAt: t.CreatedAt ?? '',
        updatedAt: t.UpdatedAt ?? '',
        ...(t.Status?.ContainerStatus?.ContainerID ? { containerId: t.Status.ContainerStatus.ContainerID } : {}),
      };
    })
    .sort(
      (a, b) => (a.slot ?? 0) - (b.slot ?? 0) || (a.node ?? a.nodeId ?? '').localeCompare(b.node ?? b.nodeId ?? '') || time(b.createdAt) - time(a.createdAt),
    );
}

/** A task state that means it will not run: the scheduler gave up on it, or it failed. */
const FAILED = new Set(['failed', 'rejected', 'orphaned']);

/**
 * Pure: a rolling update's progress. Each slot (each node, for a global service) is followed from the task the update
 * replaces to the task made for it since the update began (for a service never updated, its current task); slots the
 * engine took are listed in the order it took them, then the ones still waiting, by slot.
 */
/** Pure: whether a task was made from the service's spec as it is now (its container settings and forced-update counter). */
function madeFromCurrentSpec(t: EngineTask, spec: EngineService['Spec']): boolean {
  const template = spec.TaskTemplate as { ContainerSpec?: unknown; ForceUpdate?: number } | undefined;
  const own = t.Spec as { ContainerSpec?: unknown; ForceUpdate?: number } | undefined;
  return (
    !!own?.ContainerSpec &&
    JSON.stringify(own.ContainerSpec) === JSON.stringify(template?.ContainerSpec) &&
    (own.ForceUpdate ?? 0) === (template?.ForceUpdate ?? 0)
  );
}

export function updateProgress(s: EngineService, tasks: readonly EngineTask[], nodes: readonly EngineNode[]): UpdateProgress {
  const hostnames = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname]));
  const global = !!s.Spec.Mode?.Global;
  const started = s.UpdateStatus?.StartedAt ? time(s.UpdateStatus.StartedAt) : undefined;
  const bySlot = new Map<string, EngineTask[]>();
  for (const t of tasks) {
    if (t.ServiceID && t.ServiceID !== s.ID) continue;
    const key = global ? (t.NodeID ?? '') : String(t.Slot ?? 0);
    bySlot.set(key, [...(bySlot.get(key) ?? []), t]);
  }
  const rows: { p: SlotProgress; began: number; order: number }[] = [];
  for (const [key, list] of bySlot) {
    // A slot still in play: some task of it is wanted, or still running while it is shut down.
    if (!list.some((t) => isWanted(t) || t.Status?.State === 'running')) continue;
    const newest = [...list].sort((a, b) => time(b.CreatedAt) - time(a.CreatedAt));
    // A slot the update added (a scale-up in the same change) holds one task, made with the new spec, which the
    // engine may create a moment before it records the update's start: it is the slot's new task, not an old one.
    const added = started !== undefined && newest.length === 1 && isWanted(newest[0]!) && madeFromCurrentSpec(newest[0]!, s.Spec);
    const to = started === undefined || added ? newest[0] : newest.find((t) => time(t.CreatedAt) >= started);
    const from = started === undefined || added ? undefined : newest.find((t) => time(t.CreatedAt) < started);
    const state = to?.Status?.State ?? '';
    const phase: SlotPhase = !to ? 'waiting' : state === 'running' ? 'done' : FAILED.has(state) ? 'failed' : 'updating';
    const node = global ? hostnames.get(key) : (to ?? from)?.NodeID ? hostnames.get((to ?? from)!.NodeID!) : undefined;
    rows.push({
      p: {
        slot: global ? (hostnames.get(key) ?? key) : key,
        ...(node ? { node } : {}),
        ...(from ? { from: { image: shortImage(from.Spec?.ContainerSpec?.Image ?? ''), state: from.Status?.State ?? '' } } : {}),
        ...(to
          ? {
              to: {
                image: shortImage(to.Spec?.ContainerSpec?.Image ?? ''),
                state,
                ...(to.Status?.Err ? { error: taskErrorSentence(to.Status.Err) } : {}),
              },
            }
          : {}),
        phase,
      },
      began: to ? time(to.CreatedAt) : Infinity,
      order: global ? 0 : Number(key),
    });
  }
  rows.sort((a, b) => a.began - b.began || a.order - b.order || a.p.slot.localeCompare(b.p.slot));
  const slots = rows.map((r) => r.p);
  const config = updateConfigOf(s.Spec);
  return {
    state: s.UpdateStatus?.State ?? 'none',
    ...(s.UpdateStatus?.Message ? { message: s.UpdateStatus.Message } : {}),
    image: shortImage(imageOf(s.Spec)),
    parallelism: config.parallelism,
    order: config.order,
    slots,
    done: slots.filter((x) => x.phase === 'done').length,
    total: slots.length,
  };
}

/** Pure: a task's error from the scheduler or the engine as a sentence a user can act on. */
export function taskErrorSentence(err: string): string {
  if (/host-mode port already in use/i.test(err)) {
    return 'No node has the published port free (host-mode port already in use): publish another port, or stop what holds it.';
  }
  if (/No such image|pull access denied|manifest unknown/i.test(err)) {
    return `The node could not get the image (${err.trim()}): load or push the image where the node can pull it.`;
  }
  if (/no suitable node/i.test(err)) return `No node fits the service's constraints and resources (${err.trim()}): relax the constraints or add nodes.`;
  return err;
}

/** Pure: the engine's refusal of a services call as a sentence: what failed, why, what to do. */
export function serviceErrorSentence(msg: string, subject?: { name?: string; image?: string }): string | undefined {
  const m = msg.replace(/^rpc error: code = \w+ desc = /, '');
  if (/not a swarm manager|swarm is not initialized|node is not part of a swarm/i.test(m)) {
    if (/Worker nodes/i.test(m))
      return 'This engine is a swarm worker: services are listed and changed on a manager. Choose a manager engine, or promote this node.';
    return 'This engine is not a swarm manager: initialise a swarm on it in the Swarm page (or join it to one as a manager) to run services.';
  }
  if (/name conflicts with an existing object|already exists/i.test(m)) {
    return `A service named "${subject?.name ?? ''}" already exists: choose another name, or update that service.`;
  }
  if (/is not a valid repository\/tag|invalid reference format|repository name must be lowercase/i.test(m)) {
    return `"${subject?.image ?? ''}" is not a valid image reference: write it like nginx:alpine or registry.example:5000/team/app:1.2.`;
  }
  const port = /port '(\d+)' is already in use by service '([^']+)'/.exec(m);
  if (port) return `Port ${port[1]} is already published by the service "${port[2]}": choose another published port.`;
  if (/constraint expected|invalid constraint|malformed constraint/i.test(m)) {
    return `A placement constraint is not valid (${m}): write ATTRIBUTE==VALUE or ATTRIBUTE!=VALUE, e.g. node.role==manager.`;
  }
  if (/update out of sequence/i.test(m)) return 'The service changed while this change was on its way: look at it again, then retry.';
  if (/does not have a previous spec|no previous spec/i.test(m)) return 'This service has not been updated yet, so there is nothing to roll back to.';
  const net = /network (\S+) not found/i.exec(m);
  if (net) return `There is no network ${net[1]} on this swarm: create it as an overlay network first, or leave it out.`;
  return undefined;
}
