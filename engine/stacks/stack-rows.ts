/**
 * Stacks read from the engine's services: grouped by their namespace label, as `docker stack ls` counts them, with
 * running/desired tasks summed; and a service spec's config and secret references given the ids swarm needs.
 */
import { summariseService, type EngineService, type EngineServiceSpec, type EngineTask } from '../services/index.js';
import type { StackSummary } from './contract.js';
import { FILES_LABEL, NAMESPACE_LABEL } from './convert.js';

type Obj = Record<string, unknown>;

/** Pure: the stacks the services belong to, by name, each with its services' count and tasks. */
export function stackSummaries(services: readonly EngineService[], tasks: readonly EngineTask[] = []): StackSummary[] {
  const stacks = new Map<string, { services: number; running: number; desired: number; files: readonly string[] }>();
  for (const s of services) {
    const name = s.Spec.Labels?.[NAMESPACE_LABEL];
    if (!name) continue;
    const sum = summariseService(s, tasks);
    const st = stacks.get(name) ?? { services: 0, running: 0, desired: 0, files: [] };
    const files = st.files.length ? st.files : filesOf(s.Spec.Labels?.[FILES_LABEL]);
    stacks.set(name, { services: st.services + 1, running: st.running + sum.running, desired: st.desired + sum.desired, files });
  }
  return [...stacks.entries()].map(([name, s]) => ({ name, ...s })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Pure: the files a service's label lists (a JSON list of paths); none when it is missing or not such a list. */
export function filesOf(label: string | undefined): string[] {
  if (!label) return [];
  try {
    const list = JSON.parse(label) as unknown;
    return Array.isArray(list) && list.every((f) => typeof f === 'string' && f.length > 0) ? (list as string[]) : [];
  } catch {
    return [];
  }
}

/** Pure: the spec with each config and secret reference carrying the id of the object it names. */
export function withReferenceIds(
  spec: EngineServiceSpec,
  ids: { readonly config: ReadonlyMap<string, string>; readonly secret: ReadonlyMap<string, string> },
): EngineServiceSpec {
  const c = spec.TaskTemplate?.ContainerSpec;
  if (!c) return spec;
  const fill = (list: unknown, kind: 'config' | 'secret'): Obj[] | undefined =>
    Array.isArray(list)
      ? (list as Obj[]).map((r) =>
          kind === 'config'
            ? { ...r, ConfigID: ids.config.get(String(r.ConfigName)) ?? r.ConfigID }
            : { ...r, SecretID: ids.secret.get(String(r.SecretName)) ?? r.SecretID },
        )
      : undefined;
  const configs = fill(c.Configs, 'config');
  const secrets = fill(c.Secrets, 'secret');
  return {
    ...spec,
    TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...c, ...(configs ? { Configs: configs } : {}), ...(secrets ? { Secrets: secrets } : {}) } },
  };
}
