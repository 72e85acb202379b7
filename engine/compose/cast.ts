/**
 * Interpolation yields strings, but some attributes are numbers or booleans (`deploy.replicas: ${N}`,
 * `init: ${INIT}`). Compose casts the strings found at those attributes to the type the specification wants,
 * before the schema sees them; so does Berth. A string that does not read as that type is left alone, and the
 * schema then says what it must be, at its place. Pure.
 */
import { isPlainObject, OverrideTag } from './interpolate.js';

type Kind = 'int' | 'float' | 'bool';

/** Where a cast applies: path segments from the top of a file, `*` for any key or list index. */
const CASTS: ReadonlyArray<readonly [string, Kind]> = [
  ['services.*.cpu_count', 'int'],
  ['services.*.cpu_percent', 'float'],
  ['services.*.cpu_period', 'int'],
  ['services.*.cpu_quota', 'int'],
  ['services.*.cpu_rt_period', 'int'],
  ['services.*.cpu_rt_runtime', 'int'],
  ['services.*.cpus', 'float'],
  ['services.*.cpu_shares', 'int'],
  ['services.*.init', 'bool'],
  ['services.*.oom_kill_disable', 'bool'],
  ['services.*.oom_score_adj', 'int'],
  ['services.*.pids_limit', 'int'],
  ['services.*.privileged', 'bool'],
  ['services.*.read_only', 'bool'],
  ['services.*.scale', 'int'],
  ['services.*.stdin_open', 'bool'],
  ['services.*.tty', 'bool'],
  ['services.*.mem_swappiness', 'int'],
  ['services.*.deploy.replicas', 'int'],
  ['services.*.deploy.resources.limits.pids', 'int'],
  ['services.*.deploy.restart_policy.max_attempts', 'int'],
  ['services.*.deploy.update_config.parallelism', 'int'],
  ['services.*.deploy.update_config.max_failure_ratio', 'float'],
  ['services.*.deploy.rollback_config.parallelism', 'int'],
  ['services.*.deploy.rollback_config.max_failure_ratio', 'float'],
  ['services.*.deploy.placement.max_replicas_per_node', 'int'],
  ['services.*.healthcheck.retries', 'int'],
  ['services.*.healthcheck.disable', 'bool'],
  ['services.*.ports.*.target', 'int'],
  ['services.*.ulimits.*', 'int'],
  ['services.*.ulimits.*.soft', 'int'],
  ['services.*.ulimits.*.hard', 'int'],
  ['services.*.secrets.*.mode', 'int'],
  ['services.*.configs.*.mode', 'int'],
  ['services.*.volumes.*.read_only', 'bool'],
  ['services.*.volumes.*.volume.nocopy', 'bool'],
  ['services.*.depends_on.*.required', 'bool'],
  ['services.*.depends_on.*.restart', 'bool'],
  ['services.*.build.no_cache', 'bool'],
  ['services.*.build.pull', 'bool'],
  ['services.*.build.privileged', 'bool'],
  ['networks.*.external', 'bool'],
  ['networks.*.internal', 'bool'],
  ['networks.*.attachable', 'bool'],
  ['networks.*.enable_ipv6', 'bool'],
  ['volumes.*.external', 'bool'],
  ['secrets.*.external', 'bool'],
  ['configs.*.external', 'bool'],
];

const PATTERNS = CASTS.map(([p, kind]) => ({ parts: p.split('.'), kind }));

/** The type the attribute at `path` must have, when it is one Compose casts to. */
export function castKindAt(path: ReadonlyArray<string | number>): Kind | undefined {
  return PATTERNS.find((p) => p.parts.length === path.length && p.parts.every((s, i) => s === '*' || s === String(path[i])))?.kind;
}

const TRUE = new Set(['y', 'yes', 'true', 'on']);
const FALSE = new Set(['n', 'no', 'false', 'off']);

/** `text` read as `kind`, or undefined when it does not read as one. */
export function castValue(text: string, kind: Kind): number | boolean | undefined {
  const t = text.trim();
  if (kind === 'bool') return TRUE.has(t.toLowerCase()) ? true : FALSE.has(t.toLowerCase()) ? false : undefined;
  if (kind === 'int') return /^[+-]?\d+$/.test(t) ? Number(t) : undefined;
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : undefined;
}

/** The (interpolated) file with the strings at typed attributes cast to their types. */
export function castTree(value: unknown, path: Array<string | number> = []): unknown {
  if (typeof value === 'string') {
    const kind = castKindAt(path);
    return kind ? (castValue(value, kind) ?? value) : value;
  }
  if (Array.isArray(value)) return value.map((v, i) => castTree(v, [...path, i]));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, castTree(v, [...path, k])]));
  if (value instanceof OverrideTag) return new OverrideTag(castTree(value.value, path));
  return value;
}
