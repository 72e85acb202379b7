/**
 * What `up` will do, computed before anything changes: from the canonical project and what the engine has
 * (the containers, networks and volumes labelled with the project, and the local images), the networks and
 * volumes to create, images to pull or build, each service's containers to create, recreate (and why), start,
 * leave alone or remove for scale, the orphans, and the order services come up in (depends_on levels; the
 * services of one level are independent and come up in parallel). Pure: the engine state is an input.
 */
import { serviceConfigHash } from './config-hash.js';
import { containerRequest, replicasOf, serviceImage, unsupportedOf } from './create-body.js';
import { changedSettings, requestSettings, type Settings } from './drift.js';
import { isPlainObject } from './interpolate.js';
import { containerName, resourceName } from './naming.js';
import type { ComposeProject } from './normalize.js';

/** A container of the project, as the engine has it. */
export interface ObservedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: number;
  readonly oneoff: boolean;
  readonly configHash: string;
  /** The id of the image it was created from. */
  readonly imageId: string;
  /** running, exited, created, paused, restarting, dead. */
  readonly state: string;
  /** What it was made with (from inspect), to say which setting changed. */
  readonly settings?: Settings;
}

/** What the engine has that the plan depends on. */
export interface EngineState {
  readonly containers: readonly ObservedContainer[];
  /** Networks and volumes by engine name. */
  readonly networks: ReadonlySet<string>;
  readonly volumes: ReadonlySet<string>;
  /** Local image id by reference, null when the engine does not have it. */
  readonly images: Readonly<Record<string, string | null>>;
}

export type ResourceAction = 'create' | 'exists' | 'external';

export type ContainerAction =
  | { readonly action: 'create'; readonly number: number; readonly name: string }
  | { readonly action: 'recreate'; readonly number: number; readonly name: string; readonly id: string; readonly reasons: readonly string[] }
  | { readonly action: 'start'; readonly number: number; readonly name: string; readonly id: string }
  | { readonly action: 'keep'; readonly number: number; readonly name: string; readonly id: string }
  | { readonly action: 'remove'; readonly number: number; readonly name: string; readonly id: string; readonly reason: string };

export interface ServicePlan {
  readonly name: string;
  readonly image: string;
  readonly configHash: string;
  readonly replicas: number;
  readonly dependsOn: ReadonlyArray<{ readonly service: string; readonly condition: string; readonly required: boolean }>;
  readonly containers: readonly ContainerAction[];
}

export interface ComposePlan {
  readonly project: string;
  readonly networks: ReadonlyArray<{ readonly key: string; readonly name: string; readonly action: ResourceAction }>;
  readonly volumes: ReadonlyArray<{ readonly key: string; readonly name: string; readonly action: ResourceAction }>;
  readonly images: ReadonlyArray<{ readonly service: string; readonly image: string; readonly action: 'pull' | 'build'; readonly reason: string }>;
  readonly services: readonly ServicePlan[];
  /** Services by depends_on level: each level needs only the ones before it. */
  readonly order: ReadonlyArray<readonly string[]>;
  readonly orphans: ReadonlyArray<{ readonly id: string; readonly name: string; readonly service: string }>;
  /** Reasons `up` cannot go ahead; nothing is changed while there are any. */
  readonly problems: readonly string[];
}

/** The services by depends_on level (the loader has already refused cycles). */
export function dependencyLevels(project: ComposeProject): string[][] {
  const names = Object.keys(project.services);
  const deps = (s: string) =>
    Object.keys(isPlainObject(project.services[s]!.depends_on) ? project.services[s]!.depends_on : {}).filter((d) => d in project.services);
  const level = new Map<string, number>();
  const visit = (s: string, seen: Set<string>): number => {
    const known = level.get(s);
    if (known !== undefined) return known;
    if (seen.has(s)) return 0;
    seen.add(s);
    const l = Math.max(-1, ...deps(s).map((d) => visit(d, seen))) + 1;
    level.set(s, l);
    return l;
  };
  for (const s of names) visit(s, new Set());
  const out: string[][] = [];
  for (const s of names.sort()) (out[level.get(s)!] ??= []).push(s);
  return out.filter(Boolean);
}

