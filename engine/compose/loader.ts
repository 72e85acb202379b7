/**
 * Loading a Compose project, as `docker compose` does before any command: find its files (or take `-f`), read
 * `.env` (or `--env-file`), interpolate, validate, merge the files, bring in `include`d projects, keep the
 * services the active profiles enable, check references and cycles, and fill in the defaults (normalize.ts).
 * Every problem is collected and thrown together as one ComposeError, each at its file, line and column.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkProject } from './checks.js';
import { parseDotenv, DotenvError } from './dotenv.js';
import { ComposeError, dottedPath, type ComposeIssue } from './errors.js';
import { isPlainObject, type Lookup } from './interpolate.js';
import { FileCache } from './load-file.js';
import { mergeModels } from './merge.js';
import { normalizeProject, type ComposeProject } from './normalize.js';
import { chooseProjectName, discoverComposeFiles } from './project-files.js';
import type { YamlSource } from './yaml-source.js';

type Obj = Record<string, unknown>;

/** What `docker compose` takes on its command line and from its environment. */
export interface LoadOptions {
  /** `-f`: the files, in merge order; none → COMPOSE_FILE, else discovery from `cwd`. */
  readonly files?: readonly string[];
  /** `--project-directory`; default: the first file's directory. */
  readonly projectDirectory?: string;
  /** `-p`. */
  readonly projectName?: string;
  /** `--env-file` (may repeat); default: `.env` in the project directory, if it exists. */
  readonly envFiles?: readonly string[];
  /** `--profile` (may repeat); default: COMPOSE_PROFILES. */
  readonly profiles?: readonly string[];
  /** The process environment; default `process.env`. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** The working directory relative paths on the command line start from; default `process.cwd()`. */
  readonly cwd?: string;
}

function readEnvFile(file: string, lookup: Lookup, issues: ComposeIssue[], required: boolean): Map<string, string> {
  if (!existsSync(file)) {
    if (required) issues.push({ file, message: 'This env file does not exist.' });
    return new Map();
  }
  try {
    return parseDotenv(readFileSync(file, 'utf8'), lookup);
  } catch (err) {
    if (err instanceof DotenvError) issues.push({ file, line: err.line, column: 1, message: err.message });
    else issues.push({ file, message: `This env file cannot be read (${(err as Error).message}).` });
    return new Map();
  }
}

/** The files to load when no `-f` is given. */
function defaultFiles(cwd: string, env: LoadOptions['environment'] & object): string[] {
  const fromEnv = env.COMPOSE_FILE;
  if (fromEnv)
    return fromEnv
      .split(env.COMPOSE_PATH_SEPARATOR || ':')
      .filter(Boolean)
      .map((f) => resolve(cwd, f));
  const found = discoverComposeFiles(cwd);
  if (!found) {
    throw new ComposeError([
      {
        file: cwd,
        message:
          'No Compose file here or in any parent directory: name one with -f, or add compose.yaml (compose.yml, docker-compose.yml, docker-compose.yaml).',
      },
    ]);
  }
  return found;
}

/** Places an issue about a merged-model path in the last file that wrote that path (an override wins). */
function placer(sources: readonly YamlSource[], issues: ComposeIssue[], fallback: string) {
  const has = (value: unknown, path: ReadonlyArray<string | number>): number => {
    let v = value;
    let depth = 0;
    for (const p of path) {
      if (isPlainObject(v) && p in v) v = v[p as string];
      else if (Array.isArray(v) && typeof p === 'number' && p < v.length) v = v[p];
      else break;
      depth++;
    }
    return depth;
  };
  return (path: ReadonlyArray<string | number>, message: string): void => {
    let best: YamlSource | undefined;
    let bestDepth = -1;
    for (const s of [...sources].reverse()) {
      const d = has(s.value, path);
      if (d > bestDepth) [best, bestDepth] = [s, d];
    }
    issues.push(best ? best.issueAt(path, message) : { file: fallback, key: dottedPath(path), message });
  };
}

