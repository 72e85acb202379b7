/**
 * Opening a project from the UI: a path on the machine running the engine names a compose file or the
 * directory holding one; the project is loaded (so every file problem is said at its file, line and column
 * before anything is remembered) and kept among the recent projects in settings.json.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { RpcError } from '../rpc/protocol.js';
import { expandHome, resolveHostPath } from '../util/archive-paths.js';
import { readSettings, updateSettings } from '../settings/index.js';
import type { ComposeOpened, RecentComposeProject } from './contract.js';
import { COMPOSE_FILE_NAMES, discoverComposeFiles } from './project-files.js';
import { loadRequested } from './compose-service.js';

/** How many recent projects are kept. */
export const RECENT_LIMIT = 20;

/** What a path names: a file, a directory, or nothing. */
export type PathKind = 'file' | 'directory' | 'missing';

function kindOf(path: string): PathKind {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * The compose files a typed path stands for: the file itself, or the project file (and its override) in
 * the directory. Bad paths are sentences; a directory without a compose file says which names were looked for.
 */
export function filesForPath(typed: string, home = homedir(), kind: (p: string) => PathKind = kindOf, exists = existsSync): string[] {
  if (!typed.trim()) throw new RpcError('bad_request', 'Give the path of a compose file, or of the directory that holds one.');
  const path = resolveHostPath(typed, home).replace(/(.)\/+$/, '$1');
  const k = kind(path);
  if (k === 'missing') throw new RpcError('bad_request', `There is no file or directory at ${path}.`);
  if (k === 'file') return [path];
  if (!COMPOSE_FILE_NAMES.some((n) => exists(join(path, n))))
    throw new RpcError('bad_request', `There is no compose file in ${path}: Berth looked for ${COMPOSE_FILE_NAMES.join(', ')}.`);
  return discoverComposeFiles(path, exists)!;
}

/** Pure: the recent list with `p` first (a project of the same name replaced), at most RECENT_LIMIT long. */
export function withRecent(list: readonly RecentComposeProject[], p: RecentComposeProject): RecentComposeProject[] {
  return [p, ...list.filter((r) => r.name !== p.name)].slice(0, RECENT_LIMIT);
}

/** The recent projects, kept in the settings file's `compose` section. */
export class RecentComposeProjects {
  constructor(
    private readonly settingsFile: string,
    private readonly home = homedir(),
  ) {}

  async list(): Promise<RecentComposeProject[]> {
    return (await readSettings(this.settingsFile)).compose.recent;
  }

  async forget(name: string): Promise<RecentComposeProject[]> {
    const s = await updateSettings(this.settingsFile, (s) => ({ ...s, compose: { recent: s.compose.recent.filter((r) => r.name !== name) } }));
    return s.compose.recent;
  }

  /** Load the project at a path and remember it; a load problem is a bad request and remembers nothing. */
  async open(input: { path: string; projectName?: string; profiles: string[]; envFiles: string[] }): Promise<ComposeOpened> {
    const files = filesForPath(input.path, this.home);
    const envFiles = input.envFiles.map((f) => resolveHostPath(expandHome(f, this.home), this.home));
    const name = input.projectName?.trim();
    const project = loadRequested({ files, projectName: name || undefined, envFiles, profiles: input.profiles, cwd: dirname(files[0]!) });
    const recent: RecentComposeProject = {
      name: project.name,
      files: [...project.configFiles],
      workingDir: project.workingDir,
      envFiles,
      profiles: input.profiles,
      openedAt: Date.now(),
    };
    await updateSettings(this.settingsFile, (s) => ({ ...s, compose: { recent: withRecent(s.compose.recent, recent) } }));
    return { project: recent, services: Object.keys(project.services) };
  }
}
