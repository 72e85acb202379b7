/**
 * The long syntax of every service attribute that has a short one, as the Compose Specification defines them:
 * `ports: ["8080:80"]` becomes `{target: 80, published: "8080", protocol: tcp, mode: ingress}`, a volume string
 * becomes `{type, source, target, …}`, `environment`/`labels` lists become mappings, `depends_on` lists become
 * `{service: {condition, required}}`, string commands become their words. Relative paths are made absolute
 * against the directory the file's paths are relative to. This runs on each file before files are merged, so
 * merging compares like with like (a port written short in one file and long in another is one port).
 */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { isPlainObject, OverrideTag, ResetTag } from './interpolate.js';
import { splitShellWords } from './shell-words.js';

type Obj = Record<string, unknown>;

/** A problem in a short syntax value: the attribute path inside the service and a sentence. */
export interface SyntaxProblem {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/** Whether a build context is a remote one (git or URL), which stays as written. */
export function isRemoteContext(ctx: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ctx) || ctx.startsWith('git@') || ctx.startsWith('github.com/');
}

/** `~`, `~/x` and relative paths, made absolute against `base`. */
export function absolutePath(base: string, p: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return resolve(homedir(), p.slice(2));
  return isAbsolute(p) ? resolve(p) : resolve(base, p);
}

function scalarString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

/** `["A=1", "B"]` or `{A: 1, B: null}` as a mapping of strings (`null` for a bare key, `bare` if given). */
export function toMapping(value: unknown, bare: string | null = null, sep = '='): Obj {
  if (Array.isArray(value)) {
    const out: Obj = {};
    for (const item of value) {
      const s = String(item);
      const at = s.indexOf(sep);
      if (at < 0) out[s] = bare;
      else out[s.slice(0, at)] = s.slice(at + 1);
    }
    return out;
  }
  if (isPlainObject(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) out[k] = v instanceof ResetTag || v instanceof OverrideTag ? v : scalarString(v);
    return out;
  }
  return {};
}

function asList(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** Rewrite one service (in place of a copy) to the long syntax; problems are collected, not thrown. */
export function serviceLongSyntax(service: Obj, baseDir: string, problems: SyntaxProblem[]): Obj {
  const s: Obj = { ...service };
  const each = (key: string, fn: (v: unknown) => unknown) => {
    const v = s[key];
    if (v === undefined || v instanceof ResetTag) return;
    if (v instanceof OverrideTag) s[key] = new OverrideTag(fn(v.value));
    else s[key] = fn(v);
  };
  each('build', (v) => {
    const b: Obj = typeof v === 'string' ? { context: v } : { ...(v as Obj) };
    if (typeof b.context !== 'string') b.context = '.';
    if (!isRemoteContext(b.context as string)) b.context = absolutePath(baseDir, b.context as string);
    for (const k of ['args', 'labels']) if (b[k] !== undefined) b[k] = toMapping(b[k], k === 'labels' ? '' : null);
    if (b.additional_contexts !== undefined) b.additional_contexts = toMapping(b.additional_contexts);
    return b;
  });
  for (const key of ['command', 'entrypoint'] as const) {
    each(key, (v) => {
      if (typeof v !== 'string') return v;
      try {
        return splitShellWords(v);
      } catch (err) {
        problems.push({ path: [key], message: (err as Error).message });
        return v;
      }
    });
  }
  each('environment', (v) => toMapping(v, null));
  for (const key of ['labels', 'annotations']) each(key, (v) => toMapping(v, ''));
  each('sysctls', (v) => toMapping(v, ''));
  each('extra_hosts', (v) =>
    Array.isArray(v)
      ? toMapping(
          v.map((h) => String(h).replace(/^([^=:]+):/, '$1=')),
          '',
        )
      : toMapping(v),
  );
  for (const key of ['dns', 'dns_search', 'tmpfs', 'label_file']) each(key, (v) => asList(v).map(String));
  each('expose', (v) => asList(v).map(String));
  each('env_file', (v) =>
    asList(v).map((e) => {
      const f = typeof e === 'string' ? { path: e, required: true } : { required: true, ...(e as Obj) };
      return { ...f, path: absolutePath(baseDir, String(f.path)) };
    }),
  );
  each('extends', (v) => (typeof v === 'string' ? { service: v } : v));
  each('depends_on', (v) => {
    const out: Obj = {};
    if (Array.isArray(v)) for (const name of v) out[String(name)] = { condition: 'service_started', required: true };
    else for (const [name, d] of Object.entries(v as Obj)) out[name] = { condition: 'service_started', required: true, ...(d as Obj) };
    return out;
  });
  each('networks', (v) => (Array.isArray(v) ? Object.fromEntries(v.map((n) => [String(n), null])) : v));
  for (const key of ['secrets', 'configs']) each(key, (v) => asList(v).map((e) => (typeof e === 'string' ? { source: e } : e)));
  each('ports', (v) => asList(v).flatMap((p, i) => longPorts(p, i, problems)));
  each('volumes', (v) => asList(v).map((m, i) => longVolume(m, i, baseDir, problems)));
  each('healthcheck', (v) => {
    const h = { ...(v as Obj) };
    if (typeof h.test === 'string') h.test = ['CMD-SHELL', h.test];
    return h;
  });
  return s;
}

/** One `ports` entry as long syntax entries (a range of targets is one entry per port, as Compose expands it). */
function longPorts(p: unknown, index: number, problems: SyntaxProblem[]): Obj[] {
  if (isPlainObject(p)) {
    const out: Obj = { mode: 'ingress', ...p, protocol: p.protocol ?? 'tcp' };
    if (out.target !== undefined) out.target = Number(out.target);
    if (out.published !== undefined && out.published !== null) out.published = String(out.published);
    return [out];
  }
  const text = String(p);
  const m = /^(?:(\[[^\]]+\]|[^:[\]]*):)??(?:([0-9]*(?:-[0-9]+)?):)?([0-9]+(?:-[0-9]+)?)(?:\/([a-z]+))?$/i.exec(text);
  if (!m) {
    problems.push({ path: ['ports', index], message: `"${text}" is not a port mapping: write [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL], e.g. "8080:80".` });
    return [];
  }
  const [, ip, published, target, protocol = 'tcp'] = m;
  const hostIp = ip ? ip.replace(/^\[|\]$/g, '') : undefined;
  const [t0, t1 = t0] = target!.split('-').map(Number) as [number, number?];
  const base = (t: number): Obj => ({ mode: 'ingress', ...(hostIp ? { host_ip: hostIp } : {}), target: t, protocol: protocol.toLowerCase() });
  if (t1! < t0) {
    problems.push({ path: ['ports', index], message: `"${text}" has a port range that ends before it starts.` });
    return [];
  }
  const targets = Array.from({ length: t1! - t0 + 1 }, (_, i) => t0 + i);
  if (!published) return targets.map(base);
  const [p0, p1] = published.split('-').map(Number) as [number, number?];
  if (targets.length === 1 || p1 === undefined) return targets.map((t) => ({ ...base(t), published: published }));
  if (p1 - p0 + 1 !== targets.length) {
    problems.push({
      path: ['ports', index],
      message: `"${text}" maps ${p1 - p0 + 1} published ports onto ${targets.length} target ports: the ranges must be the same length.`,
    });
    return [];
  }
  return targets.map((t, i) => ({ ...base(t), published: String(p0 + i) }));
}

