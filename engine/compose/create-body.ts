/**
 * A Compose service as the Docker API's container create request, the way Docker Compose makes it: the image,
 * command, environment, ports, mounts, first network with its aliases (the others are connected before the
 * start: an engine before API 1.44 takes one network at create), healthcheck, restart policy, resources and the
 * `com.docker.compose.*` labels.
 *
 * Mapped: image, command, entrypoint, environment, ports, expose, volumes (bind, volume, tmpfs), tmpfs, networks
 * (aliases, ipv4_address, ipv6_address), network_mode, healthcheck, restart, labels, working_dir, user, hostname,
 * domainname, extra_hosts, cap_add, cap_drop, init, privileged, read_only, tty, stdin_open, stop_signal,
 * stop_grace_period, mem_limit, mem_reservation, memswap_limit, cpus, cpu_shares, cpuset, pids_limit, shm_size,
 * sysctls, ulimits, dns, dns_search, dns_opt, security_opt, group_add, ipc, pid, logging, volumes_from,
 * deploy.resources.limits (memory, cpus, pids) and reservations (memory).
 * Left out (see UNSUPPORTED): secrets, configs, devices, gpus, blkio_config, links, external_links, develop,
 * post_start/pre_stop hooks, platform, mac_address, userns_mode, cgroup, runtime, storage_opt, oom_*.
 */
import type Docker from 'dockerode';
import { isPlainObject } from './interpolate.js';
import { parseBytes, parseDuration } from './config-hash.js';
import { containerLabels, containerName, resourceName } from './naming.js';
import type { ComposeProject } from './normalize.js';

type Obj = Record<string, unknown>;

/** Service attributes Berth does not yet turn into the create request: `up` refuses a service that uses one. */
export const UNSUPPORTED = [
  'secrets',
  'configs',
  'devices',
  'gpus',
  'blkio_config',
  'links',
  'external_links',
  'develop',
  'post_start',
  'pre_stop',
  'platform',
  'mac_address',
  'userns_mode',
  'cgroup',
  'runtime',
  'storage_opt',
] as const;

/** What is needed to create one container of a service. */
export interface ContainerRequest {
  readonly name: string;
  readonly body: Docker.ContainerCreateOptions;
  /** Networks to connect after the create, before the start. */
  readonly moreNetworks: ReadonlyArray<{ readonly name: string; readonly config: Docker.EndpointSettings }>;
}

/** The image a service's containers run: its `image`, else the name Compose v2 gives a built image. */
export function serviceImage(project: ComposeProject, service: string): string {
  const svc = project.services[service] ?? {};
  return typeof svc.image === 'string' ? svc.image : `${project.name}-${service}`;
}

/** How many containers a service wants: `deploy.replicas`, else `scale`, else 1. */
export function replicasOf(svc: Readonly<Obj>): number {
  const deploy = isPlainObject(svc.deploy) ? svc.deploy : {};
  const n = deploy.replicas ?? svc.scale ?? 1;
  return Math.max(0, Number(n) || 0);
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.length ? v.map(String) : undefined);
const text = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));

function nanos(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  return parseDuration(v) ?? undefined;
}

function bytes(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  return parseBytes(v) ?? undefined;
}

/** Compose `restart` as the engine's restart policy. */
export function restartPolicy(v: unknown): Docker.HostRestartPolicy | undefined {
  if (typeof v !== 'string' || v === 'no') return undefined;
  const [name, max] = v.split(':');
  return { Name: name!, MaximumRetryCount: name === 'on-failure' ? Number(max ?? 0) : 0 };
}

function healthcheck(v: unknown): Docker.HealthConfig | undefined {
  if (!isPlainObject(v)) return undefined;
  if (v.disable === true) return { Test: ['NONE'] };
  return {
    Test: strings(v.test),
    Interval: nanos(v.interval),
    Timeout: nanos(v.timeout),
    Retries: v.retries === undefined ? undefined : Number(v.retries),
    StartPeriod: nanos(v.start_period),
    ...(v.start_interval !== undefined ? { StartInterval: nanos(v.start_interval) } : {}),
  };
}