function dependsOn(svc: Record<string, unknown>): ServicePlan['dependsOn'] {
  if (!isPlainObject(svc.depends_on)) return [];
  return Object.entries(svc.depends_on).map(([service, d]) => {
    const o = isPlainObject(d) ? d : {};
    return { service, condition: String(o.condition ?? 'service_started'), required: o.required !== false };
  });
}

function resources(project: ComposeProject, kind: 'networks' | 'volumes', have: ReadonlySet<string>, problems: string[]) {
  return Object.keys(project[kind]).map((key) => {
    const name = resourceName(project, kind, key);
    const external = project[kind][key]!.external === true;
    if (external && !have.has(name))
      problems.push(
        `The external ${kind === 'networks' ? 'network' : 'volume'} "${name}" does not exist: create it first (docker ${kind === 'networks' ? 'network' : 'volume'} create ${name}).`,
      );
    return { key, name, action: (external ? 'external' : have.has(name) ? 'exists' : 'create') as ResourceAction };
  });
}

function imageAction(project: ComposeProject, service: string, state: EngineState, problems: string[]): ComposePlan['images'][number] | undefined {
  const svc = project.services[service]!;
  const image = serviceImage(project, service);
  const local = state.images[image] ?? null;
  const policy = String(svc.pull_policy ?? (svc.build ? 'build_if_missing' : 'missing'));
  const build = isPlainObject(svc.build);
  if (policy === 'build' && build) return { service, image, action: 'build', reason: 'pull_policy: build' };
  if (policy === 'always') return { service, image, action: 'pull', reason: 'pull_policy: always' };
  if (local) return undefined;
  if (build) return { service, image, action: 'build', reason: 'not on this engine yet' };
  if (policy === 'never') {
    problems.push(`The service ${service} needs the image ${image}, which is not on this engine, and its pull_policy is never: pull or build it first.`);
    return undefined;
  }
  return { service, image, action: 'pull', reason: 'not on this engine' };
}

function containerActions(project: ComposeProject, service: string, hash: string, state: EngineState): ContainerAction[] {
  const svc = project.services[service]!;
  const want = replicasOf(svc);
  const mine = state.containers.filter((c) => c.service === service && !c.oneoff).sort((a, b) => a.number - b.number || a.name.localeCompare(b.name));
  const imageId = state.images[serviceImage(project, service)] ?? null;
  const out: ContainerAction[] = [];
  mine.forEach((c, i) => {
    if (i >= want) {
      out.push({ action: 'remove', number: c.number, name: c.name, id: c.id, reason: `the service wants ${want} container${want === 1 ? '' : 's'}` });
      return;
    }
    const reasons: string[] = [];
    if (c.configHash !== hash) {
      const req = containerRequest(project, service, c.number, { configHash: hash });
      const wanted = requestSettings(
        req.body,
        req.moreNetworks.map((n) => n.name),
      );
      const changed = c.settings ? changedSettings(wanted, c.settings) : [];
      reasons.push(...(changed.length ? changed : ['its configuration (config-hash differs)']));
    }
    if (imageId && c.imageId !== imageId && !reasons.includes('image')) reasons.push(`image (now ${imageId.replace(/^sha256:/, '').slice(0, 12)})`);
    if (reasons.length) out.push({ action: 'recreate', number: c.number, name: c.name, id: c.id, reasons });
    else if (c.state === 'running' || c.state === 'paused' || c.state === 'restarting') out.push({ action: 'keep', number: c.number, name: c.name, id: c.id });
    else out.push({ action: 'start', number: c.number, name: c.name, id: c.id });
  });
  const used = new Set(mine.map((c) => c.number));
  for (let n = 1, made = Math.min(mine.length, want); made < want; n++) {
    if (used.has(n)) continue;
    out.push({ action: 'create', number: n, name: containerName(project.name, service, n, svc) });
    made++;
  }
  return out;
}