/** Load the files of one (sub-)project and merge them, then bring its includes in. */
function loadModel(files: readonly string[], projectDir: string, cache: FileCache, includeChain: readonly string[]): Obj {
  const merged = mergeModels(files.map((f) => cache.load(f, projectDir).model));
  const includes = Array.isArray(merged.include) ? (merged.include as Obj[]) : [];
  delete merged.include;
  for (const inc of includes) {
    const paths = inc.path as string[];
    const report = (message: string) => cache.issues.push({ file: paths[0]!, message });
    if (paths.some((p) => includeChain.includes(p))) {
      report(`include makes a cycle: ${[...includeChain, paths[0]!].join(' → ')}.`);
      continue;
    }
    const subDir = typeof inc.project_directory === 'string' ? inc.project_directory : dirname(paths[0]!);
    const envFiles = Array.isArray(inc.env_file) ? (inc.env_file as string[]) : [resolve(subDir, '.env')];
    const subEnv = new Map<string, string>();
    for (const f of envFiles) for (const [k, v] of readEnvFile(f, cache.lookup, cache.issues, Array.isArray(inc.env_file))) subEnv.set(k, v);
    // The including project's environment wins over the included one's .env.
    const lookup: Lookup = (name) => cache.lookup(name) ?? subEnv.get(name);
    const sub = loadModel(paths, subDir, new FileCache(lookup, cache.issues, cache.sources), [...includeChain, ...paths]);
    for (const section of ['services', 'networks', 'volumes', 'configs', 'secrets']) {
      if (!isPlainObject(sub[section])) continue;
      const target = isPlainObject(merged[section]) ? merged[section] : (merged[section] = {});
      for (const [name, def] of Object.entries(sub[section])) {
        if (name in target && JSON.stringify(target[name]) !== JSON.stringify(def)) {
          report(`The included project defines ${section}.${name}, which the including project defines too: rename one of them.`);
          continue;
        }
        target[name] = def;
      }
    }
  }
  return merged;
}

/** Load a project. Throws ComposeError listing every problem found. */
export function loadProject(opts: LoadOptions = {}): ComposeProject {
  const env = opts.environment ?? process.env;
  const cwd = resolve(opts.cwd ?? process.cwd());
  const files = opts.files?.length ? opts.files.map((f) => resolve(cwd, f)) : defaultFiles(cwd, env);
  const projectDir = resolve(cwd, opts.projectDirectory ?? dirname(files[0]!));
  const issues: ComposeIssue[] = [];

  const osLookup: Lookup = (name) => env[name];
  const dotenv = new Map<string, string>();
  const envFiles = opts.envFiles?.length ? opts.envFiles.map((f) => resolve(cwd, f)) : [resolve(projectDir, '.env')];
  for (const f of envFiles) for (const [k, v] of readEnvFile(f, osLookup, issues, Boolean(opts.envFiles?.length))) dotenv.set(k, v);
  const lookup: Lookup = (name) => env[name] ?? dotenv.get(name);

  const cache = new FileCache(lookup, issues);
  const model = loadModel(files, projectDir, cache, files);
  if (issues.length) throw new ComposeError(issues);

  const named = chooseProjectName({
    flag: opts.projectName,
    env: lookup('COMPOSE_PROJECT_NAME'),
    topLevel: typeof model.name === 'string' ? model.name : undefined,
    projectDir,
  });
  if ('error' in named) throw new ComposeError([{ file: files[0]!, message: named.error }]);

  const profiles = opts.profiles?.length
    ? [...opts.profiles]
    : (lookup('COMPOSE_PROFILES') ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
  const all = isPlainObject(model.services) ? model.services : {};
  const enabled = (svc: unknown): boolean => {
    const p = isPlainObject(svc) && Array.isArray(svc.profiles) ? (svc.profiles as string[]) : [];
    return p.length === 0 || profiles.includes('*') || p.some((x) => profiles.includes(x));
  };
  const active: Obj = {};
  const disabled: Obj = {};
  for (const [name, svc] of Object.entries(all)) (enabled(svc) ? active : disabled)[name] = svc;

  const report = placer(cache.sources, issues, files[0]!);
  checkProject({ ...model, services: active }, report);
  if (issues.length) throw new ComposeError(issues);

  return normalizeProject({ name: named.name, workingDir: projectDir, configFiles: files, model, active, disabled, profiles, lookup });
}
