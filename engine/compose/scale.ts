/**
 * Scaling (`up --scale web=3`, `scale web=3`): the project with the numbers of containers asked for, and the
 * plan narrowed to the services named, so scaling one service leaves the others as they are. The planner then
 * creates the missing numbers (`<project>-<service>-<n>`, lowest free first) and removes the highest. Pure.
 */
import { isPlainObject } from './interpolate.js';
import type { ComposeProject } from './normalize.js';
import type { ComposePlan } from './plan.js';

/** `web=3` arguments as a map; a sentence for the first one that is not SERVICE=N. */
export function parseScaleArgs(args: readonly string[]): Record<string, number> | { error: string } {
  const out: Record<string, number> = {};
  for (const a of args) {
    const m = /^([^=\s]+)=(\d+)$/.exec(a);
    if (!m || Number(m[2]) > 1000) return { error: `"${a}" is not SERVICE=N (a service name and a number of containers from 0 to 1000, e.g. web=3).` };
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** The project with each named service wanting `n` containers; a sentence when a name is not one of its services. */
export function withScale(project: ComposeProject, scale: Readonly<Record<string, number>>): ComposeProject | { error: string } {
  const names = Object.keys(scale);
  if (!names.length) return project;
  const unknown = names.filter((n) => !(n in project.services));
  if (unknown.length)
    return {
      error: `${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length === 1 ? 'is not a service' : 'are not services'} of the project ${project.name} (its services: ${Object.keys(project.services).join(', ')}).`,
    };
  const services = { ...project.services };
  for (const [name, n] of Object.entries(scale)) {
    const svc: Record<string, unknown> = { ...services[name]!, scale: n };
    // deploy.replicas wins over scale when both are set: set both.
    if (isPlainObject(svc.deploy) && svc.deploy.replicas !== undefined) svc.deploy = { ...svc.deploy, replicas: n };
    services[name] = svc;
  }
  return { ...project, services };
}

/**
 * The plan with only the named services' work: their images and containers, their dependencies not waited for
 * when not named (as `--no-deps`), no orphans removed. Networks and volumes they need stay in.
 */
export function narrowPlan(plan: ComposePlan, only: readonly string[]): ComposePlan {
  const keep = new Set(only);
  return {
    ...plan,
    images: plan.images.filter((i) => keep.has(i.service)),
    services: plan.services.filter((s) => keep.has(s.name)),
    order: plan.order.map((level) => level.filter((s) => keep.has(s))).filter((level) => level.length),
    orphans: [],
  };
}
