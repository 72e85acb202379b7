/**
 * The plan of a stack deploy: the stack's objects as the file wants them against what the engine has, as Docker's
 * `stack deploy` would treat them — networks, configs and secrets are made when missing and otherwise left alone;
 * services are created, updated (saying which settings change) or left alone; with prune, services of the stack's
 * namespace that the file no longer has are removed. A config or secret whose content changed cannot be changed in
 * swarm, and an external object that does not exist cannot be used: both refuse the deploy before anything is made.
 */
import type { EngineService, EngineServiceSpec } from '../services/index.js';
import type { StackAction, StackPlan } from './contract.js';
import { DIGEST_LABEL, FILES_LABEL, IMAGE_LABEL, NAMESPACE_LABEL, type DesiredFileObject, type StackDesired } from './convert.js';

type Obj = Record<string, unknown>;

/** The parts of the engine's network JSON read here. */
export interface EngineNetwork {
  Id: string;
  Name: string;
  Driver?: string;
  Scope?: string;
  Labels?: Record<string, string> | null;
}

/** A config or secret as the engine lists it (a secret's Data is never given back). */
export interface EngineFileObject {
  ID: string;
  Spec: { Name: string; Labels?: Record<string, string> | null; Data?: string };
}

/** What the engine has that a stack's plan looks at: the stack's services, and every network, config and secret. */
export interface StackEngineState {
  readonly services: readonly EngineService[];
  readonly networks: readonly EngineNetwork[];
  readonly configs: readonly EngineFileObject[];
  readonly secrets: readonly EngineFileObject[];
}

export interface PlanOptions {
  readonly prune: boolean;
  /** Whether the nodes' kernel has IPVS (the routing mesh and virtual IPs need it); unknown when undefined. */
  readonly ipvs?: boolean;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value with its empty parts dropped (absent, null, false, 0, "", {} and [] are all "not set"), keys sorted. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(canonical).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) {
      const x = canonical(v[k]);
      if (x !== undefined) out[k] = x;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (v === null || v === undefined || v === false || v === 0 || v === '') return undefined;
  return v;
}

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
const image = (s: EngineServiceSpec) => (s.TaskTemplate?.ContainerSpec?.Image ?? '').replace(/@sha256:[0-9a-f]{64}$/, '');
const modeText = (s: EngineServiceSpec): string => {
  const m = (s.Mode ?? {}) as Obj;
  if (m.Global) return 'global';
  if (m.GlobalJob) return 'global job';
  if (isObj(m.ReplicatedJob)) return `job of ${Number(m.ReplicatedJob.TotalCompletions ?? 1)}`;
  return `${Number((m.Replicated as Obj | undefined)?.Replicas ?? 1)} replicas`;
};
/** replicated, global, replicated-job or global-job: swarm cannot change a service from one to another. */
const modeKind = (s: EngineServiceSpec): string => {
  const m = (s.Mode ?? {}) as Obj;
  return m.Global ? 'global' : m.GlobalJob ? 'global-job' : m.ReplicatedJob ? 'replicated-job' : 'replicated';
};
const container = (s: EngineServiceSpec): Obj => (s.TaskTemplate?.ContainerSpec ?? {}) as Obj;
const template = (s: EngineServiceSpec): Obj => (s.TaskTemplate ?? {}) as Obj;
const sorted = (v: unknown) => (Array.isArray(v) ? [...(v as unknown[])].map((x) => JSON.stringify(canonical(x))).sort() : []);

/** The defaults the engine takes for an update config not given, so given-as-default and not-given compare equal. */
function updateDefaults(u: unknown): Obj {
  const x = isObj(u) ? u : {};
  return {
    Parallelism: x.Parallelism ?? (isObj(u) ? 0 : 1),
    Delay: x.Delay ?? 0,
    FailureAction: x.FailureAction ?? 'pause',
    Monitor: x.Monitor ?? 0,
    MaxFailureRatio: x.MaxFailureRatio ?? 0,
    Order: x.Order ?? 'stop-first',
  };
}

function portsOf(s: EngineServiceSpec): string[] {
  return (s.EndpointSpec?.Ports ?? []).map((p) => `${p.PublishedPort ?? ''}:${p.TargetPort ?? 0}/${p.Protocol ?? 'tcp'}/${p.PublishMode ?? 'ingress'}`).sort();
}

/** Pure: labels without one key (undefined stays undefined). */
function withoutKey(labels: unknown, key: string): unknown {
  if (!isObj(labels)) return labels;
  const { [key]: _drop, ...rest } = labels;
  return rest;
}

/**
 * The settings of a service spec that a deploy can change, each read the same way from the file's spec and the
 * engine's (which names networks by id, and fills in defaults the file left out).
 */
