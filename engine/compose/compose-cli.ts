/**
 * `berth compose [-f FILE]… [-p NAME] [--project-directory DIR] [--env-file FILE]… [--profile P]… <command>`:
 * the Compose commands of the `berth` command line. `config` (the canonical form, like `docker compose config`:
 * `--format yaml|json`, `--services`, `--volumes`, `--networks`, `--profiles`, `--hash SERVICE|*`, `-q`) runs
 * here; the others (compose-cli-engine.ts, compose-exec.ts) ask Berth's backend, which loads the same files with
 * this command's working directory and environment.
 */
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { RpcClient } from '../rpc/client.js';
import { canonicalJson, canonicalYaml } from './config-output.js';
import { serviceConfigHash } from './config-hash.js';
import { ComposeUsageError, engineCommand, ENGINE_COMMANDS, type ComposeValues } from './compose-cli-engine.js';
import { ComposeError } from './errors.js';
import { loadProject } from './loader.js';

export const COMPOSE_USAGE = `  compose [-f FILE]… [-p NAME] [--project-directory DIR] [--env-file FILE]… [--profile NAME]… config
              [--format yaml|json] [--services|--volumes|--networks|--profiles|--hash SERVICE|*] [-q]
                       load the project (as docker compose does) and print its canonical form
  compose [-f FILE]… [-p NAME] … up [-d] [--dry-run] [--remove-orphans] [--scale SERVICE=N]… [--no-color]
              [--abort-on-container-exit] [--exit-code-from SERVICE] [SERVICE…]
                       print the plan (what is created, recreated and why, left alone, removed), then apply it
                       in depends_on order (only the SERVICEs and what they depend on, when named); without -d,
                       then show the merged log until Ctrl-C, which stops the project; --abort-on-container-exit
                       stops it when a container exits, --exit-code-from exits with that service's code
  compose [-f FILE]… [-p NAME] … down [--volumes] [--remove-orphans] [--rmi local|all]
                       stop and remove the project's containers and networks (and its volumes, its images)
  compose [-f FILE]… [-p NAME] … ps | stop [SERVICE…] | start [SERVICE…] | restart [SERVICE…]
                       list the project's containers; stop, start or restart them (those of the SERVICEs) in dependency order
  compose [-f FILE]… [-p NAME] … logs [-f|--follow] [-n|--tail N] [-t|--timestamps] [--no-color] [--no-log-prefix] [SERVICE…]
                       the merged log of the project's containers, each line behind <service>-<n> |
  compose [-f FILE]… [-p NAME] … exec [--index N] [-T] [-e K=V]… [-w DIR] [-u USER] SERVICE COMMAND…
                       run a command in a service's container (with a TTY when stdin is one); its exit code
  compose [-f FILE]… [-p NAME] … scale SERVICE=N…
                       give services N containers each (<project>-<service>-<n>; the highest numbers go first)
  compose [-f FILE]… [-p NAME] … pull [SERVICE…] | build [--no-cache] [--pull] [SERVICE…]
                       pull the services' images (honouring pull_policy); build those with a build section
  compose from CONTAINER… [-o FILE [--force]]
                       a compose.yaml that recreates these containers (only what differs from their images);
                       printed, or written to FILE (--force replaces an existing one)`;

export { ComposeUsageError };

/** Options with a value, anywhere on the command line (so their values are not taken for the command). */
const PROJECT_OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  'project-name': { type: 'string', short: 'p' },
  'project-directory': { type: 'string' },
  'env-file': { type: 'string', multiple: true },
  profile: { type: 'string', multiple: true },
} as const;

const CONFIG_OPTIONS = {
  ...PROJECT_OPTIONS,
  format: { type: 'string' },
  services: { type: 'boolean' },
  volumes: { type: 'boolean' },
  networks: { type: 'boolean' },
  profiles: { type: 'boolean' },
  hash: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  detach: { type: 'boolean', short: 'd' },
  'dry-run': { type: 'boolean' },
  'remove-orphans': { type: 'boolean' },
  // `down --volumes` is spelled -v too; `config --volumes` lists them.
  v: { type: 'boolean', short: 'v' },
} as const;

/** The options of each command after its name (the project's options are taken there too). */
const COMMAND_OPTIONS = {
  up: {
    ...PROJECT_OPTIONS,
    detach: { type: 'boolean', short: 'd' },
    'dry-run': { type: 'boolean' },
    'remove-orphans': { type: 'boolean' },
    scale: { type: 'string', multiple: true },
    'no-color': { type: 'boolean' },
    'abort-on-container-exit': { type: 'boolean' },
    'exit-code-from': { type: 'string' },
  },
  down: { ...PROJECT_OPTIONS, volumes: { type: 'boolean', short: 'v' }, 'remove-orphans': { type: 'boolean' }, rmi: { type: 'string' } },
  ps: PROJECT_OPTIONS,
  stop: PROJECT_OPTIONS,
  start: PROJECT_OPTIONS,
  restart: PROJECT_OPTIONS,
  logs: {
    // -f is --follow here, as in docker compose logs; the files go before the command.
    file: { type: 'string', multiple: true },
    'project-name': PROJECT_OPTIONS['project-name'],
    'project-directory': PROJECT_OPTIONS['project-directory'],
    'env-file': PROJECT_OPTIONS['env-file'],
    profile: PROJECT_OPTIONS.profile,
    follow: { type: 'boolean', short: 'f' },
    tail: { type: 'string', short: 'n' },
    timestamps: { type: 'boolean', short: 't' },
    'no-color': { type: 'boolean' },
    'no-log-prefix': { type: 'boolean' },
  },
  scale: PROJECT_OPTIONS,
  pull: PROJECT_OPTIONS,
  build: { ...PROJECT_OPTIONS, 'no-cache': { type: 'boolean' }, pull: { type: 'boolean' } },
} as const;

