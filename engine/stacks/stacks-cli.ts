/**
 * `berth stack`: swarm stacks of an engine on the command line — deploy a Compose file as a stack (the plan first,
 * then each step; `--dry-run` stops at the plan), list stacks, their services and tasks, and remove one (asked first
 * at a terminal). The files are read by Berth's backend with this command's working directory and environment.
 * `--engine NAME` picks an engine of the list.
 */
import { findEngine } from '../engines/index.js';
import type { RpcClient } from '../rpc/client.js';
import type { ServiceSummary } from '../services/contract.js';
import { UsageError, parseFlags } from '../util/cli-args.js';
import { STACK_NAME, type StackDeployEvent, type StackDeployInput, type StackRemoved, type StackSummary, type StackTaskRow } from './contract.js';

export const STACK_USAGE = `  stack deploy -c FILE [-c FILE]... [--env-file FILE]... [--prune] [--dry-run] [--engine NAME] STACK
                       deploy a Compose file as a swarm stack: print the plan (what is created, updated and
                       which settings, left alone, removed), then apply it; --dry-run stops at the plan;
                       --prune removes the stack's services the file no longer has
  stack ls [--json] [--engine NAME]
                       the stacks: name, services, running/desired tasks
  stack services STACK the stack's services: name, mode, replicas, image, ports
  stack ps STACK       the stack's tasks: service, slot, node, desired and current state, error
  stack rm STACK [--yes]
                       remove the stack's services, networks, configs and secrets (asked first at a terminal)`;

export interface StackCliIo {
  out(s: string): void;
  err(s: string): void;
  ask?(question: string): Promise<boolean>;
}

/** A `berth stack` command as typed. */
export type StackCommand =
  | { readonly cmd: 'deploy'; readonly input: StackDeployInput; readonly dryRun: boolean; readonly engine?: string }
  | { readonly cmd: 'ls'; readonly json: boolean; readonly engine?: string }
  | { readonly cmd: 'services' | 'ps'; readonly name: string; readonly engine?: string }
  | { readonly cmd: 'rm'; readonly name: string; readonly yes: boolean; readonly engine?: string };

function stackName(word: string | undefined, usage: string): string {
  if (!word) throw new UsageError(`Name the stack: ${usage}.`);
  if (!STACK_NAME.test(word) || word.length > 48)
    throw new UsageError(`"${word}" is not a stack name: use lower-case letters, digits, "_" and "-", starting with a letter or digit (at most 48).`);
  return word;
}

/** The one positional word (the stack) and the option words around it. */
function splitName(args: readonly string[], valued: readonly string[]): { name?: string; options: string[] } {
  const options: string[] = [];
  let name: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w.startsWith('-')) {
      options.push(w);
      if (valued.includes(w) && i + 1 < args.length) options.push(args[++i]!);
    } else if (name === undefined) name = w;
    else throw new UsageError(`Unexpected "${w}": name one stack.`);
  }
  return { name, options };
}

/** Pure: `berth stack …` words as a command; `cwd` and `environment` go with a deploy, for the backend to load the files as here. */
export function parseStackArgs(args: readonly string[], cwd: string, environment: Readonly<Record<string, string>>): StackCommand {
  const [command = 'ls', ...rest] = args;
  switch (command) {
    case 'deploy':
    case 'up': {
      const { name, options } = splitName(rest, ['-c', '--compose-file', '--env-file', '--engine']);
      const f = parseFlags(options, {
        'compose-file': { type: 'string', short: 'c', multiple: true },
        'env-file': { type: 'string', multiple: true },
        prune: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        engine: { type: 'string' },
      });
      const usage = 'berth stack deploy -c FILE STACK';
      if (!f['compose-file']?.length) throw new UsageError(`Name the Compose file: ${usage}.`);
      return {
        cmd: 'deploy',
        input: {
          name: stackName(name, usage),
          files: f['compose-file'],
          envFiles: f['env-file'] ?? [],
          prune: !!f.prune,
          cwd,
          environment: { ...environment },
        },
        dryRun: !!f['dry-run'],
        ...(f.engine ? { engine: f.engine } : {}),
      };
    }
    case 'ls':
    case 'list': {
      const f = parseFlags(rest, { json: { type: 'boolean' }, engine: { type: 'string' } });
      return { cmd: 'ls', json: !!f.json, ...(f.engine ? { engine: f.engine } : {}) };
    }
    case 'services':
    case 'ps': {
      const { name, options } = splitName(rest, ['--engine']);
      const f = parseFlags(options, { engine: { type: 'string' } });
      return { cmd: command, name: stackName(name, `berth stack ${command} STACK`), ...(f.engine ? { engine: f.engine } : {}) };
    }
    case 'rm':
    case 'remove':
    case 'down': {
      const { name, options } = splitName(rest, ['--engine']);
      const f = parseFlags(options, { yes: { type: 'boolean', short: 'y' }, engine: { type: 'string' } });
      return { cmd: 'rm', name: stackName(name, 'berth stack rm STACK'), yes: !!f.yes, ...(f.engine ? { engine: f.engine } : {}) };
    }
    default:
      throw new UsageError(`Unknown stack command "${command}": use deploy, ls, services, ps or rm.`);
  }
}

