/**
 * Merging Compose files (`-f a.yaml -f b.yaml`, an override file, `extends`), following the Compose
 * Specification's "Merge and override" rules, on trees already in the long syntax (service-syntax.ts):
 * - mappings merge key by key, the later file winning on a scalar;
 * - sequences append, except `command`, `entrypoint` and `healthcheck.test`, which the later file replaces;
 * - `ports` are unique by {host_ip, target, published, protocol}, `volumes`, `secrets`, `configs` and `devices`
 *   by target: an entry with the same key replaces the earlier one in place (whole, as in the specification's
 *   `foo:/work` + `bar:/work` example), others are appended;
 * - lists of names (`dns`, `cap_add`, `expose`, `profiles`, …) append without repeats;
 * - `logging` merges only when both sides name the same driver (or one names none);
 * - `!reset` removes the attribute, `!override` replaces it whole.
 */
import { isPlainObject, OverrideTag, ResetTag } from './interpolate.js';

type Obj = Record<string, unknown>;

const REPLACED = new Set(['services.*.command', 'services.*.entrypoint', 'services.*.healthcheck.test']);
const UNIQUE_VALUES = new Set(
  [
    'cap_add',
    'cap_drop',
    'dns',
    'dns_opt',
    'dns_search',
    'expose',
    'profiles',
    'links',
    'tmpfs',
    'security_opt',
    'label_file',
    'external_links',
    'group_add',
    'device_cgroup_rules',
    'volumes_from',
  ].map((k) => `services.*.${k}`),
);

function portKey(p: Obj): string {
  return JSON.stringify([p.host_ip ?? '', p.target, p.published ?? '', p.protocol ?? 'tcp']);
}

/** How entries of a sequence are told apart, when the path has a rule for it. */
function keyFor(pattern: string): ((item: unknown) => string) | undefined {
  switch (pattern) {
    case 'services.*.ports':
      return (p) => (isPlainObject(p) ? portKey(p) : JSON.stringify(p));
    case 'services.*.volumes':
    case 'services.*.configs':
      return (v) => (isPlainObject(v) ? String(v.target ?? v.source) : String(v));
    case 'services.*.secrets':
      return (v) => (isPlainObject(v) ? String(v.target ?? `/run/secrets/${String(v.source)}`) : String(v));
    case 'services.*.devices':
      return (d) => (isPlainObject(d) ? String(d.target) : (String(d).split(':')[1] ?? String(d)));
    case 'services.*.env_file':
      return (e) => (isPlainObject(e) ? String(e.path) : String(e));
    default:
      return UNIQUE_VALUES.has(pattern) ? (v) => JSON.stringify(v) : undefined;
  }
}

/** `services.web.ports` → `services.*.ports` (the service name and other mapping names are wildcards). */
function patternOf(path: readonly string[]): string {
  return path.map((p, i) => (i === 1 ? '*' : p)).join('.');
}

/** Merge `over` onto `base` (neither is changed); `path` says where in the model the values sit. */
export function mergeValues(base: unknown, over: unknown, path: readonly string[] = []): unknown {
  if (over instanceof ResetTag) return undefined;
  if (over instanceof OverrideTag) return stripTags(over.value);
  if (base === undefined || base instanceof ResetTag) return stripTags(over);
  if (over === undefined) return base;
  const pattern = patternOf(path);
  if (REPLACED.has(pattern)) return stripTags(over);
  if (pattern === 'services.*.logging' && isPlainObject(base) && isPlainObject(over)) {
    if (base.driver !== undefined && over.driver !== undefined && base.driver !== over.driver) return stripTags(over);
  }
  if (path.length === 4 && pattern.startsWith('services.*.ulimits.')) return stripTags(over);
  if (Array.isArray(base) && Array.isArray(over)) {
    const key = keyFor(pattern);
    const out: unknown[] = [...(base as unknown[])];
    for (const item of over.map(stripTags)) {
      if (!key) {
        out.push(item);
        continue;
      }
      const k = key(item);
      const at = out.findIndex((e) => key(e) === k);
      if (at < 0) out.push(item);
      else out[at] = item;
    }
    return out;
  }
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(over)) {
      const merged = mergeValues(out[k], v, [...path, k]);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  return stripTags(over);
}

/** A value with its merge tags resolved (a `!reset` key dropped, `!override` unwrapped). */
export function stripTags(v: unknown): unknown {
  if (v instanceof OverrideTag) return stripTags(v.value);
  if (Array.isArray(v)) return v.filter((x) => !(x instanceof ResetTag)).map(stripTags);
  if (isPlainObject(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) if (!(x instanceof ResetTag)) out[k] = stripTags(x);
    return out;
  }
  return v;
}

/** Merge whole Compose models (top-level mappings), in order. */
export function mergeModels(models: readonly Obj[]): Obj {
  let out: Obj = {};
  for (const m of models) out = mergeValues(out, m) as Obj;
  return out;
}