/** Compute the plan of `up` for a project against the engine's state. */
export function planUp(project: ComposeProject, state: EngineState): ComposePlan {
  const problems: string[] = [];
  const networks = resources(project, 'networks', state.networks, problems);
  const volumes = resources(project, 'volumes', state.volumes, problems);
  const images: ComposePlan['images'][number][] = [];
  const services: ServicePlan[] = [];
  for (const name of Object.keys(project.services)) {
    const svc = project.services[name]!;
    const unsupported = unsupportedOf(svc);
    if (unsupported.length)
      problems.push(
        `The service ${name} uses ${unsupported.join(', ')}, which berth compose does not support yet: use docker compose for this project for now.`,
      );
    if (replicasOf(svc) > 1 && typeof svc.container_name === 'string')
      problems.push(
        `The service ${name} sets container_name "${svc.container_name}" and wants ${replicasOf(svc)} containers: a name is for one container only.`,
      );
    const img = imageAction(project, name, state, problems);
    if (img) images.push(img);
    const configHash = serviceConfigHash(svc);
    services.push({
      name,
      image: serviceImage(project, name),
      configHash,
      replicas: replicasOf(svc),
      dependsOn: dependsOn(svc),
      containers: containerActions(project, name, configHash, state),
    });
  }
  const orphans = state.containers
    .filter((c) => !c.oneoff && !(c.service in project.services) && !(c.service in project.disabledServices))
    .map((c) => ({ id: c.id, name: c.name, service: c.service }));
  return { project: project.name, networks, volumes, images, services, order: dependencyLevels(project), orphans, problems };
}

/** Whether the plan changes anything at all. */
export function planChanges(plan: ComposePlan): boolean {
  return (
    plan.networks.some((n) => n.action === 'create') ||
    plan.volumes.some((v) => v.action === 'create') ||
    plan.images.length > 0 ||
    plan.services.some((s) => s.containers.some((c) => c.action !== 'keep'))
  );
}

/** The plan as lines a person reads (the CLI's `up --dry-run`). */
export function describePlan(plan: ComposePlan, removeOrphans = false): string[] {
  const lines: string[] = [];
  for (const n of plan.networks) if (n.action === 'create') lines.push(`create network ${n.name}`);
  for (const v of plan.volumes) if (v.action === 'create') lines.push(`create volume ${v.name}`);
  for (const i of plan.images) lines.push(`${i.action} image ${i.image} for ${i.service} (${i.reason})`);
  const byName = new Map(plan.services.map((s) => [s.name, s]));
  for (const level of plan.order)
    for (const name of level) {
      const s = byName.get(name)!;
      const after = s.dependsOn.length ? ` after ${s.dependsOn.map((d) => `${d.service} (${d.condition})`).join(', ')}` : '';
      for (const c of s.containers) {
        if (c.action === 'create') lines.push(`create container ${c.name}${after}`);
        else if (c.action === 'recreate') lines.push(`recreate container ${c.name}: changed ${c.reasons.join(', ')}${after}`);
        else if (c.action === 'start') lines.push(`start container ${c.name}${after}`);
        else if (c.action === 'keep') lines.push(`leave container ${c.name} as it is (up to date)`);
        else lines.push(`remove container ${c.name} (${c.reason})`);
      }
    }
  for (const o of plan.orphans)
    lines.push(
      removeOrphans
        ? `remove orphan container ${o.name} (its service ${o.service} is not in the project)`
        : `orphan container ${o.name}: its service ${o.service} is not in the project (--remove-orphans removes it)`,
    );
  for (const p of plan.problems) lines.push(`cannot go ahead: ${p}`);
  return lines;
}
