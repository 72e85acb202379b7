/**
 * Pure: the plan of `up` (compose.plan) as what the Compose page shows — a line of counts, then each
 * network, volume and image to make, and each service's containers with what `up` does to them and why.
 */
import type { ComposePlan, ContainerAction } from '../../../../engine/contract/compose';

export type PlanVerb = 'create' | 'recreate' | 'start' | 'leave' | 'remove' | 'pull' | 'build' | 'orphan' | 'exists' | 'external';

/** One thing the plan does (or leaves), in words. */
export interface PlanRow {
  readonly key: string;
  readonly verb: PlanVerb;
  /** What it is about: a container, network, volume or image name. */
  readonly subject: string;
  /** Why, when there is a reason to give ("changed environment.GREETING", "not on this engine"); for a network or volume, which it is. */
  readonly why?: string;
}

export interface PlanService {
  readonly name: string;
  readonly image: string;
  /** "after db (started)", when it waits for others. */
  readonly after?: string;
  readonly rows: readonly PlanRow[];
}

export interface PlanView {
  /** "2 containers to create", "1 network to create", …; empty when up changes nothing. */
  readonly counts: readonly string[];
  /** Whether up would change anything. */
  readonly changes: boolean;
  readonly resources: readonly PlanRow[];
  readonly images: readonly PlanRow[];
  /** In the order up brings them up (depends_on levels). */
  readonly services: readonly PlanService[];
  readonly orphans: readonly PlanRow[];
  /** Why up cannot go ahead (nothing is changed while there are any). */
  readonly problems: readonly string[];
}

const CONDITION: Record<string, string> = {
  service_started: 'started',
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function containerRow(c: ContainerAction): PlanRow {
  const key = `container:${c.name}`;
  switch (c.action) {
    case 'create':
      return { key, verb: 'create', subject: c.name };
    case 'recreate':
      return { key, verb: 'recreate', subject: c.name, why: `changed ${c.reasons.join(', ')}` };
    case 'start':
      return { key, verb: 'start', subject: c.name, why: 'it is stopped' };
    case 'keep':
      return { key, verb: 'leave', subject: c.name, why: 'up to date' };
    case 'remove':
      return { key, verb: 'remove', subject: c.name, why: c.reason };
  }
}

/** The plan as the page shows it; `removeOrphans` says whether up would remove the orphans. */
export function planView(plan: ComposePlan, removeOrphans = false): PlanView {
  const resources: PlanRow[] = [
    ...plan.networks.map((n): PlanRow => ({ key: `network:${n.name}`, verb: n.action, subject: n.name, why: 'network' })),
    ...plan.volumes.map((v): PlanRow => ({ key: `volume:${v.name}`, verb: v.action, subject: v.name, why: 'volume' })),
  ];
  const images = plan.images.map((i): PlanRow => ({
    key: `image:${i.service}:${i.image}`,
    verb: i.action,
    subject: i.image,
    why: `for ${i.service}: ${i.reason}`,
  }));
  const byName = new Map(plan.services.map((s) => [s.name, s]));
  const services = plan.order.flat().flatMap((name): PlanService[] => {
    const s = byName.get(name);
    if (!s) return [];
    const after = s.dependsOn.length ? `after ${s.dependsOn.map((d) => `${d.service} (${CONDITION[d.condition] ?? d.condition})`).join(', ')}` : undefined;
    return [{ name, image: s.image, ...(after ? { after } : {}), rows: s.containers.map(containerRow) }];
  });
  const orphans = plan.orphans.map((o): PlanRow => ({
    key: `orphan:${o.name}`,
    verb: removeOrphans ? 'remove' : 'orphan',
    subject: o.name,
    why: `its service ${o.service} is not in the project${removeOrphans ? '' : '; left as it is'}`,
  }));
  const containers = services.flatMap((s) => s.rows);
  const count = (verb: PlanVerb) => containers.filter((r) => r.verb === verb).length;
  const counts: string[] = [];
  const push = (n: number, text: string) => n && counts.push(text);
  push(count('create'), `${plural(count('create'), 'container')} to create`);
  push(count('recreate'), `${plural(count('recreate'), 'container')} to recreate`);
  push(count('start'), `${plural(count('start'), 'container')} to start`);
  const removing = count('remove') + (removeOrphans ? orphans.length : 0);
  push(removing, `${plural(removing, 'container')} to remove`);
  const made = (kind: 'network' | 'volume') => resources.filter((r) => r.key.startsWith(`${kind}:`) && r.verb === 'create').length;
  push(made('network'), `${plural(made('network'), 'network')} to create`);
  push(made('volume'), `${plural(made('volume'), 'volume')} to create`);
  const pulls = images.filter((i) => i.verb === 'pull').length;
  const builds = images.filter((i) => i.verb === 'build').length;
  push(pulls, `${plural(pulls, 'image')} to pull`);
  push(builds, `${plural(builds, 'image')} to build`);
  const changes = counts.length > 0;
  push(count('leave'), `${plural(count('leave'), 'container')} left as ${count('leave') === 1 ? 'it is' : 'they are'}`);
  return { counts, changes, resources, images, services, orphans, problems: plan.problems };
}

/** How a verb reads in the plan's rows. */
export const VERB_TEXT: Record<PlanVerb, string> = {
  create: 'Create',
  recreate: 'Recreate',
  start: 'Start',
  leave: 'Leave',
  remove: 'Remove',
  pull: 'Pull',
  build: 'Build',
  orphan: 'Orphan',
  exists: 'Exists',
  external: 'External',
};