function facets(s: EngineServiceSpec, networkName: (idOrName: string) => string): [string, unknown][] {
  const c = container(s);
  const t = template(s);
  const refs = (list: unknown, name: string) =>
    (Array.isArray(list) ? (list as Obj[]) : []).map((r) => ({ n: r[name], f: r.File })).sort((a, b) => String(a.n).localeCompare(String(b.n)));
  const { Image: _i, Labels: _l, Command: _c, Args: _a, Env: _e, Mounts: _m, Configs: _cf, Secrets: _sc, Isolation: _iso, ...otherContainer } = c;
  return [
    ['mode', modeText(s)],
    ['command', c.Args],
    ['entrypoint', c.Command],
    ['environment', sorted(c.Env)],
    ['container labels', c.Labels],
    // The image label follows the image, which is its own facet; where the files are is not a setting of the service.
    ['service labels', withoutKey(withoutKey(s.Labels, IMAGE_LABEL), FILES_LABEL)],
    ['ports', portsOf(s)],
    ['endpoint mode', s.EndpointSpec?.Mode ?? 'vip'],
    ['mounts', sorted(c.Mounts)],
    ['configs', refs(c.Configs, 'ConfigName')],
    ['secrets', refs(c.Secrets, 'SecretName')],
    [
      'networks',
      (Array.isArray(t.Networks) ? (t.Networks as Obj[]) : [])
        .map((n) => `${networkName(String(n.Target))} ${JSON.stringify(canonical(n.Aliases) ?? [])}`)
        .sort(),
    ],
    ['resources', t.Resources],
    ['restart policy', t.RestartPolicy],
    ['placement', isObj(t.Placement) ? { ...t.Placement, Platforms: undefined } : undefined],
    ['logging', t.LogDriver],
    ['update config', updateDefaults(s.UpdateConfig)],
    ['rollback config', updateDefaults(s.RollbackConfig)],
    ['container settings', otherContainer],
  ];
}

/** Pure: which settings differ between the engine's spec and the file's, as the plan says them. */
export function serviceChanges(current: EngineServiceSpec, desired: EngineServiceSpec, networkName: (idOrName: string) => string): string[] {
  const changes: string[] = [];
  if (image(current) !== image(desired)) changes.push(`image ${image(current)} → ${image(desired)}`);
  const before = facets(current, networkName);
  const after = new Map(facets(desired, networkName));
  for (const [name, value] of before) {
    if (same(value, after.get(name))) continue;
    changes.push(name === 'mode' ? `${String(value)} → ${String(after.get(name))}` : name);
  }
  return changes;
}

function fileObjectAction(
  o: DesiredFileObject,
  existing: readonly { ID: string; Spec: EngineFileObject['Spec'] }[],
  refusals: string[],
  warnings: string[],
): StackAction {
  const found = existing.find((e) => e.Spec.Name === o.name);
  const noun = o.kind;
  if (o.external) {
    if (!found)
      refusals.push(
        `The external ${noun} ${o.name} does not exist on this swarm: create it first (docker ${noun} create ${o.name} FILE), or define it in the file.`,
      );
    return { kind: noun, name: o.name, action: 'use', changes: [] };
  }
  if (!found) return { kind: noun, name: o.name, action: 'create', changes: [] };
  const data = found.Spec.Data;
  const digest = found.Spec.Labels?.[DIGEST_LABEL];
  const changed = data !== undefined ? data !== o.data : digest !== undefined ? digest !== o.digest : false;
  if (data === undefined && digest === undefined)
    warnings.push(
      `The ${noun} ${o.name} was made without a record of its content (not by Berth): Berth cannot tell whether its file changed, and uses it as it is.`,
    );
  if (changed) {
    refusals.push(
      `The ${noun} ${o.name} already exists with other content, and swarm cannot change a ${noun}'s content in place: give it a new name in the file (name: ${o.name}_v2), or remove the stack first.`,
    );
  }
  return { kind: noun, name: o.name, action: 'keep', changes: [] };
}

