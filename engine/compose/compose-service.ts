/**
 * Compose projects on the engine: the plan of `up`, `up`, `down`, `ps`, stop/start/restart, the merged log,
 * scale, pull, build, and the container of a service. A project is
 * named by its files (loaded as `docker compose` loads them); `ps`, `down` and the actions also work from the
 * project name alone when no file can be found, reading the project from its containers' labels, as Compose does.
 */
import type Docker from 'dockerode';
import { engineError, type Supervisor } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import { applyUp, stopAndRemove, stopSeconds, type ImageSources } from './apply.js';
import { buildImages, imagesToRemove, pickServices, pullImages } from './compose-images.js';
import type {
  ComposeContainer,
  ComposeDownResult,
  ComposeImageEvent,
  ComposeLogLine,
  ComposeProjectInput,
  ComposeServiceContainer,
  ComposeUpEvent,
} from './contract.js';
import { projectContainers, readEngineState, observed } from './engine-state.js';
import { ComposeError } from './errors.js';
import { loadProject } from './loader.js';
import { LABEL } from './naming.js';
import type { ComposeProject } from './normalize.js';
import { dependencyLevels, describePlan, planUp, type ComposePlan } from './plan.js';
import { projectLogs, type ProjectLogOptions } from './logs.js';
import { narrowPlan, withScale } from './scale.js';
import { selectServices, unknownServices } from './select.js';

/** Load the project a request names; a file problem is a bad request with every issue at its place. */
export function loadRequested(input: ComposeProjectInput): ComposeProject {
  try {
    return loadProject({
      files: input.files,
      projectName: input.projectName,
      projectDirectory: input.projectDirectory,
      envFiles: input.envFiles,
      profiles: input.profiles,
      cwd: input.cwd,
      environment: input.environment,
    });
  } catch (err) {
    if (err instanceof ComposeError) throw new RpcError('bad_request', err.message);
    throw err;
  }
}

/** `ps` lines of ports: `127.0.0.1:8080->80/tcp`. */
function portsOf(c: Docker.ContainerInfo): string[] {
  return (c.Ports ?? [])
    .map((p) => (p.PublicPort ? `${p.IP ?? ''}:${p.PublicPort}->${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type}`))
    .filter((p, i, all) => all.indexOf(p) === i);
}

/** The project with the asked numbers of containers; a bad request when a name is not one of its services. */
function scaled(project: ComposeProject, scale: Readonly<Record<string, number>>): ComposeProject {
  const p = withScale(project, scale);
  if ('error' in p) throw new RpcError('bad_request', p.error);
  return p;
}

/** The project narrowed to `up SERVICE…` (with their dependencies); a bad request, changing nothing, for an unknown name. */
function selected(project: ComposeProject, services: readonly string[]): ComposeProject {
  const p = selectServices(project, services);
  if ('error' in p) throw new RpcError('bad_request', `${p.error} Nothing was changed.`);
  return p;
}

export class ComposeService {
  constructor(
    private readonly supervisor: Supervisor,
    private readonly sources: ImageSources,
  ) {}

  private docker(): Docker {
    return this.supervisor.docker();
  }

  /** The project from its files, or — when no file is given and none is found — its name alone. */
  private resolve(input: ComposeProjectInput): { name: string; project?: ComposeProject } {
    if (!input.files.length && input.projectName) {
      try {
        const project = loadRequested(input);
        return { name: project.name, project };
      } catch {
        return { name: input.projectName };
      }
    }
    const project = loadRequested(input);
    return { name: project.name, project };
  }

  async plan(
    input: ComposeProjectInput,
    removeOrphans: boolean,
    scale: Readonly<Record<string, number>> = {},
    services: readonly string[] = [],
  ): Promise<{ plan: ComposePlan; lines: string[] }> {
    const project = selected(scaled(loadRequested(input), scale), services);
    const plan = planUp(project, await readEngineState(this.docker(), project));
    return { plan, lines: describePlan(plan, removeOrphans) };
  }

  /** `up`, of the named services and those they depend on only when some are named. */
  async up(
    input: ComposeProjectInput,
    removeOrphans: boolean,
    sink: StreamSink<ComposeUpEvent>,
    scale: Readonly<Record<string, number>> = {},
    services: readonly string[] = [],
  ): Promise<void> {
    const started = Date.now();
    const project = selected(scaled(loadRequested(input), scale), services);
    const changed = await applyUp(this.docker(), project, {
      removeOrphans,
      sources: this.sources,
      emit: (e) => sink.emit(e),
      signal: sink.signal,
      describe: (plan) => describePlan(plan, removeOrphans),
    });
    sink.emit({ t: 'done', changed, ms: Date.now() - started });
  }

