/**
 * `berth compose [-f FILE]… [-p NAME] [--project-directory DIR] [--env-file FILE]… [--profile P]… <command>`:
 * the Compose commands of the `berth` command line. This slice has `config` (the canonical form, like
 * `docker compose config`: `--format yaml|json`, `--services`, `--volumes`, `--networks`, `--profiles`,
 * `--hash SERVICE|*`, `-q`); the commands that talk to the engine come later.
 */
import { parseArgs } from 'node:util';
import { canonicalJson, canonicalYaml } from './config-output.js';
import { serviceConfigHash } from './config-hash.js';
import { ComposeError } from './errors.js';
import { loadProject } from './loader.js';

export const COMPOSE_USAGE = `  compose [-f FILE]… [-p NAME] [--project-directory DIR] [--env-file FILE]… [--profile NAME]… config
              [--format yaml|json] [--services|--volumes|--networks|--profiles|--hash SERVICE|*] [-q]
                       load the project (as docker compose does) and print its canonical form`;

/** A command line that cannot be understood; the caller prints it with the usage hint. */
export class ComposeUsageError extends Error {}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        file: { type: 'string', short: 'f', multiple: true },
        'project-name': { type: 'string', short: 'p' },
        'project-directory': { type: 'string' },
        'env-file': { type: 'string', multiple: true },
        profile: { type: 'string', multiple: true },
        format: { type: 'string' },
        services: { type: 'boolean' },
        volumes: { type: 'boolean' },
        networks: { type: 'boolean' },
        profiles: { type: 'boolean' },
        hash: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
  } catch (err) {
    // node's messages go on with advice about `--`; the first sentence is the one that matters here.
    throw new ComposeUsageError(`${(err as Error).message.split(/\. /)[0]!.replace(/'/g, '"').replace(/\.$/, '')}.`);
  }
}

/** Run `berth compose …`; output goes through `out`, problems through `err`. Returns the exit code. */
export function composeMain(
  args: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): number {
  const { values, positionals } = parse(args);
  const [command, ...extra] = positionals;
  if (!command) throw new ComposeUsageError('Missing compose command (config).');
  if (command !== 'config') throw new ComposeUsageError(`Unknown compose command "${command}": this version of berth compose has config.`);
  if (extra.length) throw new ComposeUsageError(`config takes no arguments, not "${extra.join(' ')}".`);
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new ComposeUsageError(`"${format}" is not a format: use yaml or json.`);
  let project;
  try {
    project = loadProject({
      files: values.file,
      projectName: values['project-name'],
      projectDirectory: values['project-directory'],
      envFiles: values['env-file'],
      profiles: values.profile,
    });
  } catch (e) {
    if (!(e instanceof ComposeError)) throw e;
    err(`${e.message}\n`);
    return 1;
  }
  if (values.quiet) return 0;
  if (values.services)
    out(
      Object.keys(project.services)
        .map((s) => `${s}\n`)
        .join(''),
    );
  else if (values.volumes)
    out(
      Object.keys(project.volumes)
        .map((s) => `${s}\n`)
        .join(''),
    );
  else if (values.networks)
    out(
      Object.keys(project.networks)
        .map((s) => `${s}\n`)
        .join(''),
    );
  else if (values.profiles) {
    const all = new Set<string>();
    for (const s of [...Object.values(project.services), ...Object.values(project.disabledServices)])
      for (const p of (s.profiles as string[] | undefined) ?? []) all.add(p);
    out(
      [...all]
        .sort()
        .map((p) => `${p}\n`)
        .join(''),
    );
  } else if (values.hash !== undefined) {
    const names = values.hash === '*' ? Object.keys(project.services) : values.hash.split(',');
    for (const n of names) {
      const svc = project.services[n];
      if (!svc) {
        err(`"${n}" is not a service of the project ${project.name} (its services: ${Object.keys(project.services).join(', ')}).\n`);
        return 1;
      }
      out(`${n} ${serviceConfigHash(svc)}\n`);
    }
  } else out(format === 'json' ? canonicalJson(project) : canonicalYaml(project));
  return 0;
}