const PROPAGATION = new Set(['shared', 'slave', 'private', 'rshared', 'rslave', 'rprivate']);

function isPathSource(src: string): boolean {
  return src.startsWith('.') || src.startsWith('/') || src.startsWith('~');
}

/** One `volumes` entry as long syntax, with a bind mount's source made absolute. */
function longVolume(m: unknown, index: number, baseDir: string, problems: SyntaxProblem[]): Obj {
  if (isPlainObject(m)) {
    const out: Obj = { ...m };
    if (out.type === 'bind' && typeof out.source === 'string') out.source = absolutePath(baseDir, out.source);
    if (out.type === 'volume' && out.volume === undefined) out.volume = {};
    return out;
  }
  const text = String(m);
  const parts = text.split(':');
  if (parts.length > 3 || parts.some((p) => p === '')) {
    problems.push({ path: ['volumes', index], message: `"${text}" is not a volume: write [SOURCE:]TARGET[:MODE], e.g. "./data:/data:ro".` });
    return { type: 'volume', target: text };
  }
  if (parts.length === 1) return { type: 'volume', target: parts[0], volume: {} };
  const [source, target, mode = ''] = parts as [string, string, string?];
  const options = mode ? mode.split(',') : [];
  const out: Obj = isPathSource(source) ? { type: 'bind', source: absolutePath(baseDir, source), target } : { type: 'volume', source, target };
  for (const o of options) {
    if (o === 'ro') out.read_only = true;
    else if (o === 'rw') continue;
    else if (o === 'z' || o === 'Z') out.bind = { ...(out.bind as Obj), selinux: o };
    else if (o === 'nocopy') out.volume = { ...(out.volume as Obj), nocopy: true };
    else if (PROPAGATION.has(o)) out.bind = { ...(out.bind as Obj), propagation: o };
    else
      problems.push({
        path: ['volumes', index],
        message: `"${o}" in "${text}" is not a volume mode: use ro, rw, z, Z, nocopy or a propagation (rprivate, shared, …).`,
      });
  }
  if (out.type === 'bind') out.bind = { create_host_path: true, ...(out.bind as Obj) };
  else out.volume = { ...(out.volume as Obj) };
  return out;
}
