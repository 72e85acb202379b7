/**
 * Swarm services of one engine: listed with their counts, created from a checked input, scaled, updated (keeping
 * the version index the engine asks for), rolled back, removed; their tasks; a live view of a rolling update,
 * polled only while someone follows it; and their logs merged across tasks.
 */
import type Docker from 'dockerode';
import { parseImageRef } from '../contract/index.js';
import { type EngineClient, engineError, engineMessage } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { PacedSink, StreamSink } from '../rpc/router.js';
import { LogDemuxer } from '../util/log-demux.js';
import type { CreateServiceSpec, ServiceLogLine, ServicesList, ServiceSummary, ServiceWatchEvent, TaskRow } from './contract.js';
import { parseLogDetails, WatchHub } from './service-watch.js';
import {
  engineSpecOf,
  type EngineNode,
  type EngineService,
  type EngineTask,
  serviceErrorSentence,
  summariseService,
  taskRows,
  updateProgress,
} from './service-spec.js';

/** How often a followed service's tasks are read while someone watches it. */
export const WATCH_POLL_MS = 500;

/** The attributes a placement constraint may test (the engine's own list). */
const CONSTRAINT_KEYS = /^(node\.(id|hostname|role|platform\.os|platform\.arch|labels\.[\w.-]+)|engine\.labels\.[\w.-]+)$/;

/** Pure: a constraint the engine would refuse or never satisfy (an unknown attribute), as a sentence. */
export function constraintSentence(c: string): string | undefined {
  const m = /^\s*([\w.-]+)\s*(==|!=)\s*(\S.*)$/.exec(c);
  if (!m) return `"${c}" is not a placement constraint: write ATTRIBUTE==VALUE or ATTRIBUTE!=VALUE, e.g. node.role==manager.`;
  if (!CONSTRAINT_KEYS.test(m[1]!)) {
    return `"${c}" tests "${m[1]}", which no node has: use node.id, node.hostname, node.role, node.platform.os, node.platform.arch, node.labels.NAME or engine.labels.NAME.`;
  }
  return undefined;
}

export class ServicesService {
  private readonly hub: WatchHub<ServiceWatchEvent>;

  constructor(private readonly engine: EngineClient) {
    this.hub = new WatchHub((service) => this.snapshot(service), WATCH_POLL_MS);
  }

  private docker(): Docker {
    return this.engine.docker();
  }

  /** The engine's refusal, as the sentence for it when there is one. */
  private fail(err: unknown, subject?: { name?: string; image?: string }): RpcError {
    const msg = engineMessage(err);
    const sentence = serviceErrorSentence(msg, subject);
    if (!sentence) return engineError(err);
    const status = (err as { statusCode?: number })?.statusCode;
    const code = /already exists|already published/.test(sentence) ? 'conflict' : status === 503 ? 'unavailable' : status === 404 ? 'not_found' : 'bad_request';
    return new RpcError(code, sentence);
  }