  /** `scale web=3`: only the named services are brought to their numbers; the others are left as they are. */
  async scale(input: ComposeProjectInput, scale: Readonly<Record<string, number>>, sink: StreamSink<ComposeUpEvent>): Promise<void> {
    const started = Date.now();
    if (!Object.keys(scale).length) throw new RpcError('bad_request', 'Name at least one service to scale, as SERVICE=N (e.g. web=3).');
    const project = scaled(loadRequested(input), scale);
    const only = Object.keys(scale);
    const changed = await applyUp(this.docker(), project, {
      removeOrphans: false,
      sources: this.sources,
      emit: (e) => sink.emit(e),
      signal: sink.signal,
      describe: (plan) => describePlan(narrowPlan(plan, only)),
      only,
    });
    sink.emit({ t: 'done', changed, ms: Date.now() - started });
  }

  /** The merged log of the project's containers (the named services' only, when some are named). */
  async logs(input: ComposeProjectInput, opts: ProjectLogOptions, sink: StreamSink<ComposeLogLine>): Promise<void> {
    const { name, project } = this.resolve(input);
    if (project) {
      const error = unknownServices(project, opts.services);
      if (error) throw new RpcError('bad_request', error);
    }
    await projectLogs(this.docker(), name, opts, (l) => sink.emit(l), sink.signal);
  }

  /** The container number `index` of a service. */
  async container(input: ComposeProjectInput, service: string, index: number): Promise<ComposeServiceContainer> {
    const { name, project } = this.resolve(input);
    if (project) pickServices(project, [service]);
    const mine = (await projectContainers(this.docker(), name)).map((c) => ({ c, o: observed(c) })).filter(({ o }) => !o.oneoff && o.service === service);
    const hit = mine.find(({ o }) => o.number === index);
    if (!hit) {
      const have = mine.map(({ o }) => o.number).sort((a, b) => a - b);
      throw new RpcError(
        'not_found',
        have.length
          ? `The service ${service} has no container number ${index} (it has ${have.join(', ')}).`
          : `The service ${service} has no container: bring the project up first (berth compose up).`,
      );
    }
    return { id: hit.o.id, name: hit.o.name, service, number: hit.o.number, state: hit.c.State };
  }

  async pull(input: ComposeProjectInput, services: readonly string[], sink: StreamSink<ComposeImageEvent>): Promise<void> {
    await pullImages(this.docker(), loadRequested(input), services, this.sources, sink);
  }

  async build(
    input: ComposeProjectInput,
    services: readonly string[],
    opts: { noCache: boolean; pull: boolean },
    sink: StreamSink<ComposeImageEvent>,
  ): Promise<void> {
    try {
      await buildImages(loadRequested(input), services, opts, this.sources, sink);
    } catch (err) {
      if (err instanceof RpcError) throw err;
      throw new RpcError('engine', (err as Error).message);
    }
  }

  async ps(input: ComposeProjectInput): Promise<ComposeContainer[]> {
    const { name } = this.resolve(input);
    const docker = this.docker();
    const listed = (await projectContainers(docker, name)).map((c) => ({ c, o: observed(c) })).filter(({ o }) => !o.oneoff);
    const rows = await Promise.all(
      listed.map(async ({ c, o }): Promise<ComposeContainer> => {
        // A stopped container's exit code and time (up --exit-code-from reads them) are only in its inspect.
        const stopped =
          c.State === 'exited' || c.State === 'dead'
            ? await docker
                .getContainer(o.id)
                .inspect()
                .then(
                  (i) => ({ exitCode: i.State.ExitCode, finishedAt: i.State.FinishedAt }),
                  () => ({}),
                )
            : {};
        return {
          id: o.id,
          name: o.name,
          service: o.service,
          number: o.number,
          state: c.State,
          status: c.Status,
          image: c.Image,
          ports: portsOf(c),
          ...stopped,
        };
      }),
    );
    return rows.sort((a, b) => a.service.localeCompare(b.service) || a.number - b.number);
  }

  /** The project's service containers by dependency level (services unknown to the file last, as one level). */
  private async levels(name: string, project: ComposeProject | undefined, withOrphans: boolean) {
    const listed = (await projectContainers(this.docker(), name)).map(observed).filter((c) => !c.oneoff);
    const known = project ? new Set(Object.keys(project.services)) : undefined;
    const mine = known ? listed.filter((c) => known.has(c.service)) : listed;
    const orphans = known ? listed.filter((c) => !known.has(c.service) && !(project && c.service in project.disabledServices)) : [];
    const order = project ? dependencyLevels(project) : [];
    const levels = order.map((level) => mine.filter((c) => level.includes(c.service))).filter((l) => l.length);
    const rest = mine.filter((c) => !order.flat().includes(c.service));
    if (rest.length) levels.push(rest);
    if (withOrphans && orphans.length) levels.push(orphans);
    return { levels, orphans };
  }