function ports(svc: Obj): { exposed: Record<string, object>; bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const e of Array.isArray(svc.expose) ? svc.expose : []) {
    const [port, proto = 'tcp'] = String(e).split('/');
    exposed[`${port}/${proto}`] = {};
  }
  for (const p of Array.isArray(svc.ports) ? (svc.ports as Obj[]) : []) {
    const key = `${String(p.target)}/${String(p.protocol ?? 'tcp')}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: text(p.host_ip) ?? '', HostPort: text(p.published) ?? '' });
  }
  return { exposed, bindings };
}

function mounts(project: ComposeProject, svc: Obj): { binds: string[]; mounts: Docker.MountSettings[]; tmpfs: Record<string, string> } {
  const binds: string[] = [];
  // dockerode's mount type makes every option required; the engine does not.
  const out: Array<Record<string, unknown>> = [];
  const tmpfs: Record<string, string> = {};
  for (const t of Array.isArray(svc.tmpfs) ? svc.tmpfs : []) {
    const [path, opts = ''] = String(t).split(':');
    tmpfs[path!] = opts;
  }
  for (const m of Array.isArray(svc.volumes) ? (svc.volumes as Obj[]) : []) {
    const target = String(m.target);
    const ro = m.read_only === true;
    if (m.type === 'bind') {
      const bind = isPlainObject(m.bind) ? m.bind : {};
      // `-v` semantics (the engine makes a missing host folder) unless the file said create_host_path: false.
      if (bind.create_host_path !== false) {
        const opts = [ro ? 'ro' : '', text(bind.selinux) ?? '', text(bind.propagation) ?? ''].filter(Boolean);
        binds.push(`${String(m.source)}:${target}${opts.length ? `:${opts.join(',')}` : ''}`);
      } else {
        out.push({
          Type: 'bind',
          Source: String(m.source),
          Target: target,
          ReadOnly: ro,
          ...(bind.propagation ? { BindOptions: { Propagation: bind.propagation } } : {}),
        });
      }
    } else if (m.type === 'volume') {
      const opts = isPlainObject(m.volume) ? m.volume : {};
      const source = typeof m.source === 'string' ? (project.volumes[m.source] ? resourceName(project, 'volumes', m.source) : m.source) : undefined;
      out.push({
        Type: 'volume',
        // An anonymous volume has no source; the engine names it.
        Source: source,
        Target: target,
        ReadOnly: ro,
        ...(opts.nocopy === true ? { VolumeOptions: { NoCopy: true } } : {}),
      });
    } else if (m.type === 'tmpfs') {
      const opts = isPlainObject(m.tmpfs) ? m.tmpfs : {};
      out.push({ Type: 'tmpfs', Target: target, ReadOnly: ro, ...(opts.size !== undefined ? { TmpfsOptions: { SizeBytes: bytes(opts.size) } } : {}) });
    }
  }
  return { binds, mounts: out as unknown as Docker.MountSettings[], tmpfs };
}

/** The project networks a service joins, in the order Compose attaches them (priority, then name). */
export function serviceNetworks(svc: Readonly<Obj>): string[] {
  if (!isPlainObject(svc.networks)) return [];
  const nets = svc.networks;
  const prio = (k: string) => (isPlainObject(nets[k]) ? Number(nets[k].priority ?? 0) : 0);
  return Object.keys(nets).sort((a, b) => prio(b) - prio(a) || a.localeCompare(b));
}

function endpoint(svc: Obj, key: string, aliases: string[]): Docker.EndpointSettings {
  const n = isPlainObject(svc.networks) && isPlainObject(svc.networks[key]) ? svc.networks[key] : {};
  const own = Array.isArray(n.aliases) ? n.aliases.map(String) : [];
  const ipam = n.ipv4_address || n.ipv6_address ? { IPAMConfig: { IPv4Address: text(n.ipv4_address), IPv6Address: text(n.ipv6_address) } } : {};
  return { Aliases: [...new Set([...aliases, ...own])], ...ipam };
}

/**
 * `network_mode` as the engine's NetworkMode; `service:<name>` needs the container that service runs
 * (`containerOf`), which the caller knows once that service is up.
 */
function networkMode(v: unknown, containerOf: (service: string) => string | undefined): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (v.startsWith('service:')) {
    const other = containerOf(v.slice('service:'.length));
    return other ? `container:${other}` : undefined;
  }
  return v;
}

function ulimits(v: unknown): Docker.HostConfig['Ulimits'] {
  if (!isPlainObject(v)) return undefined;
  return Object.entries(v).map(([Name, u]) =>
    isPlainObject(u) ? { Name, Soft: Number(u.soft), Hard: Number(u.hard) } : { Name, Soft: Number(u), Hard: Number(u) },
  );
}

/** The create request for container number `n` of `service`. Pure. */
export function containerRequest(
  project: ComposeProject,
  service: string,
  n: number,
  opts: { configHash: string; version?: string; containerOf?: (service: string) => string | undefined },
): ContainerRequest {
  const svc = project.services[service] ?? {};
  const name = containerName(project.name, service, n, svc);
  const { exposed, bindings } = ports(svc);
  const m = mounts(project, svc);
  const deploy = isPlainObject(svc.deploy) ? svc.deploy : {};
  const resources = isPlainObject(deploy.resources) ? deploy.resources : {};
  const limits = isPlainObject(resources.limits) ? resources.limits : {};
  const reservations = isPlainObject(resources.reservations) ? resources.reservations : {};
  const cpus = svc.cpus ?? limits.cpus;
  const env = isPlainObject(svc.environment) ? Object.entries(svc.environment).filter(([, v]) => v !== null && v !== undefined) : [];
  const extraHosts = isPlainObject(svc.extra_hosts)
    ? Object.entries(svc.extra_hosts).flatMap(([h, ips]) =>
        String(ips)
          .split(',')
          .map((ip) => `${h}:${ip}`),
      )
    : undefined;
  const logging = isPlainObject(svc.logging) ? svc.logging : undefined;
  const nets = svc.network_mode === undefined ? serviceNetworks(svc) : [];
  const aliases = [service, name];
  const [first, ...rest] = nets;
  const volumesFrom = Array.isArray(svc.volumes_from)
    ? svc.volumes_from.map((v) => {
        const [src, mode] = String(v).split(':');
        const target = src!.startsWith('container:') ? src!.slice('container:'.length) : (opts.containerOf?.(src!) ?? src!);
        return mode ? `${target}:${mode}` : target;
      })
    : undefined;

  const hostConfig: Docker.HostConfig = {
    PortBindings: Object.keys(bindings).length ? bindings : undefined,
    Binds: m.binds.length ? m.binds : undefined,
    Mounts: m.mounts.length ? m.mounts : undefined,
    Tmpfs: Object.keys(m.tmpfs).length ? m.tmpfs : undefined,
    RestartPolicy: restartPolicy(svc.restart),
    NetworkMode: first ? resourceName(project, 'networks', first) : networkMode(svc.network_mode, opts.containerOf ?? (() => undefined)),
    ExtraHosts: extraHosts,
    CapAdd: strings(svc.cap_add),
    CapDrop: strings(svc.cap_drop),
    Init: svc.init === true ? true : undefined,
    Privileged: svc.privileged === true ? true : undefined,
    ReadonlyRootfs: svc.read_only === true ? true : undefined,
    Memory: bytes(svc.mem_limit ?? limits.memory),
    MemoryReservation: bytes(svc.mem_reservation ?? reservations.memory),
    MemorySwap: bytes(svc.memswap_limit),
    NanoCpus: cpus === undefined ? undefined : Math.round(Number(cpus) * 1e9),
    CpuShares: svc.cpu_shares === undefined ? undefined : Number(svc.cpu_shares),
    CpusetCpus: text(svc.cpuset),
    PidsLimit: svc.pids_limit !== undefined ? Number(svc.pids_limit) : limits.pids !== undefined ? Number(limits.pids) : undefined,
    ShmSize: bytes(svc.shm_size),
    Sysctls: isPlainObject(svc.sysctls)
      ? (Object.fromEntries(Object.entries(svc.sysctls).map(([k, v]) => [k, String(v)])) as Record<string, string>)
      : undefined,
    Ulimits: ulimits(svc.ulimits),
    Dns: strings(svc.dns),
    DnsSearch: strings(svc.dns_search),
    DnsOptions: strings(svc.dns_opt),
    SecurityOpt: strings(svc.security_opt),
    GroupAdd: strings(svc.group_add),
    IpcMode: text(svc.ipc),
    PidMode: text(svc.pid),
    VolumesFrom: volumesFrom,
    LogConfig: logging ? { Type: String(logging.driver ?? ''), Config: (logging.options as Record<string, string>) ?? {} } : undefined,
  };
  const body: Docker.ContainerCreateOptions = {
    name,
    Image: serviceImage(project, service),
    Cmd: strings(svc.command) ?? (Array.isArray(svc.command) ? [] : undefined),
    Entrypoint: strings(svc.entrypoint) ?? (Array.isArray(svc.entrypoint) ? [] : undefined),
    Env: env.length ? env.map(([k, v]) => `${k}=${String(v)}`) : undefined,
    Labels: containerLabels(project, service, n, opts.configHash, { version: opts.version }),
    WorkingDir: text(svc.working_dir),
    User: text(svc.user),
    Hostname: text(svc.hostname),
    Domainname: text(svc.domainname),
    Tty: svc.tty === true ? true : undefined,
    OpenStdin: svc.stdin_open === true ? true : undefined,
    StopSignal: text(svc.stop_signal),
    StopTimeout: svc.stop_grace_period === undefined ? undefined : Math.round((parseDuration(svc.stop_grace_period) ?? 10e9) / 1e9),
    Healthcheck: healthcheck(svc.healthcheck),
    ExposedPorts: Object.keys(exposed).length ? exposed : undefined,
    HostConfig: dropUndefined(hostConfig),
    NetworkingConfig: first ? { EndpointsConfig: { [resourceName(project, 'networks', first)]: endpoint(svc, first, aliases) } } : undefined,
  };
  return {
    name,
    body: dropUndefined(body),
    moreNetworks: rest.map((k) => ({ name: resourceName(project, 'networks', k), config: endpoint(svc, k, aliases) })),
  };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The unsupported attributes a service uses (empty when Berth can create it as written). */
export function unsupportedOf(svc: Readonly<Obj>): string[] {
  return UNSUPPORTED.filter((k) => svc[k] !== undefined && !(Array.isArray(svc[k]) && !(svc[k] as unknown[]).length));
}
