/**
 * `com.docker.compose.config-hash`: the label by which Docker Compose (v2) decides whether a service's container
 * is up to date. Compose computes it as the SHA-256 of its Go model of the service (compose-go's ServiceConfig)
 * marshalled to JSON, without `build`, `pull_policy`, `scale`, `deploy.replicas`, `depends_on` and `profiles`
 * (so scaling or a changed dependency does not recreate a container).
 *
 * Go's encoder writes struct fields in declaration order, drops `omitempty` zero values, sorts map keys, and
 * escapes `<`, `>` and `&`; durations are Go duration strings and byte sizes decimal strings. This module
 * rebuilds that JSON from Berth's canonical service. Attributes Berth does not model specially are written as
 * generic JSON with sorted keys.
 */
import { createHash } from 'node:crypto';
import { isPlainObject } from './interpolate.js';

type Obj = Record<string, unknown>;

/** compose-go's ServiceConfig fields, in declaration order (the JSON names). */
const SERVICE_FIELDS = [
  'profiles',
  'annotations',
  'attach',
  'build',
  'develop',
  'blkio_config',
  'cap_add',
  'cap_drop',
  'cgroup_parent',
  'cgroup',
  'cpu_count',
  'cpu_percent',
  'cpu_period',
  'cpu_quota',
  'cpu_rt_period',
  'cpu_rt_runtime',
  'cpus',
  'cpuset',
  'cpu_shares',
  'command',
  'configs',
  'container_name',
  'credential_spec',
  'depends_on',
  'deploy',
  'device_cgroup_rules',
  'devices',
  'dns',
  'dns_opt',
  'dns_search',
  'dockerfile',
  'domainname',
  'entrypoint',
  'provider',
  'environment',
  'env_file',
  'expose',
  'extends',
  'external_links',
  'extra_hosts',
  'group_add',
  'gpus',
  'hostname',
  'healthcheck',
  'image',
  'init',
  'ipc',
  'isolation',
  'labels',
  'label_file',
  'links',
  'logging',
  'log_driver',
  'log_opt',
  'mem_limit',
  'mem_reservation',
  'memswap_limit',
  'mem_swappiness',
  'mac_address',
  'models',
  'net',
  'network_mode',
  'networks',
  'oom_kill_disable',
  'oom_score_adj',
  'pid',
  'pids_limit',
  'platform',
  'ports',
  'privileged',
  'pull_policy',
  'read_only',
  'restart',
  'runtime',
  'scale',
  'secrets',
  'security_opt',
  'shm_size',
  'stdin_open',
  'stop_grace_period',
  'stop_signal',
  'storage_opt',
  'sysctls',
  'tmpfs',
  'tty',
  'ulimits',
  'use_api_socket',
  'user',
  'userns_mode',
  'uts',
  'volume_driver',
  'volumes',
  'volumes_from',
  'working_dir',
  'pre_start',
  'post_start',
  'pre_stop',
] as const;

/** Fields Go writes even when empty (`command` and `entrypoint` have no omitempty: null means "the image's"). */
const ALWAYS = new Set(['command', 'entrypoint']);
const PORT_FIELDS = ['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol'];
const VOLUME_FIELDS = ['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image'];
const BIND_FIELDS = ['selinux', 'propagation', 'create_host_path', 'recursive'];
const VOLUME_OPT_FIELDS = ['labels', 'nocopy', 'subpath'];
const NETWORK_FIELDS = ['aliases', 'driver_opts', 'gw_priority', 'interface_name', 'ipv4_address', 'ipv6_address', 'link_local_ips', 'mac_address', 'priority'];
const HEALTH_FIELDS = ['test', 'timeout', 'interval', 'retries', 'start_period', 'start_interval', 'disable'];
const FILE_REF_FIELDS = ['source', 'target', 'uid', 'gid', 'mode'];
const ULIMIT_FIELDS = ['single', 'soft', 'hard'];
const LOGGING_FIELDS = ['driver', 'options'];
/** Fields that are pointers to structs in Go: written when present, even as `{}` (omitempty omits only nil). */
const POINTERS = new Set([
  'build',
  'develop',
  'blkio_config',
  'credential_spec',
  'deploy',
  'healthcheck',
  'logging',
  'extends',
  'provider',
  'bind',
  'volume',
  'tmpfs',
  'image',
]);
const BYTES = new Set(['mem_limit', 'mem_reservation', 'memswap_limit', 'mem_swappiness', 'shm_size']);

/** A Compose duration (`1m30s`, `500ms`, `2h`) in nanoseconds, or null when it is not one. */
export function parseDuration(v: unknown): number | null {
  if (typeof v === 'number') return v * 1e9;
  const s = String(v).trim();
  const units: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9, w: 604800e9 };
  let total = 0;
  let rest = s;
  if (!rest) return null;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/.exec(rest);
    if (!m) return null;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

