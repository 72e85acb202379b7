/**
 * One Compose file made ready to merge: read, parsed with positions, interpolated, checked against the schema,
 * its services rewritten to the long syntax with paths made absolute, and its `extends` resolved (from the same
 * file or another one, recursively, refusing cycles). Problems are collected as issues at their places.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { castTree } from './cast.js';
import { ComposeError, type ComposeIssue } from './errors.js';
import { interpolateTree, isPlainObject, ResetTag, type InterpolationFailure, type Lookup } from './interpolate.js';
import { mergeValues } from './merge.js';
import { validateSchema } from './schema.js';
import { absolutePath, serviceLongSyntax, type SyntaxProblem } from './service-syntax.js';
import { parseComposeYaml, type YamlSource } from './yaml-source.js';

type Obj = Record<string, unknown>;

/** A file ready to merge. */
export interface LoadedFile {
  readonly file: string;
  readonly source: YamlSource | null;
  /** The file's model in the long syntax; `{}` when it could not be read. */
  readonly model: Obj;
}

/** Files read while loading one project, so `extends` of the same file is read once and positions are kept. */
export class FileCache {
  private readonly files = new Map<string, LoadedFile>();
  constructor(
    readonly lookup: Lookup,
    readonly issues: ComposeIssue[],
    /** Every file that was read, in order, for placing issues found after merging. */
    readonly sources: YamlSource[] = [],
  ) {}

  /** Load `file`, whose relative paths are relative to `baseDir`. */
  load(file: string, baseDir: string): LoadedFile {
    const key = `${file}\0${baseDir}`;
    const known = this.files.get(key);
    if (known) return known;
    const loaded = this.read(file, baseDir);
    this.files.set(key, loaded);
    if (loaded.source) resolveExtends(loaded, this, []);
    return loaded;
  }

  private read(file: string, baseDir: string): LoadedFile {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      this.issues.push({
        file,
        message: code === 'ENOENT' ? 'This Compose file does not exist.' : `This Compose file cannot be read (${code ?? String(err)}).`,
      });
      return { file, source: null, model: {} };
    }
    let source: YamlSource;
    try {
      source = parseComposeYaml(file, text);
    } catch (err) {
      if (err instanceof ComposeError) {
        this.issues.push(...err.issues);
        return { file, source: null, model: {} };
      }
      throw err;
    }
    this.sources.push(source);
    const failures: InterpolationFailure[] = [];
    // Compose casts the strings at typed attributes (`replicas: ${N}`) before it validates.
    const value = castTree(interpolateTree(source.value, this.lookup, failures)) as Obj;
    for (const f of failures) this.issues.push(source.issueAt(f.path, f.error.message));
    const schemaIssues = validateSchema(source, value);
    this.issues.push(...schemaIssues);
    if (schemaIssues.length) return { file, source, model: {} };
    return { file, source, model: longSyntax(value, baseDir, source, this.issues) };
  }
}

/** The whole file in the long syntax, with relative paths made absolute against `baseDir`. */
function longSyntax(value: Obj, baseDir: string, source: YamlSource, issues: ComposeIssue[]): Obj {
  const model: Obj = { ...value };
  if (isPlainObject(value.services)) {
    const services: Obj = {};
    for (const [name, svc] of Object.entries(value.services)) {
      if (!isPlainObject(svc)) {
        services[name] = svc ?? {};
        continue;
      }
      const problems: SyntaxProblem[] = [];
      services[name] = serviceLongSyntax(svc, baseDir, problems);
      for (const p of problems) issues.push(source.issueAt(['services', name, ...p.path], p.message));
    }
    model.services = services;
  }
  for (const section of ['networks', 'volumes', 'configs', 'secrets']) {
    if (!isPlainObject(value[section])) continue;
    const out: Obj = {};
    for (const [name, def] of Object.entries(value[section])) {
      const d: Obj = isPlainObject(def) ? { ...def } : def instanceof ResetTag ? (def as never) : {};
      if ((section === 'configs' || section === 'secrets') && typeof d.file === 'string') d.file = absolutePath(baseDir, d.file);
      out[name] = d;
    }
    model[section] = out;
  }
  if (Array.isArray(value.include)) {
    model.include = value.include.map((inc) => {
      const i: Obj = typeof inc === 'string' ? { path: [inc] } : { ...(inc as Obj) };
      i.path = [i.path].flat().map((p) => absolutePath(baseDir, String(p)));
      if (i.env_file !== undefined) i.env_file = [i.env_file].flat().map((p) => absolutePath(baseDir, String(p)));
      if (typeof i.project_directory === 'string') i.project_directory = absolutePath(baseDir, i.project_directory);
      return i;
    });
  }
  return model;
}

/** Resolve every service's `extends` in `loaded` (in place), following chains across files. */
function resolveExtends(loaded: LoadedFile, cache: FileCache, chain: string[]): void {
  const services = loaded.model.services;
  if (!isPlainObject(services)) return;
  for (const name of Object.keys(services)) resolveService(loaded, name, cache, chain);
}

function resolveService(loaded: LoadedFile, name: string, cache: FileCache, chain: string[]): Obj | undefined {
  const services = loaded.model.services as Obj;
  const svc = services[name];
  if (!isPlainObject(svc)) return undefined;
  const ext = svc.extends;
  if (!isPlainObject(ext)) return svc;
  const here = `${loaded.file}#${name}`;
  const issueAt = (message: string): void => {
    cache.issues.push(loaded.source ? loaded.source.issueAt(['services', name, 'extends'], message) : { file: loaded.file, message });
  };
  if (chain.includes(here)) {
    issueAt(`extends makes a cycle: ${[...chain.slice(chain.indexOf(here)), here].map((c) => c.split('#')[1]).join(' → ')}.`);
    delete svc.extends;
    return svc;
  }
  const baseName = String(ext.service);
  let baseFile = loaded;
  if (typeof ext.file === 'string') {
    const path = absolutePath(dirname(loaded.file), ext.file);
    baseFile = cache.load(path, dirname(path));
    if (!baseFile.source) {
      issueAt(`extends names the file ${ext.file}, which cannot be loaded.`);
      delete svc.extends;
      return svc;
    }
  }
  const baseServices = baseFile.model.services;
  if (!isPlainObject(baseServices) || !isPlainObject(baseServices[baseName])) {
    issueAt(`extends names the service "${baseName}", which ${typeof ext.file === 'string' ? `${ext.file} does not define` : 'this file does not define'}.`);
    delete svc.extends;
    return svc;
  }
  const base = resolveService(baseFile, baseName, cache, [...chain, here]) ?? {};
  const { extends: _e, ...own } = svc;
  const merged = mergeValues(base, own, ['services', name]) as Obj;
  services[name] = merged;
  return merged;
}
