/**
 * `up SERVICE…` as docker compose does it: the services named and, transitively, those they depend on
 * (depends_on), and the project narrowed to them — only the networks and volumes they use; the services left
 * out are neither brought up nor taken for orphans. Pure.
 */
import { isPlainObject } from './interpolate.js';
import type { ComposeProject } from './normalize.js';

type Obj = Record<string, unknown>;

/** A sentence for names that are not services of the project, naming the ones it has (and a profile that would enable a name). */
export function unknownServices(project: Pick<ComposeProject, 'name' | 'services' | 'disabledServices'>, names: readonly string[]): string | undefined {
  const unknown = names.filter((n) => !(n in project.services));
  if (!unknown.length) return undefined;
  const hints = unknown
    .map((n) => {
      const svc = project.disabledServices[n];
      const profiles = isPlainObject(svc) && Array.isArray(svc.profiles) ? (svc.profiles as string[]) : [];
      return profiles.length ? ` ${n} is in the profile ${profiles.join(' or ')}: add --profile ${profiles[0]} to use it.` : '';
    })
    .join('');
  const known = Object.keys(project.services);
  return `${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length === 1 ? 'is not a service' : 'are not services'} of the project ${project.name} (its services: ${known.length ? known.join(', ') : 'none'}).${hints}`;
}

/** The services a service depends on (depends_on), those of the project only. */
function dependenciesOf(project: Pick<ComposeProject, 'services'>, name: string): string[] {
  const d = project.services[name]?.depends_on;
  return Object.keys(isPlainObject(d) ? d : {}).filter((s) => s in project.services);
}

/**
 * The named services with everything they depend on, directly or not, in the project's order; all services
 * when none is named. A sentence instead when a name is not a service of the project.
 */
export function withDependencies(
  project: Pick<ComposeProject, 'name' | 'services' | 'disabledServices'>,
  names: readonly string[],
): string[] | { error: string } {
  if (!names.length) return Object.keys(project.services);
  const error = unknownServices(project, names);
  if (error) return { error };
  const chosen = new Set<string>();
  const visit = (s: string) => {
    if (chosen.has(s)) return;
    chosen.add(s);
    for (const d of dependenciesOf(project, s)) visit(d);
  };
  for (const n of names) visit(n);
  return Object.keys(project.services).filter((s) => chosen.has(s));
}

/** The network keys a service joins. */
function networksOf(svc: Obj): string[] {
  return isPlainObject(svc.networks) ? Object.keys(svc.networks) : [];
}

/** The project volume keys a service mounts. */
function volumesOf(svc: Obj, project: Pick<ComposeProject, 'volumes'>): string[] {
  const mounts = Array.isArray(svc.volumes) ? (svc.volumes as unknown[]) : [];
  return mounts
    .filter(isPlainObject)
    .filter((m) => (m.type === undefined || m.type === 'volume') && typeof m.source === 'string' && m.source in project.volumes)
    .map((m) => m.source as string);
}

/**
 * The project narrowed to `up SERVICE…`: the services chosen (with their dependencies) and the networks and
 * volumes they use. The others are kept among the disabled services, so their containers are left alone and
 * not taken for orphans. The project itself when no service is named.
 */
export function selectServices(project: ComposeProject, names: readonly string[]): ComposeProject | { error: string } {
  if (!names.length) return project;
  const chosen = withDependencies(project, names);
  if ('error' in chosen) return chosen;
  const services: Record<string, Obj> = {};
  const left: Record<string, Obj> = { ...project.disabledServices };
  for (const [n, svc] of Object.entries(project.services)) (chosen.includes(n) ? services : left)[n] = svc;
  const nets = new Set(Object.values(services).flatMap(networksOf));
  const vols = new Set(Object.values(services).flatMap((s) => volumesOf(s, project)));
  return {
    ...project,
    services,
    disabledServices: left,
    networks: Object.fromEntries(Object.entries(project.networks).filter(([k]) => nets.has(k))),
    volumes: Object.fromEntries(Object.entries(project.volumes).filter(([k]) => vols.has(k))),
  };
}