  async list(): Promise<ServicesList> {
    const docker = this.docker();
    let info: { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
    try {
      info = (await docker.info()) as typeof info;
    } catch (err) {
      throw engineError(err);
    }
    const swarm = info.Swarm?.LocalNodeState || 'inactive';
    const manager = !!info.Swarm?.ControlAvailable;
    if (!manager) return { swarm, manager, services: [] };
    try {
      const services = (await docker.listServices({ status: true } as Docker.ServiceListOptions)) as unknown as EngineService[];
      // An engine before API 1.41 gives no counts: they are read from the tasks then.
      const tasks = services.some((s) => !s.ServiceStatus) ? ((await docker.listTasks()) as unknown as EngineTask[]) : [];
      return { swarm, manager, services: services.map((s) => summariseService(s, tasks)).sort((a, b) => a.name.localeCompare(b.name)) };
    } catch (err) {
      throw this.fail(err);
    }
  }

  private async inspect(ref: string): Promise<EngineService> {
    try {
      return (await this.docker().getService(ref).inspect()) as EngineService;
    } catch (err) {
      if ((err as { statusCode?: number })?.statusCode === 404) throw new RpcError('not_found', `There is no service "${ref}": it may have been removed.`);
      throw this.fail(err);
    }
  }

  /** One service as the list shows it, read again. */
  async summary(ref: string): Promise<ServiceSummary> {
    const s = await this.inspect(ref);
    const tasks = (await this.docker()
      .listTasks({ filters: { service: [s.ID] } })
      .catch(() => [])) as EngineTask[];
    return summariseService(s, tasks);
  }

  async create(input: CreateServiceSpec): Promise<ServiceSummary> {
    const ref = parseImageRef(input.image);
    if (!ref.ok) throw new RpcError('bad_request', ref.message);
    for (const c of input.constraints) {
      const bad = constraintSentence(c);
      if (bad) throw new RpcError('bad_request', bad);
    }
    const docker = this.docker();
    // A published port another service holds: host-mode tasks would never be scheduled, so say it before creating.
    const taken = await this.portsTaken(input);
    if (taken) throw new RpcError('conflict', taken);
    let id: string;
    try {
      id = ((await docker.createService(engineSpecOf(input) as Docker.CreateServiceOptions)) as { id: string }).id;
    } catch (err) {
      throw this.fail(err, { name: input.name, image: input.image });
    }
    return this.summary(id);
  }

  private async portsTaken(input: CreateServiceSpec): Promise<string | undefined> {
    const wanted = input.ports.filter((p) => p.published !== undefined);
    if (!wanted.length) return undefined;
    const list = await this.list().catch(() => undefined);
    for (const s of list?.services ?? []) {
      for (const p of s.ports) {
        const clash = wanted.find((w) => w.published === p.published && w.protocol === p.protocol);
        if (clash) return `Port ${clash.published}/${clash.protocol} is already published by the service "${s.name}": choose another published port.`;
      }
    }
    return undefined;
  }

  /** Change a service's spec with the version index it was read at; one retry when someone else changed it meanwhile. */
  private async change(ref: string, edit: (s: EngineService) => EngineService['Spec'], extra: Record<string, unknown> = {}): Promise<ServiceSummary> {
    for (let attempt = 0; ; attempt++) {
      const s = await this.inspect(ref);
      try {
        await this.docker()
          .getService(s.ID)
          .update({ version: s.Version?.Index ?? 0, ...edit(s), ...extra } as Docker.ServiceSpec & { version: number });
        return await this.summary(s.ID);
      } catch (err) {
        if (attempt === 0 && /update out of sequence/.test(engineMessage(err))) continue;
        throw err instanceof RpcError ? err : this.fail(err, { name: s.Spec.Name });
      }
    }
  }

  async scale(ref: string, replicas: number): Promise<ServiceSummary> {
    return this.change(ref, (s) => {
      if (s.Spec.Mode?.Global) throw new RpcError('bad_request', `"${s.Spec.Name}" is a global service: it runs one task per node and cannot be scaled.`);
      return { ...s.Spec, Mode: { Replicated: { Replicas: replicas } } };
    });
  }

  async update(ref: string, image?: string, env?: readonly string[]): Promise<ServiceSummary> {
    if (image === undefined && env === undefined) throw new RpcError('bad_request', 'Say what to change: a new image, new environment, or both.');
    if (image !== undefined) {
      const parsed = parseImageRef(image);
      if (!parsed.ok) throw new RpcError('bad_request', parsed.message);
    }
    const bad = env?.find((e) => !/^[^=\s]+=/.test(e));
    if (bad) throw new RpcError('bad_request', `"${bad}" is not KEY=value.`);
    return this.change(ref, (s) => {
      const t = s.Spec.TaskTemplate ?? {};
      return {
        ...s.Spec,
        TaskTemplate: {
          ...t,
          // Same image and env again still rolls the tasks: a user asking for an update gets one.
          ForceUpdate: ((t as { ForceUpdate?: number }).ForceUpdate ?? 0) + (image === undefined && env === undefined ? 1 : 0),
          ContainerSpec: { ...t.ContainerSpec, ...(image !== undefined ? { Image: image } : {}), ...(env !== undefined ? { Env: [...env] } : {}) },
        },
      };
    });
  }

  async rollback(ref: string): Promise<ServiceSummary> {
    const s = await this.inspect(ref);
    if (!s.PreviousSpec) throw new RpcError('bad_request', `"${s.Spec.Name}" has not been updated yet, so there is nothing to roll back to.`);
    return this.change(ref, (x) => x.Spec, { rollback: 'previous' });
  }

  async remove(refs: readonly string[]): Promise<{ removed: string[] }> {
    const removed: string[] = [];
    for (const ref of refs) {
      const s = await this.inspect(ref);
      try {
        await this.docker().getService(s.ID).remove();
      } catch (err) {
        throw this.fail(err);
      }
      removed.push(s.Spec.Name ?? s.ID);
    }
    return { removed };
  }

  private async nodes(): Promise<EngineNode[]> {
    return ((await this.docker()
      .listNodes()
      .catch(() => [])) ?? []) as EngineNode[];
  }

  async tasks(ref: string): Promise<TaskRow[]> {
    const s = await this.inspect(ref);
    try {
      const [tasks, nodes] = await Promise.all([this.docker().listTasks({ filters: { service: [s.ID] } }) as Promise<EngineTask[]>, this.nodes()]);
      return taskRows(tasks, nodes);
    } catch (err) {
      throw this.fail(err);
    }
  }

  /** The service, its tasks and its update now (what a watch sends). */
  async snapshot(ref: string): Promise<ServiceWatchEvent> {
    const s = await this.inspect(ref);
    try {
      const [tasks, nodes] = await Promise.all([this.docker().listTasks({ filters: { service: [s.ID] } }) as Promise<EngineTask[]>, this.nodes()]);
      return { service: summariseService(s, tasks), tasks: taskRows(tasks, nodes), progress: updateProgress(s, tasks, nodes) };
    } catch (err) {
      throw this.fail(err);
    }
  }

  /** Follow a service: one poller per service however many watch it, running only while someone does. */
  watch(ref: string, sink: StreamSink<ServiceWatchEvent>): Promise<void> {
    return this.hub.follow(ref, sink);
  }

  /** How many services are being polled now (for tests: none once every watcher has gone). */
  get polling(): number {
    return this.hub.size;
  }

  /** The logs of every task of a service, each line tagged with its task and node. */
  async logs(input: { service: string; follow: boolean; tail: number }, sink: PacedSink<ServiceLogLine[]>): Promise<void> {
    const s = await this.inspect(input.service);
    const name = s.Spec.Name ?? s.ID;
    const tags = new Map<string, { taskName: string; node?: string }>();
    const learn = async () => {
      const [tasks, nodes] = await Promise.all([
        this.docker()
          .listTasks({ filters: { service: [s.ID] } })
          .catch(() => []) as Promise<EngineTask[]>,
        this.nodes(),
      ]);
      const hostnames = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname]));
      for (const t of tasks) {
        const node = t.NodeID ? hostnames.get(t.NodeID) : undefined;
        tags.set(t.ID, { taskName: `${name}.${t.Slot || node || t.NodeID || t.ID.slice(0, 12)}`, ...(node ? { node } : {}) });
      }
    };
    await learn();
    let source: NodeJS.ReadableStream & { destroy?: () => void };
    try {
      source = await openServiceLogs(this.docker(), s.ID, {
        stdout: true,
        stderr: true,
        follow: input.follow,
        tail: input.tail,
        timestamps: true,
        details: true,
      });
    } catch (err) {
      throw this.fail(err);
    }
    const demux = new LogDemuxer(true, true);
    let relearned = 0;
    const tag = async (lines: ReturnType<LogDemuxer['push']>): Promise<ServiceLogLine[]> => {
      const out: ServiceLogLine[] = [];
      for (const l of lines) {
        const { attrs, text } = parseLogDetails(l.text);
        const task = attrs['com.docker.swarm.task.id'] ?? '';
        // A task started since (a scale or an update): learn its name once a second at most.
        if (task && !tags.has(task) && Date.now() - relearned > 1000) {
          relearned = Date.now();
          await learn();
        }
        const t = tags.get(task);
        out.push({
          task,
          taskName: t?.taskName ?? `${name}.${task.slice(0, 12)}`,
          ...(t?.node ? { node: t.node } : {}),
          stream: l.stream,
          text,
          ...(l.ts ? { ts: l.ts } : {}),
        });
      }
      return out;
    };
    const stop = () => source.destroy?.();
    sink.signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (sink.signal.aborted) break;
        const lines = await tag(demux.push(chunk));
        if (lines.length) {
          await sink.ready();
          sink.emit(lines);
        }
      }
      const last = await tag(demux.end());
      if (last.length && !sink.signal.aborted) sink.emit(last);
    } catch (err) {
      if (!sink.signal.aborted) throw engineError(err);
    } finally {
      sink.signal.removeEventListener('abort', stop);
      stop();
    }
  }
}

/** A service's log as a stream (dockerode hands a finished log over as one buffer). */
function openServiceLogs(docker: Docker, id: string, options: Record<string, unknown>): Promise<NodeJS.ReadableStream & { destroy?: () => void }> {
  return new Promise((resolve, reject) =>
    (docker.modem as unknown as { dial(opts: unknown, cb: (err: unknown, data: unknown) => void): void }).dial(
      {
        path: `/services/${id}/logs?`,
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 404: 'no such service', 500: 'server error', 503: 'node is not part of a swarm' },
        options,
      },
      (err, data) => (err ? reject(err as Error) : resolve(data as NodeJS.ReadableStream)),
    ),
  );
}