  async down(input: ComposeProjectInput, volumes: boolean, removeOrphans: boolean, rmi?: 'local' | 'all'): Promise<ComposeDownResult> {
    const { name, project } = this.resolve(input);
    const docker = this.docker();
    const images = rmi
      ? imagesToRemove(
          rmi,
          name,
          project,
          (await projectContainers(docker, name)).map((c) => ({ service: observed(c).service, image: c.Image })),
        )
      : [];
    const { levels, orphans } = await this.levels(name, project, removeOrphans);
    const removed: string[] = [];
    try {
      // Dependents first: the reverse of the order up starts them in.
      for (const level of [...levels].reverse()) {
        await Promise.all(
          level.map(async (c) => {
            await stopAndRemove(docker, c.id, stopSeconds(project?.services[c.service]));
            removed.push(c.name);
          }),
        );
      }
      const oneoffs = (await projectContainers(docker, name)).map(observed).filter((c) => c.oneoff);
      for (const c of oneoffs) await stopAndRemove(docker, c.id, 10);
      const byLabel = { label: [`${LABEL.project}=${name}`] };
      const networks = await docker.listNetworks({ filters: byLabel });
      const goneNetworks: string[] = [];
      for (const n of networks) {
        await docker.getNetwork(n.Id).remove();
        goneNetworks.push(n.Name);
      }
      const goneVolumes: string[] = [];
      if (volumes) {
        const vols = (await docker.listVolumes({ filters: byLabel })).Volumes ?? [];
        for (const v of vols) {
          await docker.getVolume(v.Name).remove();
          goneVolumes.push(v.Name);
        }
      }
      const goneImages: string[] = [];
      for (const ref of images) {
        const gone = await docker
          .getImage(ref)
          .remove()
          .then(
            () => true,
            (err: { statusCode?: number }) => {
              if (err.statusCode === 404) return false;
              throw err;
            },
          );
        if (gone) goneImages.push(ref);
      }
      return {
        project: name,
        containers: removed,
        networks: goneNetworks,
        volumes: goneVolumes,
        orphansLeft: removeOrphans ? [] : orphans.map((o) => o.name),
        ...(rmi ? { images: goneImages } : {}),
      };
    } catch (err) {
      const e = engineError(err);
      throw new RpcError(e.code, `${e.message.replace(/\.$/, '')}. ${removed.length ? `down had removed ${removed.join(', ')}.` : 'down removed nothing.'}`);
    }
  }

  /**
   * Stop (dependents first), start or restart (dependencies first) the project's containers — those of the
   * named services only, when some are named (an unknown name changes nothing and says which names are known).
   */
  async act(input: ComposeProjectInput, action: 'stop' | 'start' | 'restart', services: readonly string[] = []): Promise<string[]> {
    const { name, project } = this.resolve(input);
    const docker = this.docker();
    const all = await this.levels(name, project, false);
    if (services.length) {
      // Without its files, the project's services are those its containers have.
      const known = project ?? {
        name,
        services: Object.fromEntries(all.levels.flat().map((c) => [c.service, {}])),
        disabledServices: {},
      };
      const error = unknownServices(known, services);
      if (error) throw new RpcError('bad_request', `${error} Nothing was changed.`);
    }
    const levels = services.length ? all.levels.map((l) => l.filter((c) => services.includes(c.service))).filter((l) => l.length) : all.levels;
    if (!levels.length)
      throw new RpcError(
        'not_found',
        services.length
          ? `${services.join(', ')} of the project ${name} ${services.length === 1 ? 'has' : 'have'} no containers: bring ${services.length === 1 ? 'it' : 'them'} up first (berth compose up ${services.join(' ')}).`
          : `The project ${name} has no containers: bring it up first (berth compose up).`,
      );
    const done: string[] = [];
    const run = async (order: typeof levels, fn: (c: Docker.Container, seconds: number) => Promise<unknown>) => {
      for (const level of order)
        await Promise.all(
          level.map(async (c) => {
            await fn(docker.getContainer(c.id), stopSeconds(project?.services[c.service])).catch((err: { statusCode?: number }) => {
              if (err.statusCode !== 304) throw err;
            });
            done.push(c.name);
          }),
        );
    };
    try {
      if (action === 'stop') await run([...levels].reverse(), (c, t) => c.stop({ t }));
      else if (action === 'start') await run(levels, (c) => c.start());
      else await run(levels, (c, t) => c.restart({ t }));
      return done;
    } catch (err) {
      throw engineError(err);
    }
  }
}
