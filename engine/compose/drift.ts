/**
 * Why a container is out of date: its config-hash label says *that* the service changed, not *what*. This
 * compares the create request Berth would send now with what the engine says the container was made with,
 * setting by setting, in the Compose file's own words (`environment.GREETING`, `ports`, `image`, …).
 * Only settings the service states are compared; the image's own defaults (its command, its environment) are
 * not differences.
 */
import type Docker from 'dockerode';

/** The comparable settings of one container: a Compose setting name → a canonical text of its value. */
export type Settings = Readonly<Record<string, string>>;

const COMPOSE_LABEL = /^com\.docker\.compose\./;

function envMap(list: readonly string[] | undefined | null): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of list ?? []) {
    const at = e.indexOf('=');
    m.set(at < 0 ? e : e.slice(0, at), at < 0 ? '' : e.slice(at + 1));
  }
  return m;
}

function portText(bindings: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | undefined): string {
  return Object.entries(bindings ?? {})
    .flatMap(([k, list]) => (list ?? []).map((b) => `${b.HostIp ?? ''}:${b.HostPort ?? ''}->${k}`))
    .sort()
    .join(' ');
}

function mountText(hc: { Binds?: string[] | null; Mounts?: Docker.MountSettings[] | null; Tmpfs?: Record<string, string> | null } | undefined): string {
  const items = [
    ...(hc?.Binds ?? []),
    ...(hc?.Mounts ?? []).map((m) => `${m.Type}:${m.Source ?? ''}:${m.Target}${m.ReadOnly ? ':ro' : ''}`),
    ...Object.keys(hc?.Tmpfs ?? {}).map((t) => `tmpfs::${t}`),
  ];
  return items.sort().join(' ');
}

interface Shape {
  Image?: string;
  Cmd?: string[] | null;
  Entrypoint?: string[] | string | null;
  Env?: string[] | null;
  Labels?: Record<string, string> | null;
  WorkingDir?: string;
  User?: string;
  Healthcheck?: object | null;
  HostConfig?: Docker.HostConfig;
  NetworkingConfig?: { EndpointsConfig?: Record<string, unknown> };
}

/** The settings a create request states (unset ones are absent, so the image's defaults never count). */
export function requestSettings(body: Shape, moreNetworks: readonly string[] = []): Settings {
  const s: Record<string, string> = {};
  if (body.Image) s.image = body.Image;
  if (body.Cmd) s.command = JSON.stringify(body.Cmd);
  if (body.Entrypoint) s.entrypoint = JSON.stringify(body.Entrypoint);
  for (const [k, v] of envMap(body.Env)) s[`environment.${k}`] = v;
  for (const [k, v] of Object.entries(body.Labels ?? {})) if (!COMPOSE_LABEL.test(k)) s[`labels.${k}`] = v;
  s.ports = portText(body.HostConfig?.PortBindings as never);
  s.volumes = mountText(body.HostConfig);
  if (body.WorkingDir) s.working_dir = body.WorkingDir;
  if (body.User) s.user = body.User;
  s.restart = body.HostConfig?.RestartPolicy?.Name || 'no';
  if (body.Healthcheck) s.healthcheck = JSON.stringify(body.Healthcheck);
  s.networks = [...Object.keys(body.NetworkingConfig?.EndpointsConfig ?? {}), ...moreNetworks].sort().join(' ');
  return s;
}

/** The same settings read from `docker inspect` of a container; `imageEnv` is its image's environment. */
export function inspectSettings(info: Docker.ContainerInspectInfo, imageEnv: readonly string[] = []): Settings {
  const c = info.Config as Docker.ContainerInspectInfo['Config'] & { Healthcheck?: object };
  const base = envMap(imageEnv);
  const env = [...envMap(c.Env)].filter(([k, v]) => base.get(k) !== v).map(([k, v]) => `${k}=${v}`);
  return requestSettings({
    Image: c.Image,
    Cmd: c.Cmd,
    Entrypoint: c.Entrypoint as string[] | null,
    Env: env,
    Labels: c.Labels,
    WorkingDir: c.WorkingDir,
    User: c.User,
    Healthcheck: c.Healthcheck,
    HostConfig: info.HostConfig,
    NetworkingConfig: { EndpointsConfig: info.NetworkSettings?.Networks ?? {} },
  });
}

/**
 * The settings that differ, in the file's words: a setting the service states that the container has
 * otherwise, and environment variables or labels the container has that the service no longer states.
 */
export function changedSettings(wanted: Settings, had: Settings): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(wanted)) if (had[k] !== v) out.push(k);
  for (const k of Object.keys(had)) if (/^(environment|labels)\./.test(k) && !(k in wanted)) out.push(k);
  return out.sort();
}
