/**
 * The project model with Compose's defaults filled in, the form `docker compose config` prints: the default
 * network `<project>_default` attached to services that name no network (and have no `network_mode`),
 * networks, volumes, configs and secrets given their engine names (`<project>_<name>`, or the name itself when
 * external), `env_file` contents resolved into `environment`, a bare `environment` key taken from the project's
 * environment, `build.dockerfile` defaulting to `Dockerfile`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseDotenv } from './dotenv.js';
import { isPlainObject, type Lookup } from './interpolate.js';

type Obj = Record<string, unknown>;

/** A loaded project: its identity and its canonical model. */
export interface ComposeProject {
  readonly name: string;
  /** The project directory (relative paths in the files were resolved against it). */
  readonly workingDir: string;
  /** The files given or found, absolute, in merge order. */
  readonly configFiles: readonly string[];
  readonly profiles: readonly string[];
  /** The services the active profiles enable, canonical, by name. */
  readonly services: Readonly<Record<string, Obj>>;
  /** Services left out by profiles (not canonicalised further). */
  readonly disabledServices: Readonly<Record<string, Obj>>;
  readonly networks: Readonly<Record<string, Obj>>;
  readonly volumes: Readonly<Record<string, Obj>>;
  readonly configs: Readonly<Record<string, Obj>>;
  readonly secrets: Readonly<Record<string, Obj>>;
}

/** Keys sorted, recursively, so the model prints and hashes the same whatever order the files used. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isPlainObject(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

function resources(section: unknown, project: string, kind: 'networks' | 'volumes' | 'configs' | 'secrets'): Record<string, Obj> {
  const out: Record<string, Obj> = {};
  for (const [key, raw] of Object.entries(isPlainObject(section) ? section : {})) {
    const def: Obj = isPlainObject(raw) ? { ...raw } : {};
    const external = isTrue(def.external) || (isPlainObject(def.external) && def.external.name !== undefined);
    if (isPlainObject(def.external) && typeof def.external.name === 'string' && def.name === undefined) def.name = def.external.name;
    if (external) def.external = true;
    if (def.name === undefined) def.name = external ? key : `${project}_${key}`;
    if (kind === 'networks' || kind === 'volumes')
      for (const k of ['labels', 'driver_opts']) if (Array.isArray(def[k])) def[k] = Object.fromEntries((def[k] as string[]).map((l) => l.split('=', 2)));
    out[key] = def;
  }
  return out;
}

function environmentOf(svc: Obj, lookup: Lookup): Obj | undefined {
  const env: Obj = {};
  for (const f of Array.isArray(svc.env_file) ? (svc.env_file as Obj[]) : []) {
    const path = String(f.path);
    if (!existsSync(path)) continue;
    for (const [k, v] of parseDotenv(readFileSync(path, 'utf8'), lookup)) env[k] = v;
  }
  for (const [k, v] of Object.entries(isPlainObject(svc.environment) ? svc.environment : {})) env[k] = v === null ? (lookup(k) ?? null) : v;
  return Object.keys(env).length ? env : undefined;
}

function canonicalService(svc: Obj, lookup: Lookup): Obj {
  const s: Obj = { ...svc };
  if (isPlainObject(s.build)) s.build = { dockerfile: s.build.dockerfile_inline === undefined ? 'Dockerfile' : undefined, ...s.build };
  s.environment = environmentOf(svc, lookup);
  if (s.networks === undefined && s.network_mode === undefined) s.networks = { default: null };
  return sortKeys(s) as Obj;
}

/** Build the canonical project from the merged model. */
export function normalizeProject(input: {
  name: string;
  workingDir: string;
  configFiles: readonly string[];
  model: Obj;
  active: Obj;
  disabled: Obj;
  profiles: readonly string[];
  lookup: Lookup;
}): ComposeProject {
  const services: Record<string, Obj> = {};
  for (const name of Object.keys(input.active).sort()) services[name] = canonicalService(input.active[name] as Obj, input.lookup);
  const networks = resources(input.model.networks, input.name, 'networks');
  const usesDefault = Object.values(services).some((s) => isPlainObject(s.networks) && 'default' in s.networks);
  if (usesDefault && !networks.default) networks.default = { name: `${input.name}_default` };
  return {
    name: input.name,
    workingDir: input.workingDir,
    configFiles: input.configFiles,
    profiles: input.profiles,
    services,
    disabledServices: input.disabled as Record<string, Obj>,
    networks: sortKeys(networks) as Record<string, Obj>,
    volumes: sortKeys(resources(input.model.volumes, input.name, 'volumes')) as Record<string, Obj>,
    configs: sortKeys(resources(input.model.configs, input.name, 'configs')) as Record<string, Obj>,
    secrets: sortKeys(resources(input.model.secrets, input.name, 'secrets')) as Record<string, Obj>,
  };
}