/** Pure: rows as aligned columns, the last one unpadded. */
function columns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ')).join('\n')}\n`;
}

/** Pure: the stacks as a table. */
export function stacksTable(stacks: readonly StackSummary[]): string {
  return columns([
    ['NAME', 'SERVICES', 'TASKS', 'FILES'],
    ...stacks.map((s) => [s.name, String(s.services), `${s.running}/${s.desired}`, s.files.join(',') || '-']),
  ]);
}

/** Pure: a stack's services as a table. */
export function stackServicesTable(services: readonly ServiceSummary[]): string {
  const ports = (s: ServiceSummary) =>
    s.ports.map((p) => `${p.published ? `*:${p.published}->` : ''}${p.target}/${p.protocol}${p.mode === 'host' ? ' (host)' : ''}`).join(', ') || '-';
  return columns([['NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'], ...services.map((s) => [s.name, s.mode, `${s.running}/${s.desired}`, s.image, ports(s)])]);
}

/** Pure: a stack's tasks as a table, named as `docker stack ps` names them (service.slot, or service.node). */
export function stackTasksTable(tasks: readonly StackTaskRow[]): string {
  return columns([
    ['NAME', 'NODE', 'DESIRED', 'CURRENT', 'IMAGE', 'ERROR'],
    ...tasks.map((t) => [`${t.service}.${t.slot ?? t.node ?? t.nodeId ?? ''}`, t.node ?? t.nodeId ?? '-', t.desired, t.state, t.image, t.error ?? '']),
  ]);
}

/** Pure: one deploy event as the line the CLI prints (none for a step that began). */
export function deployLine(e: StackDeployEvent): string {
  switch (e.t) {
    case 'plan':
      return e.plan.lines.map((l) => `${l}\n`).join('');
    case 'step': {
      if (e.state === 'working') return '';
      const verb = e.action === 'create' ? 'Created' : e.action === 'update' ? 'Updated' : 'Removed';
      return `${verb} ${e.kind} ${e.target}\n`;
    }
    case 'done':
      return e.changed.length ? `Done in ${(e.ms / 1000).toFixed(1)} s.\n` : '';
  }
}

/** Pure: what removing a stack did, as lines. */
export function removedText(r: StackRemoved): string {
  const parts = (
    [
      ['service', r.services],
      ['network', r.networks],
      ['config', r.configs],
      ['secret', r.secrets],
    ] as const
  ).flatMap(([what, list]) => list.map((n) => `Removed ${what} ${n}\n`));
  return parts.join('') + r.failures.map((f) => `${f}\n`).join('');
}

/** Point the client at the engine named by --engine, when there is one. */
async function useEngine(client: RpcClient, name: string | undefined): Promise<void> {
  if (!name) return;
  const found = findEngine(await client.call('engines.list', {}), name);
  if (typeof found === 'string') throw new Error(found);
  await client.call('engines.use', { id: found.id });
}

function deploy(client: RpcClient, input: StackDeployInput, io: StackCliIo): Promise<number> {
  return new Promise((resolve, reject) => {
    client.stream('stacks.deploy', input, {
      next: (e) => {
        const line = deployLine(e);
        if (line) io.err(line);
      },
      end: (err) => (err ? reject(err) : resolve(0)),
    });
  });
}

/** Run one `berth stack` command; returns the exit code. */
export async function stackMain(
  args: string[],
  connect: () => Promise<RpcClient>,
  io: StackCliIo,
  here: { cwd: string; environment: Readonly<Record<string, string>> },
): Promise<number> {
  const c = parseStackArgs(args, here.cwd, here.environment);
  if (c.cmd === 'rm' && !c.yes) {
    if (!io.ask) throw new UsageError(`Removing the stack ${c.name} needs --yes when there is no terminal to ask at.`);
    if (!(await io.ask(`Remove the stack ${c.name}: its services with their tasks, and its networks, configs and secrets? [y/N] `))) {
      io.err('Nothing was removed.\n');
      return 1;
    }
  }
  const client = await connect();
  try {
    await useEngine(client, c.engine);
    switch (c.cmd) {
      case 'deploy': {
        if (!c.dryRun) return await deploy(client, c.input, io);
        const plan = await client.call('stacks.plan', c.input);
        io.out(plan.lines.map((l) => `${l}\n`).join(''));
        return plan.refusals.length ? 1 : 0;
      }
      case 'ls': {
        const list = await client.call('stacks.list', {});
        if (!list.manager) {
          io.err(
            list.swarm === 'active'
              ? 'This engine is a swarm worker: stacks are listed on a manager.\n'
              : 'This engine is not in a swarm: initialise one (Swarm page, or `berth swarm init`) to deploy stacks.\n',
          );
          return 1;
        }
        io.out(c.json ? `${JSON.stringify(list.stacks, null, 2)}\n` : stacksTable(list.stacks));
        return 0;
      }
      case 'services':
        io.out(stackServicesTable(await client.call('stacks.services', { name: c.name })));
        return 0;
      case 'ps':
        io.out(stackTasksTable(await client.call('stacks.tasks', { name: c.name })));
        return 0;
      case 'rm': {
        const r = await client.call('stacks.remove', { name: c.name });
        io.err(removedText(r));
        return r.failures.length ? 1 : 0;
      }
    }
  } finally {
    client.close();
  }
}