/** Pure: the plan of deploying `desired` onto an engine that has `state`. */
export function planStack(desired: StackDesired, state: StackEngineState, opts: PlanOptions): StackPlan {
  const refusals = [...desired.refusals];
  const warnings = [...desired.warnings];
  const actions: StackAction[] = [];
  const byName = new Map(state.networks.map((n) => [n.Name, n]));
  const nameOfNetwork = new Map(state.networks.map((n) => [n.Id, n.Name]));
  const networkName = (ref: string) => nameOfNetwork.get(ref) ?? ref;

  for (const n of desired.networks) {
    const found = byName.get(n.name);
    if (n.external) {
      if (!found)
        refusals.push(`The external network ${n.name} does not exist on this swarm: create it as an overlay network first, or define it in the file.`);
      else if (found.Scope && found.Scope !== 'swarm')
        refusals.push(
          `The external network ${n.name} is a ${found.Scope} network (${found.Driver ?? '?'}): a stack's services need a swarm-scoped one, such as an overlay.`,
        );
      actions.push({ kind: 'network', name: n.name, action: 'use', changes: [] });
      continue;
    }
    if (!found) {
      actions.push({ kind: 'network', name: n.name, action: 'create', changes: [] });
      continue;
    }
    if (found.Scope && found.Scope !== 'swarm') {
      refusals.push(`A ${found.Scope} network named ${n.name} already exists (${found.Driver ?? '?'}): remove it, or name the stack's network another way.`);
    }
    actions.push({ kind: 'network', name: n.name, action: 'keep', changes: [] });
  }
  for (const c of desired.configs) actions.push(fileObjectAction(c, state.configs, refusals, warnings));
  for (const s of desired.secrets) actions.push(fileObjectAction(s, state.secrets, refusals, warnings));

  const current = new Map(state.services.map((s) => [s.Spec.Name ?? s.ID, s]));
  for (const s of desired.services) {
    const found = current.get(s.name);
    if (!found) {
      actions.push({ kind: 'service', name: s.name, action: 'create', changes: [] });
      continue;
    }
    if (found.Spec.Labels?.[NAMESPACE_LABEL] !== desired.stack) {
      refusals.push(`A service named ${s.name} already exists outside the stack ${desired.stack}: remove or rename it, or choose another stack name.`);
      continue;
    }
    if (modeKind(found.Spec) !== modeKind(s.spec)) {
      refusals.push(
        `The service ${s.name} is ${modeKind(found.Spec)} on the swarm and ${modeKind(s.spec)} in the file, and swarm cannot change a service's mode: remove the service (or the stack) first, then deploy.`,
      );
      continue;
    }
    const changes = serviceChanges(found.Spec, s.spec, networkName);
    actions.push({ kind: 'service', name: s.name, action: changes.length ? 'update' : 'keep', changes });
  }
  const wanted = new Set(desired.services.map((s) => s.name));
  const leftover = state.services.filter((s) => s.Spec.Labels?.[NAMESPACE_LABEL] === desired.stack && !wanted.has(s.Spec.Name ?? s.ID));
  if (opts.prune) for (const s of leftover) actions.push({ kind: 'service', name: s.Spec.Name ?? s.ID, action: 'remove', changes: [] });
  else if (leftover.length)
    warnings.push(
      `The stack has services the file no longer has (${leftover.map((s) => s.Spec.Name ?? s.ID).join(', ')}): they stay; deploy with prune to remove them.`,
    );

  const ingressPorts = (s: StackDesired['services'][number]) => (s.spec.EndpointSpec?.Ports ?? []).filter((p) => (p.PublishMode ?? 'ingress') === 'ingress');
  const ingress = desired.services.filter((s) => ingressPorts(s).length > 0);
  // Swarm takes no ingress port on a dnsrr service, and says so only when that service is created, halfway
  // through the deploy: refused here, before anything is made.
  for (const s of ingress) {
    if (s.spec.EndpointSpec?.Mode !== 'dnsrr') continue;
    const ports = ingressPorts(s).map((p) => p.PublishedPort ?? p.TargetPort);
    refusals.push(
      `${s.name} publishes port${ports.length === 1 ? '' : 's'} ${ports.join(', ')} through the routing mesh (ingress mode), which a service with endpoint_mode: dnsrr cannot use: publish ${ports.length === 1 ? 'it' : 'them'} with mode: host, or leave out endpoint_mode: dnsrr.`,
    );
  }
  if (ingress.length && opts.ipvs === false) {
    warnings.push(
      `${ingress.map((s) => s.name).join(', ')} publish${ingress.length === 1 ? 'es' : ''} ports in ingress mode, through the swarm's routing mesh, which needs IPVS in the kernel; this machine's kernel has none, so those ports may not answer here: publish with mode: host to reach the node itself.`,
    );
  }
  const vip = desired.services.filter((s) => (s.spec.EndpointSpec?.Mode ?? 'vip') === 'vip');
  if (vip.length && opts.ipvs === false) {
    warnings.push(
      `${vip.map((s) => s.name).join(', ')} use${vip.length === 1 ? 's' : ''} a virtual IP (endpoint_mode: vip), which needs IPVS; this machine's kernel has none: set deploy.endpoint_mode: dnsrr for services to reach each other by name here.`,
    );
  }
  const plan = { stack: desired.stack, actions, warnings, refusals };
  return { ...plan, lines: describeStackPlan(plan) };
}

const VERB: Readonly<Record<StackAction['action'], string>> = {
  create: 'Create',
  update: 'Update',
  keep: 'Keep',
  use: 'Use external',
  remove: 'Remove',
};

/** Pure: the plan as lines a person reads: warnings, then each step, then why it cannot go ahead. */
export function describeStackPlan(plan: Pick<StackPlan, 'stack' | 'actions' | 'warnings' | 'refusals'>): string[] {
  const lines = [...plan.warnings];
  for (const a of plan.actions) lines.push(`${VERB[a.action]} ${a.kind} ${a.name}${a.changes.length ? `: ${a.changes.join(', ')}` : ''}`);
  const changing = plan.actions.filter((a) => a.action === 'create' || a.action === 'update' || a.action === 'remove').length;
  if (plan.refusals.length) lines.push(...plan.refusals.map((r) => `Cannot deploy: ${r}`), 'Nothing will be changed.');
  else if (!changing) lines.push(`The stack ${plan.stack} is up to date: nothing to change.`);
  return lines;
}
