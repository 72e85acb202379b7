/**
 * Finding the engine's programs: bundled with the app first, then a
 * project-local copy, then the system's.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { appRoot, resourcesDir } from '../util/root.js';

/** Programs dockerd needs beside it; docker-proxy publishes ports, docker-init serves --init. */
export const REQUIRED_PROGRAMS = ['dockerd', 'containerd', 'containerd-shim-runc-v2', 'runc', 'docker-proxy'] as const;

export type BinarySource = 'bundled' | 'project' | 'system';

export interface EngineBinaries {
  readonly source: BinarySource;
  /** Absolute path of each program. */
  readonly paths: Readonly<Record<(typeof REQUIRED_PROGRAMS)[number], string>>;
  /** Folders to put first on the engine's PATH so dockerd finds its helpers. */
  readonly pathDirs: readonly string[];
}

/** The folders searched, in order, each with its source. */
export function searchOrder(env: NodeJS.ProcessEnv = process.env): Array<{ source: BinarySource; dirs: string[] }> {
  const resourcesPath = resourcesDir(env);
  // BERTH_ENGINE_PATH replaces the system search (PATH plus the sbin folders a user's PATH often lacks).
  const systemDirs = env.BERTH_ENGINE_PATH
    ? env.BERTH_ENGINE_PATH.split(delimiter).filter(Boolean)
    : [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/bin', '/sbin', '/usr/local/sbin', '/usr/local/bin'];
  return [
    { source: 'bundled', dirs: resourcesPath ? [join(resourcesPath, 'engine', 'bin')] : [] },
    { source: 'project', dirs: [join(appRoot, 'vendor', 'engine', 'bin')] },
    { source: 'system', dirs: [...new Set(systemDirs)] },
  ];
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Find all required programs from the first source that has dockerd.
 * Throws an Error whose message says what is missing and how to get it.
 */
export function findEngineBinaries(env: NodeJS.ProcessEnv = process.env): EngineBinaries {
  for (const { source, dirs } of searchOrder(env)) {
    const found: Partial<Record<(typeof REQUIRED_PROGRAMS)[number], string>> = {};
    for (const program of REQUIRED_PROGRAMS) {
      const dir = dirs.find((d) => executable(join(d, program)));
      if (dir) found[program] = join(dir, program);
    }
    if (!found.dockerd) continue;
    const missing = REQUIRED_PROGRAMS.filter((p) => !found[p]);
    if (missing.length) {
      throw new Error(
        `Found dockerd (${found.dockerd}) but not ${missing.join(', ')}: install Debian's docker.io, containerd and runc packages (apt-get install docker.io containerd runc), or run Berth with --mode external.`,
      );
    }
    const pathDirs = [...new Set(Object.values(found).map((p) => dirname(p!)))];
    return { source, paths: found as EngineBinaries['paths'], pathDirs };
  }
  throw new Error(
    "Berth could not find dockerd (looked in the app's bundle, vendor/engine/bin and your PATH): install Debian's docker.io, containerd and runc packages (apt-get install docker.io containerd runc), or run Berth with --mode external to use an engine you already have.",
  );
}
