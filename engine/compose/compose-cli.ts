/**
 * `berth compose [-f FILE]… [-p NAME] [--project-directory DIR] [--env-file FILE]… [--profile P]… <command>`:
 * the Compose commands of the `berth` command line. `config` (the canonical form, like `docker compose config`:
 * `--format yaml|json`, `--services`, `--volumes`, `--networks`, `--profiles`, `--hash SERVICE|*`, `-q`) runs
 * here; `up` (`--dry-run` prints the plan), `down`, `ps`, `stop`, `start` and `restart` ask Berth's backend,
 * which loads the same files with this command's working directory and environment.
 */
import { parseArgs } from 'node:util';
import type { RpcClient } from '../rpc/client.js';
import type { ComposeProjectInput } from './contract.js';
import { canonicalJson, canonicalYaml } from './config-output.js';
import { serviceConfigHash } from './config-hash.js';
import { ComposeError } from './errors.js';
import { loadProject } from './loader.js';

export const COMPOSE_USAGE = `  compose [-f FILE]… [-p NAME] [--project-directory DIR] [--env-file FILE]… [--profile NAME]… config
              [--format yaml|json] [--services|--volumes|--networks|--profiles|--hash SERVICE|*] [-q]
                       load the project (as docker compose does) and print its canonical form
  compose [-f FILE]… [-p NAME] … up [-d] [--dry-run] [--remove-orphans]
                       print the plan (what is created, recreated and why, left alone, removed), then apply it
                       in depends_on order; always detached (-d is accepted; follow logs with docker compose logs)
  compose [-f FILE]… [-p NAME] … down [--volumes] [--remove-orphans]
                       stop and remove the project's containers and networks (and its volumes with --volumes)
  compose [-f FILE]… [-p NAME] … ps | stop | start | restart
                       list the project's containers; stop, start or restart them in dependency order`;

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
        detach: { type: 'boolean', short: 'd' },
        'dry-run': { type: 'boolean' },
        'remove-orphans': { type: 'boolean' },
        // `down --volumes` is spelled -v too; `config --volumes` lists them.
        v: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    // node's messages go on with advice about `--`; the first sentence is the one that matters here.
    throw new ComposeUsageError(`${(err as Error).message.split(/\. /)[0]!.replace(/'/g, '"').replace(/\.$/, '')}.`);
  }
}

const ENGINE_COMMANDS = new Set(['up', 'down', 'ps', 'stop', 'start', 'restart']);

/** How `berth compose` reaches Berth's backend (started if need be). */
export type ConnectBackend = () => Promise<RpcClient>;

/** Run `berth compose …`; output goes through `out`, problems through `err`. Returns the exit code. */
export async function composeMain(
  args: string[],
  connect: ConnectBackend,
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const { values, positionals } = parse(args);
  const [command, ...extra] = positionals;
  if (!command) throw new ComposeUsageError('Missing compose command (config, up, down, ps, stop, start, restart).');
  if (command !== 'config' && !ENGINE_COMMANDS.has(command))
    throw new ComposeUsageError(`Unknown compose command "${command}": berth compose has config, up, down, ps, stop, start and restart.`);
  if (extra.length) throw new ComposeUsageError(`${command} takes no arguments, not "${extra.join(' ')}".`);
  if (command !== 'config') return engineCommand(command, values, connect, out, err);
  for (const k of ['detach', 'dry-run', 'remove-orphans', 'v'] as const)
    if (values[k] !== undefined) throw new ComposeUsageError(`config does not take --${k}.`);
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

type Values = ReturnType<typeof parse>['values'];

/** Options that belong to each engine command. */
const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  up: ['detach', 'dry-run', 'remove-orphans'],
  down: ['volumes', 'v', 'remove-orphans'],
  ps: [],
  stop: [],
  start: [],
  restart: [],
};
const PROJECT_OPTIONS = ['file', 'project-name', 'project-directory', 'env-file', 'profile'];

async function engineCommand(command: string, values: Values, connect: ConnectBackend, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  for (const [k, v] of Object.entries(values))
    if (v !== undefined && !PROJECT_OPTIONS.includes(k) && !COMMAND_OPTIONS[command]!.includes(k))
      throw new ComposeUsageError(`${command} does not take --${k}.`);
  const project: ComposeProjectInput = {
    files: values.file ?? [],
    projectName: values['project-name'],
    projectDirectory: values['project-directory'],
    envFiles: values['env-file'] ?? [],
    profiles: values.profile ?? [],
    cwd: process.cwd(),
    environment: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string')),
  };
  const rpc = await connect();
  try {
    switch (command) {
      case 'up': {
        const removeOrphans = values['remove-orphans'] === true;
        if (values['dry-run']) {
          const { lines } = await rpc.call('compose.plan', { project, removeOrphans });
          out(lines.length ? lines.map((l) => `${l}\n`).join('') : 'Nothing to do: the project is up to date.\n');
          return 0;
        }
        await new Promise<void>((resolve, reject) => {
          const sub = rpc.stream(
            'compose.up',
            { project, removeOrphans },
            {
              next: (e) => {
                if (e.t === 'plan') err(e.lines.map((l) => `${l}\n`).join(''));
                else if (e.t === 'step' && e.state === 'done') err(`${e.kind} ${e.target}: ${e.action} done\n`);
                else if (e.t === 'done') err(e.changed.length ? `Up in ${(e.ms / 1000).toFixed(1)} s.\n` : 'Nothing to do: the project is up to date.\n');
              },
              end: (error) => (error ? reject(error) : resolve()),
            },
          );
          process.once('SIGINT', () => sub.cancel());
        });
        return 0;
      }
      case 'down': {
        const r = await rpc.call('compose.down', {
          project,
          volumes: values.volumes === true || values.v === true,
          removeOrphans: values['remove-orphans'] === true,
        });
        const said = [
          r.containers.length ? `containers ${r.containers.join(', ')}` : '',
          r.networks.length ? `networks ${r.networks.join(', ')}` : '',
          r.volumes.length ? `volumes ${r.volumes.join(', ')}` : '',
        ].filter(Boolean);
        err(said.length ? `Removed ${said.join('; ')}.\n` : `The project ${r.project} had nothing to remove.\n`);
        if (r.orphansLeft.length) err(`Left the orphans ${r.orphansLeft.join(', ')} (their services are not in the project): --remove-orphans removes them.\n`);
        return 0;
      }
      case 'ps': {
        const rows = await rpc.call('compose.ps', { project });
        const table = [['NAME', 'SERVICE', 'STATUS', 'PORTS'], ...rows.map((r) => [r.name, r.service, r.status, r.ports.join(', ')])];
        const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
        out(table.map((row) => `${row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('   ')}\n`).join(''));
        return 0;
      }
      default: {
        const names = await rpc.call('compose.act', { project, action: command as 'stop' | 'start' | 'restart' });
        err(`${command === 'stop' ? 'Stopped' : command === 'start' ? 'Started' : 'Restarted'} ${names.join(', ')}.\n`);
        return 0;
      }
    }
  } catch (e) {
    err(`${(e as Error).message}\n`);
    return 1;
  } finally {
    rpc.close();
  }
}