function parseWith(args: string[], options: NonNullable<ParseArgsConfig['options']>): { values: ComposeValues; positionals: string[] } {
  try {
    const r = parseArgs({ args, allowPositionals: true, strict: true, options });
    return { values: r.values as ComposeValues, positionals: r.positionals };
  } catch (err) {
    // node's messages go on with advice about `--`; the first sentence is the one that matters here.
    throw new ComposeUsageError(`${(err as Error).message.split(/\. /)[0]!.replace(/'/g, '"').replace(/\.$/, '')}.`);
  }
}

/** Where the command is: the first argument that is neither an option nor an option's value. */
export function splitAtCommand(args: readonly string[]): { before: string[]; command?: string; after: string[] } {
  const valued = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--format', '--hash']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (valued.has(a)) i++;
    else if (!a.startsWith('-')) return { before: args.slice(0, i), command: a, after: args.slice(i + 1) };
  }
  return { before: [...args], after: [] };
}

/** `compose from CONTAINER… [-o FILE] [--force]`: the Compose file that recreates the containers. */
async function fromContainers(before: string[], after: string[], connect: ConnectBackend, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (before.length) throw new ComposeUsageError(`from takes no project options (${before.join(' ')}): it reads containers, not a compose file.`);
  const { values, positionals } = parseWith(after, { output: { type: 'string', short: 'o' }, force: { type: 'boolean' } });
  if (!positionals.length) throw new ComposeUsageError('Name at least one container: berth compose from CONTAINER… [-o FILE].');
  if (values.force && !values.output) throw new ComposeUsageError('--force replaces the file of -o FILE; give -o FILE too.');
  const output = typeof values.output === 'string' ? values.output : undefined;
  // Paths are the caller's: relative ones start from this command's directory (~ is left to the backend).
  const path = output === undefined ? undefined : output.startsWith('~') ? output : resolve(output);
  const rpc = await connect();
  try {
    const r = await rpc.call('compose.export', { containers: positionals, ...(path ? { path } : {}), overwrite: values.force === true });
    for (const note of r.notes) err(`${note}\n`);
    if (r.path) err(`Wrote ${r.path}${r.project ? ` (bring it up with: berth compose -p ${r.project} -f ${r.path} up -d)` : ''}.\n`);
    else out(r.yaml);
    return 0;
  } finally {
    rpc.close();
  }
}

/** How `berth compose` reaches Berth's backend (started if need be). */
export type ConnectBackend = () => Promise<RpcClient>;

/** Run `berth compose …`; output goes through `out`, problems through `err`. Returns the exit code. */
export async function composeMain(
  args: string[],
  connect: ConnectBackend,
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const { before, command, after } = splitAtCommand(args);
  if (command === 'from') return fromContainers(before, after, connect, out, err);
  if (!command) {
    parseWith(before, CONFIG_OPTIONS);
    throw new ComposeUsageError(`Missing compose command (config, ${[...ENGINE_COMMANDS].join(', ')}).`);
  }
  if (command !== 'config' && !ENGINE_COMMANDS.has(command))
    throw new ComposeUsageError(`Unknown compose command "${command}": berth compose has config, ${[...ENGINE_COMMANDS].join(', ')}.`);
  const global = parseWith(before, CONFIG_OPTIONS).values;
  if (command !== 'config') {
    for (const k of Object.keys(global))
      if (!(k in PROJECT_OPTIONS) && !(command in COMMAND_OPTIONS && k in COMMAND_OPTIONS[command as keyof typeof COMMAND_OPTIONS]))
        throw new ComposeUsageError(`${command} does not take --${k}.`);
    if (command === 'exec') return engineCommand(command, global, after, connect, out, err);
    const own = parseWith(after, COMMAND_OPTIONS[command as keyof typeof COMMAND_OPTIONS]);
    const merged: ComposeValues = { ...global, ...own.values };
    for (const k of ['file', 'env-file', 'profile'] as const) if (global[k] || own.values[k]) merged[k] = [...(global[k] ?? []), ...(own.values[k] ?? [])];
    return engineCommand(command, merged, own.positionals, connect, out, err);
  }
  const { values, positionals: extra } = parseWith([...before, ...after], CONFIG_OPTIONS);
  if (extra.length) throw new ComposeUsageError(`config takes no arguments, not "${extra.join(' ')}".`);
  for (const k of ['detach', 'dry-run', 'remove-orphans', 'v'] as const)
    if (values[k] !== undefined) throw new ComposeUsageError(`config does not take --${k}.`);
  const format = (values.format as string | undefined) ?? 'yaml';
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
  } else if (typeof values.hash === 'string') {
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
