/**
 * The names and labels Docker Compose gives what it creates, so that a project brought up by Berth is
 * recognised by `docker compose`/`docker-compose`, and the other way round: containers `<project>-<service>-<n>`
 * (or the service's `container_name`), networks `<project>_<name>`, volumes `<project>_<name>`, and the
 * `com.docker.compose.*` labels.
 */
import { isPlainObject } from './interpolate.js';
import type { ComposeProject } from './normalize.js';

type Obj = Record<string, unknown>;

export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configHash: 'com.docker.compose.config-hash',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  environmentFile: 'com.docker.compose.project.environment_file',
  dependsOn: 'com.docker.compose.depends_on',
  version: 'com.docker.compose.version',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
} as const;

/** The name of the n-th (1-based) container of a service: `container_name` when set, else `<project>-<service>-<n>`. */
export function containerName(project: string, service: string, n: number, svc?: Readonly<Obj>): string {
  if (svc && typeof svc.container_name === 'string') return svc.container_name;
  return `${project}-${service}-${n}`;
}

/** The engine name of a project's network or volume (its `name`, which normalize.ts filled in). */
export function resourceName(project: ComposeProject, kind: 'networks' | 'volumes', key: string): string {
  const def = project[kind][key];
  return typeof def?.name === 'string' ? def.name : `${project.name}_${key}`;
}

/** `db:service_healthy:false,…` — the depends_on label Compose writes (name:condition:restart). */
export function dependsOnLabel(svc: Readonly<Obj>): string {
  if (!isPlainObject(svc.depends_on)) return '';
  return Object.entries(svc.depends_on)
    .map(([name, d]) => {
      const dep = isPlainObject(d) ? d : {};
      return `${name}:${String(dep.condition ?? 'service_started')}:${dep.restart === true || dep.restart === 'true' ? 'true' : 'false'}`;
    })
    .join(',');
}

/** The labels of a service's container (the service's own labels first; Compose's win on a clash). */
export function containerLabels(
  project: ComposeProject,
  service: string,
  n: number,
  configHash: string,
  opts: { oneoff?: boolean; version?: string } = {},
): Record<string, string> {
  const svc = project.services[service] ?? {};
  const own = isPlainObject(svc.labels) ? Object.fromEntries(Object.entries(svc.labels).map(([k, v]) => [k, String(v ?? '')])) : {};
  return {
    ...own,
    [LABEL.project]: project.name,
    [LABEL.service]: service,
    [LABEL.containerNumber]: String(n),
    [LABEL.oneoff]: opts.oneoff ? 'True' : 'False',
    [LABEL.configHash]: configHash,
    [LABEL.workingDir]: project.workingDir,
    [LABEL.configFiles]: project.configFiles.join(','),
    [LABEL.dependsOn]: dependsOnLabel(svc),
    [LABEL.version]: opts.version ?? '2.0.0',
  };
}

/** The labels of a project's network or volume. */
export function resourceLabels(project: ComposeProject, kind: 'networks' | 'volumes', key: string, version = '2.0.0'): Record<string, string> {
  const def = project[kind][key] ?? {};
  const own = isPlainObject(def.labels) ? Object.fromEntries(Object.entries(def.labels).map(([k, v]) => [k, String(v ?? '')])) : {};
  return { ...own, [LABEL.project]: project.name, [kind === 'networks' ? LABEL.network : LABEL.volume]: key, [LABEL.version]: version };
}
