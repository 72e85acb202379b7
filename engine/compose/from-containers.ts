/**
 * "Save as compose.yaml": a Compose file that recreates running (or stopped) containers, written from their
 * `docker inspect` data and their images' (only what differs from the image is spelled out, as "copy as docker
 * run" does). Pure; the engine side (compose-export.ts) reads the inspect data and hands it here.
 */
import { stringify } from 'yaml';
import { goDuration } from './config-hash.js';
import { LABEL } from './naming.js';

type Obj = Record<string, unknown>;

/** The part of a container's inspect this reads (the engine sends more). */
export interface InspectedContainer {
  readonly Id: string;
  readonly Name: string;
  readonly Config: {
    readonly Image: string;
    readonly Hostname?: string;
    readonly Domainname?: string;
    readonly User?: string;
    readonly Env?: readonly string[] | null;
    readonly Cmd?: readonly string[] | null;
    readonly Entrypoint?: readonly string[] | string | null;
    readonly WorkingDir?: string;
    readonly Labels?: Readonly<Record<string, string>> | null;
    readonly Healthcheck?: HealthConfig | null;
    readonly Tty?: boolean;
    readonly OpenStdin?: boolean;
    readonly StopSignal?: string;
    readonly ExposedPorts?: Readonly<Record<string, object>> | null;
  };
  readonly HostConfig: {
    readonly NetworkMode?: string;
    readonly PortBindings?: Readonly<Record<string, ReadonlyArray<{ HostIp?: string; HostPort?: string }> | null>> | null;
    readonly RestartPolicy?: { readonly Name?: string; readonly MaximumRetryCount?: number } | null;
    readonly CapAdd?: readonly string[] | null;
    readonly CapDrop?: readonly string[] | null;
    readonly Init?: boolean | null;
    readonly PidsLimit?: number | null;
    readonly ExtraHosts?: readonly string[] | null;
    readonly Memory?: number;
    readonly NanoCpus?: number;
    readonly Privileged?: boolean;
    readonly ReadonlyRootfs?: boolean;
    readonly Tmpfs?: Readonly<Record<string, string>> | null;
  };
  readonly Mounts?: ReadonlyArray<{
    readonly Type?: string;
    readonly Name?: string;
    readonly Source?: string;
    readonly Destination: string;
    readonly RW?: boolean;
  }>;
  readonly NetworkSettings?: {
    readonly Networks?: Readonly<
      Record<
        string,
        { readonly Aliases?: readonly string[] | null; readonly IPAMConfig?: { readonly IPv4Address?: string; readonly IPv6Address?: string } | null }
      >
    > | null;
  };
}

export interface HealthConfig {
  readonly Test?: readonly string[] | null;
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly Retries?: number;
  readonly StartPeriod?: number;
  readonly StartInterval?: number;
}

/** The part of an image's inspect this reads: its `Config`. */
export interface ImageDefaults {
  readonly Env?: readonly string[] | null;
  readonly Cmd?: readonly string[] | null;
  readonly Entrypoint?: readonly string[] | string | null;
  readonly WorkingDir?: string;
  readonly User?: string;
  readonly Labels?: Readonly<Record<string, string>> | null;
  readonly Healthcheck?: HealthConfig | null;
  readonly StopSignal?: string;
  readonly Volumes?: Readonly<Record<string, object>> | null;
  readonly ExposedPorts?: Readonly<Record<string, object>> | null;
}

export interface ExportInput {
  readonly containers: readonly InspectedContainer[];
  /** Each container's image config, by the container's id (missing: the image is gone, everything is spelled out). */
  readonly images: Readonly<Record<string, ImageDefaults | undefined>>;
  /** The labels of the networks and volumes the containers use, by engine name (to find those a Compose project owns). */
  readonly networkLabels?: Readonly<Record<string, Readonly<Record<string, string>> | undefined>>;
  readonly volumeLabels?: Readonly<Record<string, Readonly<Record<string, string>> | undefined>>;
}

