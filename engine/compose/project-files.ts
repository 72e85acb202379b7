/**
 * Where a Compose project's files are and what it is called: the file names Compose looks for, the override
 * file beside them, the `.env` file, and the project name from `-p`, `COMPOSE_PROJECT_NAME`, the top-level
 * `name`, else the project directory's name, normalised as Compose normalises it.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The names Compose accepts for a project's file, in the order it prefers them. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;
/** The override files Compose adds when it finds the project's file itself. */
export const OVERRIDE_FILE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'] as const;

/**
 * The files of the project found from `dir` upwards, as Compose finds them when no `-f` is given: the first
 * directory with one of COMPOSE_FILE_NAMES, that file, and its override file if there is one. Null when none.
 */
export function discoverComposeFiles(dir: string, exists: (path: string) => boolean = existsSync): string[] | null {
  let here = resolve(dir);
  for (;;) {
    const main = COMPOSE_FILE_NAMES.map((n) => join(here, n)).find(exists);
    if (main) {
      const override = OVERRIDE_FILE_NAMES.map((n) => join(here, n)).find(exists);
      return override ? [main, override] : [main];
    }
    const up = dirname(here);
    if (up === here) return null;
    here = up;
  }
}

/** A valid project name: lower-case letters, digits, `_` and `-`, starting with a letter or digit. */
export const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** A directory name made into a project name as Compose does: lower case, other characters dropped. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '')
    .replace(/^[_-]+/, '');
}

/** Where the name came from, so an invalid one is explained by its source. */
export type ProjectNameSource = '-p' | 'COMPOSE_PROJECT_NAME' | 'name' | 'directory';

/**
 * The project name by Compose's precedence. Returns the name, or a sentence when the chosen name is not valid
 * (an explicit name is never silently changed; a directory name is normalised).
 */
export function chooseProjectName(opts: {
  flag?: string;
  env?: string;
  topLevel?: string;
  projectDir: string;
}): { name: string; source: ProjectNameSource } | { error: string } {
  const pick: [string | undefined, ProjectNameSource][] = [
    [opts.flag, '-p'],
    [opts.env, 'COMPOSE_PROJECT_NAME'],
    [opts.topLevel, 'name'],
  ];
  for (const [value, source] of pick) {
    if (!value) continue;
    if (!PROJECT_NAME.test(value)) {
      return {
        error: `"${value}" (from ${source === 'name' ? 'the top-level name' : source}) is not a valid project name: use lower-case letters, digits, "_" and "-", starting with a letter or digit.`,
      };
    }
    return { name: value, source };
  }
  const name = normalizeProjectName(basename(opts.projectDir));
  if (!name) return { error: `The directory name "${basename(opts.projectDir)}" gives no project name: name the project with -p or a top-level name.` };
  return { name, source: 'directory' };
}