/** Go's time.Duration.String(): `1h0m0s`, `1m30s`, `10s`, `500ms`, `0s`. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0 ? '-' : '';
  let n = Math.abs(ns);
  if (n < 1e9) {
    if (n < 1e3) return `${neg}${n}ns`;
    if (n < 1e6) return `${neg}${trim(n / 1e3)}µs`;
    return `${neg}${trim(n / 1e6)}ms`;
  }
  const h = Math.floor(n / 3600e9);
  n -= h * 3600e9;
  const m = Math.floor(n / 60e9);
  n -= m * 60e9;
  const s = trim(n / 1e9);
  if (h) return `${neg}${h}h${m}m${s}s`;
  if (m) return `${neg}${m}m${s}s`;
  return `${neg}${s}s`;
}

function trim(x: number): string {
  return String(Number(x.toFixed(9)));
}

/** A byte size (`512m`, `1g`, `1024`) as bytes. */
export function parseBytes(v: unknown): number | null {
  if (typeof v === 'number') return v;
  const m = /^(-?\d+(?:\.\d+)?)\s*([kmgtp]?)i?b?$/i.exec(String(v).trim());
  if (!m) return null;
  const exp = 'bkmgtp'.indexOf((m[2] || 'b').toLowerCase());
  return Math.round(Number(m[1]) * 1024 ** exp);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && !v.length) || (isPlainObject(v) && !Object.keys(v).length);
}

/** Go-style JSON of a struct: `fields` in order, empty ones omitted, each value through `encode`. */
function struct(v: unknown, fields: readonly string[], encode: (key: string, value: unknown) => string = (_k, x) => generic(x)): string {
  const o = isPlainObject(v) ? v : {};
  const parts: string[] = [];
  for (const f of fields) {
    const x = o[f];
    if (ALWAYS.has(f) && fields === SERVICE_FIELDS) parts.push(`${str(f)}:${x === undefined || x === null ? 'null' : encode(f, x)}`);
    else if (!isEmpty(x) || (POINTERS.has(f) && isPlainObject(x))) parts.push(`${str(f)}:${encode(f, x)}`);
  }
  return `{${parts.join(',')}}`;
}

/** A JSON string as Go writes it (HTML-significant characters escaped). */
function str(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Any value as Go writes a map/slice/scalar: map keys sorted. */
function generic(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(generic).join(',')}]`;
  if (isPlainObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${str(k)}:${generic(v[k])}`)
      .join(',')}}`;
  return str(String(v));
}

function duration(v: unknown): string {
  const ns = parseDuration(v);
  return ns === null ? generic(v) : str(goDuration(ns));
}

function mapOf(v: unknown, each: (x: unknown) => string): string {
  const o = isPlainObject(v) ? v : {};
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${str(k)}:${o[k] === null ? 'null' : each(o[k])}`)
    .join(',')}}`;
}

function encodeService(key: string, v: unknown): string {
  if (BYTES.has(key)) {
    const b = parseBytes(v);
    return b === null ? generic(v) : str(String(b));
  }
  switch (key) {
    case 'stop_grace_period':
      return duration(v);
    case 'ports':
      return `[${(v as unknown[]).map((p) => struct(p, PORT_FIELDS)).join(',')}]`;
    case 'volumes':
      return `[${(v as unknown[])
        .map((m) =>
          struct(m, VOLUME_FIELDS, (k, x) => {
            if (k === 'bind') return struct(isPlainObject(x) ? { ...x, create_host_path: x.create_host_path === false ? false : undefined } : x, BIND_FIELDS);
            if (k === 'volume') return struct(x, VOLUME_OPT_FIELDS);
            return generic(x);
          }),
        )
        .join(',')}]`;
    case 'networks':
      return mapOf(v, (n) => struct(n, NETWORK_FIELDS));
    case 'healthcheck':
      return struct(v, HEALTH_FIELDS, (k, x) => (k === 'test' || k === 'retries' || k === 'disable' ? generic(x) : duration(x)));
    case 'secrets':
    case 'configs':
      return `[${(v as unknown[]).map((r) => struct(r, FILE_REF_FIELDS)).join(',')}]`;
    case 'ulimits':
      return mapOf(v, (u) => struct(typeof u === 'number' ? { single: u } : u, ULIMIT_FIELDS));
    case 'logging':
      return struct(v, LOGGING_FIELDS);
    default:
      return generic(v);
  }
}

/** The JSON Compose hashes for a canonical service (exported for tests and for explaining a recreate). */
export function serviceHashInput(service: Readonly<Obj>): string {
  const s: Obj = { ...service, build: undefined, pull_policy: undefined, scale: undefined, depends_on: undefined, profiles: undefined };
  if (isPlainObject(s.deploy)) s.deploy = { ...s.deploy, replicas: undefined };
  return struct(s, SERVICE_FIELDS, encodeService);
}

/** `com.docker.compose.config-hash` for a canonical service: hex SHA-256 of serviceHashInput. */
export function serviceConfigHash(service: Readonly<Obj>): string {
  return createHash('sha256').update(serviceHashInput(service)).digest('hex');
}