export interface ExportResult {
  /** The Compose model: services, networks, volumes. */
  readonly model: Obj;
  /** The Compose project the containers came from, when they all share one (bring the file up with `-p` it). */
  readonly project?: string;
  /** Things the file cannot say, each a sentence. */
  readonly notes: readonly string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const list = (v: readonly string[] | string | null | undefined): string[] | undefined => (v == null ? undefined : typeof v === 'string' ? [v] : [...v]);
const isAnonymous = (name: string | undefined) => !!name && /^[0-9a-f]{64}$/.test(name);

/** Bytes as Compose writes them: `256m`, `1g`, else a plain number of bytes. */
export function composeBytes(n: number): string | number {
  for (const [unit, size] of [
    ['g', 1024 ** 3],
    ['m', 1024 ** 2],
    ['k', 1024],
  ] as const)
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  return n;
}

/** A Compose service name from a container name: the characters Compose allows, else `service`. */
export function serviceNameOf(containerName: string): string {
  const s = containerName.replace(/^\//, '').replace(/[^a-zA-Z0-9._-]/g, '-');
  return /^[a-zA-Z0-9]/.test(s) ? s : `service${s}`;
}

function healthcheck(h: HealthConfig): Obj {
  const test = list(h.Test) ?? [];
  if (test[0] === 'NONE') return { disable: true };
  const out: Obj = {};
  // CMD-SHELL with one string reads best as the plain string (Compose runs it with the shell).
  out.test = test[0] === 'CMD-SHELL' && test.length === 2 ? test[1] : test;
  if (h.Interval) out.interval = goDuration(h.Interval);
  if (h.Timeout) out.timeout = goDuration(h.Timeout);
  if (h.Retries) out.retries = h.Retries;
  if (h.StartPeriod) out.start_period = goDuration(h.StartPeriod);
  if (h.StartInterval) out.start_interval = goDuration(h.StartInterval);
  return out;
}

function ports(c: InspectedContainer): string[] {
  const out: string[] = [];
  const keys = Object.keys(c.HostConfig.PortBindings ?? {}).sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
  for (const key of keys) {
    const [port, proto = 'tcp'] = key.split('/');
    const suffix = proto === 'tcp' ? '' : `/${proto}`;
    for (const b of c.HostConfig.PortBindings?.[key] ?? []) {
      const ip = b.HostIp ? (b.HostIp.includes(':') ? `[${b.HostIp}]` : b.HostIp) : '';
      const host = b.HostPort ?? '';
      out.push(ip ? `${ip}:${host}:${port}${suffix}` : host ? `${host}:${port}${suffix}` : `${port}${suffix}`);
    }
  }
  return out;
}

/** The service made from the first container of a service (the others only count for `scale`). */
function service(
  c: InspectedContainer,
  image: ImageDefaults | undefined,
  ctx: {
    project?: string;
    serviceOf: (idOrName: string) => string | undefined;
    networkKey: (name: string) => string | undefined;
    volumeKey: (name: string) => string;
    notes: string[];
    count: number;
  },
): Obj {
  const cfg = c.Config;
  const host = c.HostConfig;
  const name = c.Name.replace(/^\//, '');
  const img = image ?? {};
  const labels = cfg.Labels ?? {};
  const composeService = labels[LABEL.service];
  const svc: Obj = { image: cfg.Image };
  // A Compose container's name follows from its project and service; any other keeps its own.
  if (!composeService || labels[LABEL.project] !== ctx.project) svc.container_name = name;
  if (ctx.count > 1) svc.scale = ctx.count;

  const entrypoint = list(cfg.Entrypoint);
  const entrypointChanged = !same(entrypoint ?? [], list(img.Entrypoint) ?? []);
  if (entrypointChanged) svc.entrypoint = entrypoint ?? [];
  // A new entrypoint drops the image's command, in Compose as in `docker run`.
  if ((entrypointChanged && cfg.Cmd?.length) || (!entrypointChanged && !same(cfg.Cmd ?? [], img.Cmd ?? []))) svc.command = [...(cfg.Cmd ?? [])];

  const imageEnv = new Set(img.Env ?? []);
  const env = (cfg.Env ?? []).filter((e) => !imageEnv.has(e));
  if (env.length) {
    svc.environment = Object.fromEntries(
      env.map((e) => {
        const i = e.indexOf('=');
        return i < 0 ? [e, null] : [e.slice(0, i), e.slice(i + 1)];
      }),
    );
  }

  const p = ports(c);
  if (p.length) svc.ports = p;
  const imageExposed = img.ExposedPorts ?? {};
  const expose = Object.keys(cfg.ExposedPorts ?? {}).filter((k) => !(k in imageExposed) && !(k in (host.PortBindings ?? {})));
  if (expose.length) svc.expose = expose.map((k) => (k.endsWith('/tcp') ? k.slice(0, -4) : k));

  const volumes: string[] = [];
  for (const m of [...(c.Mounts ?? [])].sort((a, b) => a.Destination.localeCompare(b.Destination))) {
    const ro = m.RW === false ? ':ro' : '';
    if (m.Type === 'bind') volumes.push(`${m.Source ?? ''}:${m.Destination}${ro}`);
    else if (m.Type === 'volume') {
      if (isAnonymous(m.Name)) {
        // The image's own VOLUME comes back by itself; another anonymous volume is asked for by its path.
        if (!(m.Destination in (img.Volumes ?? {}))) volumes.push(m.Destination);
      } else volumes.push(`${ctx.volumeKey(m.Name ?? '')}:${m.Destination}${ro}`);
    }
  }
  if (volumes.length) svc.volumes = volumes;
  const tmpfs = Object.entries(host.Tmpfs ?? {}).map(([path, opts]) => (opts ? `${path}:${opts}` : path));
  if (tmpfs.length) svc.tmpfs = tmpfs;

  const mode = host.NetworkMode ?? 'default';
  if (mode === 'host' || mode === 'none') svc.network_mode = mode;
  else if (mode.startsWith('container:')) {
    const other = mode.slice('container:'.length);
    const s = ctx.serviceOf(other);
    svc.network_mode = s ? `service:${s}` : mode;
  } else {
    const nets: Obj = {};
    // The engine adds the container's name, short id and host name (and Compose its service) by itself.
    const own = new Set([name, c.Id.slice(0, 12), c.Id, composeService ?? '', cfg.Hostname ?? '']);
    for (const [net, ep] of Object.entries(c.NetworkSettings?.Networks ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      if (net === 'bridge') continue;
      const key = ctx.networkKey(net);
      if (!key) continue;
      const aliases = (ep.Aliases ?? []).filter((a) => !own.has(a));
      const conf: Obj = {};
      if (aliases.length) conf.aliases = [...new Set(aliases)];
      if (ep.IPAMConfig?.IPv4Address) conf.ipv4_address = ep.IPAMConfig.IPv4Address;
      if (ep.IPAMConfig?.IPv6Address) conf.ipv6_address = ep.IPAMConfig.IPv6Address;
      nets[key] = Object.keys(conf).length ? conf : null;
    }
    const keys = Object.keys(nets);
    if (keys.length && !(keys.length === 1 && keys[0] === 'default' && nets.default === null))
      svc.networks = Object.values(nets).every((v) => v === null) ? keys : nets;
  }

  const restart = host.RestartPolicy;
  if (restart?.Name && restart.Name !== 'no')
    svc.restart = restart.Name === 'on-failure' && restart.MaximumRetryCount ? `on-failure:${restart.MaximumRetryCount}` : restart.Name;

  const imageLabels = img.Labels ?? {};
  const own = Object.entries(labels).filter(([k, v]) => !k.startsWith('com.docker.compose.') && imageLabels[k] !== v);
  if (own.length) svc.labels = Object.fromEntries(own.sort(([a], [b]) => a.localeCompare(b)));

  if (cfg.Healthcheck && !same(cfg.Healthcheck, img.Healthcheck)) svc.healthcheck = healthcheck(cfg.Healthcheck);
  if (cfg.User && cfg.User !== (img.User ?? '')) svc.user = cfg.User;
  if (cfg.WorkingDir && cfg.WorkingDir !== (img.WorkingDir ?? '')) svc.working_dir = cfg.WorkingDir;
  // The engine names a container's host after its short id unless told otherwise (or it shares another's).
  const ownUts = !['host'].includes(mode) && !mode.startsWith('container:');
  if (ownUts && cfg.Hostname && cfg.Hostname !== c.Id.slice(0, 12)) svc.hostname = cfg.Hostname;
  if (cfg.Domainname) svc.domainname = cfg.Domainname;
  if (host.CapAdd?.length) svc.cap_add = [...host.CapAdd];
  if (host.CapDrop?.length) svc.cap_drop = [...host.CapDrop];
  if (host.Init) svc.init = true;
  if (host.PidsLimit && host.PidsLimit > 0) svc.pids_limit = host.PidsLimit;
  if (host.ExtraHosts?.length) svc.extra_hosts = host.ExtraHosts.map((h) => h.replace(/^([^:=]+)=/, '$1:'));
  if (host.Memory) svc.mem_limit = composeBytes(host.Memory);
  if (host.NanoCpus) svc.cpus = host.NanoCpus / 1e9;
  if (host.Privileged) svc.privileged = true;
  if (host.ReadonlyRootfs) svc.read_only = true;
  if (cfg.Tty) svc.tty = true;
  if (cfg.OpenStdin) svc.stdin_open = true;
  if (cfg.StopSignal && cfg.StopSignal !== (img.StopSignal ?? 'SIGTERM') && !(cfg.StopSignal === 'SIGTERM' && !img.StopSignal))
    svc.stop_signal = cfg.StopSignal;
  if (!image) ctx.notes.push(`The image of ${name} (${cfg.Image}) is gone, so everything its container has is written out, the image's defaults too.`);
  return svc;
}

/** The Compose model that recreates `containers` (services named after their Compose service, else their container). */
export function composeFromContainers(input: ExportInput): ExportResult {
  const notes: string[] = [];
  const projects = new Set(input.containers.map((c) => c.Config.Labels?.[LABEL.project] ?? ''));
  const project = projects.size === 1 ? [...projects][0] || undefined : undefined;

  // Service names: the Compose service (in the shared project), else the container's name; clashes get a number.
  const names = new Map<string, string>();
  const groups = new Map<string, InspectedContainer[]>();
  for (const c of [...input.containers].sort((a, b) => a.Name.localeCompare(b.Name))) {
    const l = c.Config.Labels ?? {};
    let s = project && l[LABEL.service] ? l[LABEL.service]! : serviceNameOf(c.Name);
    if (!(project && l[LABEL.service])) for (let i = 2; groups.has(s); i++) s = `${serviceNameOf(c.Name)}-${i}`;
    names.set(c.Id, s);
    names.set(c.Name.replace(/^\//, ''), s);
    groups.set(s, [...(groups.get(s) ?? []), c]);
  }
  const serviceOf = (idOrName: string) => names.get(idOrName) ?? [...names.entries()].find(([k]) => k.length === 64 && k.startsWith(idOrName))?.[1];

  const networks: Obj = {};
  const networkKey = (net: string): string | undefined => {
    const labels = input.networkLabels?.[net] ?? {};
    const key = project && labels[LABEL.project] === project && labels[LABEL.network] ? labels[LABEL.network]! : net;
    if (key === project + '_default') return 'default';
    if (!(key in networks)) networks[key] = key === 'default' ? null : labels[LABEL.project] === project && project ? {} : { name: net, external: true };
    return key;
  };
  const volumes: Obj = {};
  const volumeKey = (vol: string): string => {
    const labels = input.volumeLabels?.[vol] ?? {};
    const owned = !!project && labels[LABEL.project] === project && !!labels[LABEL.volume];
    const key = owned ? labels[LABEL.volume]! : vol;
    volumes[key] ??= owned ? {} : { name: vol };
    return key;
  };

  const services: Obj = {};
  for (const [s, cs] of groups) {
    const numbered = [...cs].sort((a, b) => Number(a.Config.Labels?.[LABEL.containerNumber] ?? 0) - Number(b.Config.Labels?.[LABEL.containerNumber] ?? 0));
    const first = numbered[0]!;
    services[s] = service(first, input.images[first.Id], { project, serviceOf, networkKey, volumeKey, notes, count: project ? cs.length : 1 });
  }
  // A network the file only names as `default` needs no section.
  if (networks.default === null) delete networks.default;
  const model: Obj = { services };
  if (Object.keys(networks).length) model.networks = networks;
  if (Object.keys(volumes).length) model.volumes = volumes;
  return { model, project, notes };
}

/** The file's text: a comment saying how to bring it up, then the model as YAML. */
export function composeYaml(result: ExportResult, from: readonly string[]): string {
  const head = [
    `# Written by Berth from the container${from.length === 1 ? '' : 's'} ${from.join(', ')}.`,
    result.project
      ? `# Bring it up as the same project: docker compose -p ${result.project} -f <this file> up -d`
      : '# Bring it up: docker compose -f <this file> up -d',
    ...result.notes.map((n) => `# ${n}`),
  ];
  // YAML 1.1 quoting, so strings like `yes` and `on` stay strings for 1.1 readers (PyYAML, go-yaml v2) too.
  return `${head.join('\n')}\n${stringify(result.model, { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1', nullStr: '' })}`;
}
