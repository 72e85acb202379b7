/**
 * Swarm stacks of one engine: a Compose file loaded as `docker compose` loads it, made into the stack's objects,
 * planned against what the engine has, and applied in order (networks, configs, secrets, services, then the
 * pruned services); the stacks there are, a stack's services and tasks; removing a stack. Every refusal is said
 * before anything is made; a deploy that fails on the way says exactly what it had made.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type Docker from 'dockerode';
import { ComposeError, loadProject } from '../compose/index.js';
import { type EngineClient, engineError, engineMessage } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import { expandHome } from '../util/archive-paths.js';
import {
  serviceErrorSentence,
  summariseService,
  taskRows,
  type EngineNode,
  type EngineService,
  type EngineServiceSpec,
  type EngineTask,
} from '../services/index.js';
import type { ServiceSummary } from '../services/contract.js';
import type { StackDeployEvent, StackDeployInput, StackPlan, StackRemoved, StacksList, StackTaskRow } from './contract.js';
import { NAMESPACE_LABEL, stackObjectsOf, type StackDesired } from './convert.js';
import { planStack, type EngineFileObject, type EngineNetwork, type StackEngineState } from './plan.js';
import { stackSummaries, withReferenceIds } from './stack-rows.js';

/** How long removing a stack waits for its networks to be let go by the tasks being shut down. */
export const NETWORK_RELEASE_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class StacksService {
  constructor(
    private readonly engine: EngineClient,
    /** Whether this machine's kernel has IPVS (the routing mesh needs it). */
    private readonly ipvs: () => boolean | undefined = () => existsSync('/proc/net/ip_vs'),
  ) {}

  private docker(): Docker {
    return this.engine.docker();
  }

  private fail(err: unknown): RpcError {
    if (err instanceof RpcError) return err;
    const sentence = serviceErrorSentence(engineMessage(err));
    return sentence ? new RpcError('bad_request', sentence) : engineError(err);
  }

  /** The swarm state; throws a sentence unless this engine is a manager (when `need` is set). */
  private async swarm(need: boolean): Promise<{ swarm: string; manager: boolean }> {
    let info: { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
    try {
      info = (await this.docker().info()) as typeof info;
    } catch (err) {
      throw engineError(err);
    }
    const swarm = info.Swarm?.LocalNodeState || 'inactive';
    const manager = !!info.Swarm?.ControlAvailable;
    if (need && !manager) {
      throw new RpcError(
        'bad_request',
        swarm === 'active'
          ? 'This engine is a swarm worker: stacks are deployed and listed on a manager. Choose a manager engine, or promote this node.'
          : 'This engine is not a swarm manager: initialise a swarm on it in the Swarm page (or join it to one as a manager) to deploy stacks.',
      );
    }
    return { swarm, manager };
  }

  private async stackServices(stack: string): Promise<EngineService[]> {
    return (await this.docker().listServices({
      filters: { label: [`${NAMESPACE_LABEL}=${stack}`] },
      status: true,
    } as Docker.ServiceListOptions)) as unknown as EngineService[];
  }

  async list(): Promise<StacksList> {
    const { swarm, manager } = await this.swarm(false);
    if (!manager) return { swarm, manager, stacks: [] };
    try {
      const services = (await this.docker().listServices({
        filters: { label: [NAMESPACE_LABEL] },
        status: true,
      } as Docker.ServiceListOptions)) as unknown as EngineService[];
      const tasks = services.some((s) => !s.ServiceStatus) ? ((await this.docker().listTasks()) as EngineTask[]) : [];
      return { swarm, manager, stacks: stackSummaries(services, tasks) };
    } catch (err) {
      throw this.fail(err);
    }
  }

  /** The files loaded with the stack's name as the project's, made into the stack's objects. */
  private desired(input: StackDeployInput): StackDesired {
    try {
      // A path typed in the UI may start with ~ (the user's home on the machine running Berth).
      const home = homedir();
      const project = loadProject({
        files: input.files.map((f) => expandHome(f, home)),
        projectName: input.name,
        envFiles: input.envFiles.map((f) => expandHome(f, home)),
        cwd: input.cwd,
        environment: input.environment,
      });
      return stackObjectsOf(project, (path) => readFileSync(path));
    } catch (err) {
      if (err instanceof ComposeError) throw new RpcError('bad_request', err.message);
      throw err;
    }
  }

  private async state(): Promise<StackEngineState> {
    const docker = this.docker();
    try {
      const [services, networks, configs, secrets] = await Promise.all([
        docker.listServices() as Promise<unknown> as Promise<EngineService[]>,
        docker.listNetworks() as Promise<unknown> as Promise<EngineNetwork[]>,
        docker.listConfigs() as Promise<unknown> as Promise<EngineFileObject[]>,
        docker.listSecrets() as Promise<unknown> as Promise<EngineFileObject[]>,
      ]);
      return { services, networks, configs, secrets };
    } catch (err) {
      throw this.fail(err);
    }
  }

  async plan(input: StackDeployInput): Promise<StackPlan> {
    await this.swarm(true);
    const desired = this.desired(input);
    return planStack(desired, await this.state(), { prune: input.prune, ipvs: this.ipvs() });
  }

  /** Deploy: refuse (changing nothing) when the plan says it cannot be done, else apply it step by step. */
  async deploy(input: StackDeployInput, sink: StreamSink<StackDeployEvent>): Promise<void> {
    const started = Date.now();
    await this.swarm(true);
    const desired = this.desired(input);
    const state = await this.state();
    const plan = planStack(desired, state, { prune: input.prune, ipvs: this.ipvs() });
    sink.emit({ t: 'plan', plan });
    if (plan.refusals.length) throw new RpcError('bad_request', `${plan.refusals.join(' ')} Nothing was changed.`);

    const docker = this.docker();
    const done: string[] = [];
    const ids = {
      config: new Map(state.configs.map((c) => [c.Spec.Name, c.ID])),
      secret: new Map(state.secrets.map((s) => [s.Spec.Name, s.ID])),
    };
    const step = async (kind: StackDeployEvent & { t: 'step' }, run: () => Promise<void>) => {
      if (sink.signal.aborted)
        throw new RpcError('cancelled', `The deploy of ${desired.stack} was stopped before ${kind.action} ${kind.kind} ${kind.target}.${madeSoFar()}`);
      sink.emit({ ...kind, state: 'working' });
      try {
        await run();
      } catch (err) {
        const why = this.fail(err).message;
        throw new RpcError('engine', `Deploying ${desired.stack} stopped at ${kind.action} ${kind.kind} ${kind.target}: ${why}${madeSoFar()}`);
      }
      done.push(`${kind.action === 'create' ? 'created' : kind.action === 'update' ? 'updated' : 'removed'} ${kind.kind} ${kind.target}`);
      sink.emit({ ...kind, state: 'done' });
    };
    const madeSoFar = () =>
      done.length ? ` Already done: ${done.join(', ')}. Deploy again to finish, or remove the stack to take them away.` : ' Nothing was changed.';
    const act = (kind: 'network' | 'config' | 'secret' | 'service', name: string) => plan.actions.find((a) => a.kind === kind && a.name === name)?.action;

    for (const n of desired.networks) {
      if (act('network', n.name) !== 'create') continue;
      await step({ t: 'step', kind: 'network', target: n.name, action: 'create', state: 'working' }, async () => {
        await docker.createNetwork({ ...n.spec, CheckDuplicate: true } as Docker.NetworkCreateOptions);
      });
    }
    for (const o of [...desired.configs, ...desired.secrets]) {
      if (act(o.kind, o.name) !== 'create') continue;
      await step({ t: 'step', kind: o.kind, target: o.name, action: 'create', state: 'working' }, async () => {
        const body = { Name: o.name, Labels: o.labels, Data: o.data };
        const made = (o.kind === 'config' ? await docker.createConfig(body) : await docker.createSecret(body)) as { id?: string; ID?: string };
        ids[o.kind].set(o.name, made.id ?? made.ID ?? '');
      });
    }
    const current = new Map(state.services.map((s) => [s.Spec.Name ?? s.ID, s]));
    for (const s of desired.services) {
      const action = act('service', s.name);
      if (action !== 'create' && action !== 'update') continue;
      const spec = withReferenceIds(s.spec, ids);
      await step({ t: 'step', kind: 'service', target: s.name, action, state: 'working' }, async () => {
        if (action === 'create') {
          await docker.createService(spec as Docker.CreateServiceOptions);
          return;
        }
        const found = current.get(s.name)!;
        // The engine's own counter of forced updates is kept, so an update never looks like a rollback of one.
        const force = (found.Spec.TaskTemplate as { ForceUpdate?: number } | undefined)?.ForceUpdate;
        const body: EngineServiceSpec = { ...spec, TaskTemplate: { ...spec.TaskTemplate, ...(force ? { ForceUpdate: force } : {}) } };
        await docker.getService(found.ID).update({ version: found.Version?.Index ?? 0, ...body } as unknown as Docker.ServiceSpec & { version: number });
      });
    }
    for (const a of plan.actions) {
      if (a.kind !== 'service' || a.action !== 'remove') continue;
      const found = current.get(a.name);
      if (!found) continue;
      await step({ t: 'step', kind: 'service', target: a.name, action: 'remove', state: 'working' }, async () => {
        await docker.getService(found.ID).remove();
      });
    }
    sink.emit({ t: 'done', changed: done, ms: Date.now() - started });
  }

  async services(stack: string): Promise<ServiceSummary[]> {
    await this.swarm(true);
    try {
      const services = await this.stackServices(stack);
      if (!services.length) throw new RpcError('not_found', `There is no stack "${stack}" on this swarm.`);
      const tasks = services.some((s) => !s.ServiceStatus) ? ((await this.docker().listTasks()) as EngineTask[]) : [];
      return services.map((s) => summariseService(s, tasks)).sort((a, b) => a.name.localeCompare(b.name));
    } catch (err) {
      throw this.fail(err);
    }
  }

  async tasks(stack: string): Promise<StackTaskRow[]> {
    await this.swarm(true);
    try {
      const services = await this.stackServices(stack);
      if (!services.length) throw new RpcError('not_found', `There is no stack "${stack}" on this swarm.`);
      const [tasks, nodes] = await Promise.all([
        this.docker().listTasks({ filters: { service: services.map((s) => s.ID) } }) as Promise<EngineTask[]>,
        this.docker()
          .listNodes()
          .catch(() => []) as Promise<EngineNode[]>,
      ]);
      const nameOf = new Map(services.map((s) => [s.ID, s.Spec.Name ?? s.ID]));
      return services
        .map((s) => s.Spec.Name ?? s.ID)
        .sort()
        .flatMap((name) => {
          const mine = tasks.filter((t) => nameOf.get(t.ServiceID ?? '') === name);
          return taskRows(mine, nodes).map((r) => ({ ...r, service: name }));
        });
    } catch (err) {
      throw this.fail(err);
    }
  }

  /** Remove a stack: its services, then its networks (once their tasks let them go), configs and secrets. */
  async remove(stack: string): Promise<StackRemoved> {
    await this.swarm(true);
    const docker = this.docker();
    const filters = { label: [`${NAMESPACE_LABEL}=${stack}`] };
    let services: EngineService[];
    let networks: EngineNetwork[];
    let configs: EngineFileObject[];
    let secrets: EngineFileObject[];
    try {
      [services, networks, configs, secrets] = await Promise.all([
        this.stackServices(stack),
        docker.listNetworks({ filters }) as Promise<unknown> as Promise<EngineNetwork[]>,
        docker.listConfigs({ filters }) as Promise<unknown> as Promise<EngineFileObject[]>,
        docker.listSecrets({ filters }) as Promise<unknown> as Promise<EngineFileObject[]>,
      ]);
    } catch (err) {
      throw this.fail(err);
    }
    if (!services.length && !networks.length && !configs.length && !secrets.length) {
      throw new RpcError('not_found', `There is no stack "${stack}" on this swarm: nothing has its namespace label.`);
    }
    const failures: string[] = [];
    const removed = { services: [] as string[], networks: [] as string[], configs: [] as string[], secrets: [] as string[] };
    const attempt = async (list: string[], what: string, name: string, run: () => Promise<unknown>, retry?: RegExp) => {
      const until = Date.now() + NETWORK_RELEASE_MS;
      for (;;) {
        try {
          await run();
          list.push(name);
          return;
        } catch (err) {
          const msg = engineMessage(err);
          if ((err as { statusCode?: number })?.statusCode === 404) return;
          if (retry?.test(msg) && Date.now() < until) {
            await sleep(500);
            continue;
          }
          failures.push(`The ${what} ${name} could not be removed: ${msg}`);
          return;
        }
      }
    };
    for (const s of services) await attempt(removed.services, 'service', s.Spec.Name ?? s.ID, () => docker.getService(s.ID).remove());
    for (const c of configs) await attempt(removed.configs, 'config', c.Spec.Name, () => docker.getConfig(c.ID).remove(), /in use/i);
    for (const s of secrets) await attempt(removed.secrets, 'secret', s.Spec.Name, () => docker.getSecret(s.ID).remove(), /in use/i);
    for (const n of networks) await attempt(removed.networks, 'network', n.Name, () => docker.getNetwork(n.Id).remove(), /active endpoints|in use/i);
    return { stack, ...removed, failures };
  }
}
