/**
 * `berth service`: swarm services of an engine on the command line — list, create (the Create dialog's checks,
 * each bad field a sentence), scale, update (following the rolling update to its end), roll back, remove (asked
 * first at a terminal), list tasks, and logs merged across tasks. `--engine NAME` picks an engine of the list.
 */
import { parseArgs } from 'node:util';
import { findEngine } from '../engines/index.js';
import type { RpcClient } from '../rpc/client.js';
import { UsageError, parseFlags } from '../util/cli-args.js';
import type { ServiceLogLine, ServiceSummary, TaskRow, UpdateProgress } from './contract.js';
import { EMPTY_SERVICE_FORM, serviceInputOf, type ServiceField, type ServiceFieldError } from './service-form.js';

export const SERVICE_USAGE = `  service ls [--json] [--engine NAME]
                       the swarm services: name, mode, running/desired, image, ports, last update
  service create [--name N] [--replicas N | --mode global] [-p PUB:TARGET[/udp]]... [--publish-mode host|ingress]
                 [-e K=V]... [--mount SRC:/DST[:ro]]... [--network NET]... [--constraint C]...
                 [--limit-cpu N] [--limit-memory M] [--reserve-cpu N] [--reserve-memory M] [--endpoint-mode vip|dnsrr]
                 [--update-parallelism N] [--update-delay S] [--update-failure-action pause|continue|rollback]
                 [--update-order stop-first|start-first] IMAGE [COMMAND...]
                       create a service (ports are published in host mode unless --publish-mode ingress)
  service scale NAME=N  a replicated service to N tasks
  service update NAME [--image REF] [-e K=V]... [-d]
                       roll the tasks to a new image/environment, following the update unless -d
  service rollback NAME
                       back to the spec before the last update
  service rm NAME... [--yes]
                       remove services and their tasks (asked first at a terminal)
  service ps NAME      the tasks: slot, node, desired and current state, error, image
  service logs NAME [-f] [--tail N]
                       the logs of every task, each line tagged with its task and node`;

export interface ServiceCliIo {
  out(s: string): void;
  err(s: string): void;
  ask?(question: string): Promise<boolean>;
}

/** Pure: rows as aligned columns, the last one unpadded. */
function columns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ')).join('\n')}\n`;
}

/** Pure: the published ports as the docker CLI writes them (*:8080->80/tcp, host mode marked). */
export function portsText(s: Pick<ServiceSummary, 'ports'>): string {
  return s.ports.map((p) => `${p.published ? `*:${p.published}->` : ''}${p.target}/${p.protocol}${p.mode === 'host' ? ' (host)' : ''}`).join(', ');
}

/** Pure: the services as a table. */
export function servicesTable(services: readonly ServiceSummary[]): string {
  return columns([
    ['NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS', 'UPDATE'],
    ...services.map((s) => [s.name, s.mode, `${s.running}/${s.desired}`, s.image, portsText(s) || '-', s.update?.state ?? '-']),
  ]);
}

/** Pure: the tasks as a table. */
export function tasksTable(service: string, tasks: readonly TaskRow[]): string {
  return columns([
    ['NAME', 'NODE', 'DESIRED', 'CURRENT', 'IMAGE', 'ERROR'],
    ...tasks.map((t) => [`${service}.${t.slot ?? t.node ?? t.nodeId ?? ''}`, t.node ?? t.nodeId ?? '-', t.desired, t.state, t.image, t.error ?? '']),
  ]);
}

/** Pure: one line of a rolling update's progress. */
export function progressLine(p: UpdateProgress): string {
  const slots = p.slots.map((s) => `${s.slot}:${s.phase === 'done' ? '✓' : s.phase === 'failed' ? '✗' : s.phase === 'updating' ? '…' : '·'}`).join(' ');
  return `${p.state}: ${p.done}/${p.total} on ${p.image} [${slots}]${p.message ? ` ${p.message}` : ''}`;
}

/** Pure: a log line as the CLI prints it: task@node | text. */
export function logLineText(l: ServiceLogLine): string {
  return `${l.taskName}@${l.node ?? '?'} | ${l.text}`;
}

const FLAG_OF: Partial<Record<ServiceField, string>> = {
  name: '--name',
  image: 'IMAGE',
  command: 'COMMAND',
  replicas: '--replicas',
  ports: '--publish',
  env: '--env',
  mounts: '--mount',
  networks: '--network',
  constraints: '--constraint',
  cpuLimit: '--limit-cpu',
  memoryLimit: '--limit-memory',
  cpuReservation: '--reserve-cpu',
  memoryReservation: '--reserve-memory',
  parallelism: '--update-parallelism',
  delay: '--update-delay',
};
/** Pure: the field errors of a create, one line each, named as they were typed. */
export const createErrorLines = (errors: readonly ServiceFieldError[]) => errors.map((e) => `${FLAG_OF[e.field] ?? e.field}: ${e.message}\n`).join('');

const CREATE_OPTIONS = {
  name: { type: 'string' },
  replicas: { type: 'string' },
  mode: { type: 'string' },
  publish: { type: 'string', short: 'p', multiple: true },
  'publish-mode': { type: 'string' },
  'endpoint-mode': { type: 'string' },
  env: { type: 'string', short: 'e', multiple: true },
  mount: { type: 'string', multiple: true },
  network: { type: 'string', multiple: true },
  constraint: { type: 'string', multiple: true },
  'limit-cpu': { type: 'string' },
  'limit-memory': { type: 'string' },
  'reserve-cpu': { type: 'string' },
  'reserve-memory': { type: 'string' },
  'update-parallelism': { type: 'string' },
  'update-delay': { type: 'string' },
  'update-failure-action': { type: 'string' },
  'update-order': { type: 'string' },
  engine: { type: 'string' },
} as const;

/** Pure: `service create`'s words as the Create dialog's form (options first, then IMAGE and its command). */
export function createFormOf(args: string[]): { form: typeof EMPTY_SERVICE_FORM; engine?: string } {
  const { values, positionals } = (() => {
    try {
      // Options stop at the image: what follows is the command, options of its own included.
      const i = args.findIndex((a, k) => !a.startsWith('-') && !(k > 0 && needsValue(args[k - 1]!)));
      const head = i < 0 ? args : args.slice(0, i);
      const tail = i < 0 ? [] : args.slice(i);
      return { values: parseArgs({ args: head, options: CREATE_OPTIONS, strict: true, allowPositionals: false }).values, positionals: tail };
    } catch (err) {
      throw new UsageError((err as Error).message.split('\n')[0]!);
    }
  })();
  const pick = <T extends string>(v: string | undefined, allowed: readonly T[], flag: string, fallback: T): T => {
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`${flag} is one of ${allowed.join(', ')}.`);
    return v as T;
  };
  const [image = '', ...command] = positionals;
  return {
    engine: values.engine,
    form: {
      ...EMPTY_SERVICE_FORM,
      name: values.name ?? (image ? (/([a-z0-9][\w.-]*?)(?::[\w.-]+)?$/i.exec(image.split('/').pop() ?? '')?.[1] ?? '') : ''),
      image,
      command: command.map((w) => (/[\s"'\\]/.test(w) ? `'${w.replace(/'/g, `'"'"'`)}'` : w)).join(' '),
      mode: pick(values.mode, ['replicated', 'global'] as const, '--mode', 'replicated'),
      replicas: values.replicas ?? '1',
      ports: (values.publish ?? []).join('\n'),
      publishMode: pick(values['publish-mode'], ['host', 'ingress'] as const, '--publish-mode', 'host'),
      endpointMode: pick(values['endpoint-mode'], ['vip', 'dnsrr'] as const, '--endpoint-mode', 'vip'),
      env: (values.env ?? []).join('\n'),
      mounts: (values.mount ?? []).join('\n'),
      networks: (values.network ?? []).join(' '),
      constraints: (values.constraint ?? []).join('\n'),
      cpuLimit: values['limit-cpu'] ?? '',
      memoryLimit: values['limit-memory'] ?? '',
      cpuReservation: values['reserve-cpu'] ?? '',
      memoryReservation: values['reserve-memory'] ?? '',
      parallelism: values['update-parallelism'] ?? '1',
      delay: values['update-delay'] ?? '0',
      failureAction: pick(values['update-failure-action'], ['pause', 'continue', 'rollback'] as const, '--update-failure-action', 'pause'),
      order: pick(values['update-order'], ['stop-first', 'start-first'] as const, '--update-order', 'stop-first'),
    },
  };
}

/** An option of `create` that takes the next word as its value. */
function needsValue(word: string): boolean {
  if (word.includes('=')) return false;
  const long = word.replace(/^--?/, '');
  return Object.entries(CREATE_OPTIONS).some(([k, o]) => k === long || ('short' in o && o.short === long));
}

/** Point the client at the engine named by --engine, when there is one. */
async function useEngine(client: RpcClient, name: string | undefined): Promise<void> {
  if (!name) return;
  const found = findEngine(await client.call('engines.list', {}), name);
  if (typeof found === 'string') throw new Error(found);
  await client.call('engines.use', { id: found.id });
}

/** Follow a service's update until it completes, pauses or rolls back, a line per change; true when it completed. */
function followUpdate(client: RpcClient, service: string, io: ServiceCliIo): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let last = '';
    let seenUpdating = false;
    const sub = client.stream(
      'services.watch',
      { service },
      {
        next: (e) => {
          const line = progressLine(e.progress);
          if (line !== last) io.err(`${(last = line)}\n`);
          if (/updating|rollback_started/.test(e.progress.state)) seenUpdating = true;
          if (seenUpdating && /completed|paused/.test(e.progress.state)) {
            sub.cancel();
            resolve(e.progress.state === 'completed' || e.progress.state === 'rollback_completed');
          }
        },
        end: (err) => (err ? reject(err) : resolve(false)),
      },
    );
  });
}

/** Run one `berth service` command; returns the exit code. */
export async function serviceMain(args: string[], connect: () => Promise<RpcClient>, io: ServiceCliIo): Promise<number> {
  const [command, ...rest] = args[0] === undefined || args[0].startsWith('-') ? ['ls', ...args] : args;
  const positional = (words: string[]) => words.filter((w, i) => !w.startsWith('-') && !(i > 0 && /^--(engine|tail|image|env)$|^-e$/.test(words[i - 1]!)));
  const withClient = async (engine: string | undefined, fn: (c: RpcClient) => Promise<number>) => {
    const client = await connect();
    try {
      await useEngine(client, engine);
      return await fn(client);
    } finally {
      client.close();
    }
  };
  switch (command) {
    case 'ls':
    case 'list': {
      const f = parseFlags(rest, { json: { type: 'boolean' }, engine: { type: 'string' } });
      return withClient(f.engine, async (c) => {
        const list = await c.call('services.list', {});
        if (!list.manager) {
          io.err(
            list.swarm === 'active'
              ? 'This engine is a swarm worker: services are listed on a manager.\n'
              : 'This engine is not in a swarm: initialise one (Swarm page, or `docker swarm init`) to run services.\n',
          );
          return 1;
        }
        io.out(f.json ? `${JSON.stringify(list.services, null, 2)}\n` : servicesTable(list.services));
        return 0;
      });
    }
    case 'create': {
      const { form, engine } = createFormOf(rest);
      const r = serviceInputOf(form);
      if (!r.ok) {
        io.err(`Nothing was created:\n${createErrorLines(r.errors)}`);
        return 1;
      }
      return withClient(engine, async (c) => {
        const s = await c.call('services.create', r.input);
        io.err(`Created ${s.name} (${s.mode === 'global' ? 'global' : `${s.desired} replica${s.desired === 1 ? '' : 's'}`}) from ${s.image}.\n`);
        io.out(`${s.id}\n`);
        return 0;
      });
    }
    case 'scale': {
      const [word, ...options] = rest;
      const m = word ? /^([\w.-]+)=(\d+)$/.exec(word) : null;
      if (!m) throw new UsageError('Name the service and the count: berth service scale NAME=N.');
      const f = parseFlags(options, { engine: { type: 'string' } });
      return withClient(f.engine, async (c) => {
        const s = await c.call('services.scale', { service: m[1]!, replicas: Number(m[2]) });
        io.err(`${s.name} scaled to ${s.desired}.\n`);
        return 0;
      });
    }
    case 'update': {
      const [service, ...options] = rest;
      if (!service || service.startsWith('-')) throw new UsageError('Name the service: berth service update NAME --image REF.');
      const f = parseFlags(options, {
        image: { type: 'string' },
        env: { type: 'string', short: 'e', multiple: true },
        detach: { type: 'boolean', short: 'd' },
        engine: { type: 'string' },
      });
      if (!f.image && !f.env) throw new UsageError('Say what to change: --image REF and/or -e KEY=value.');
      return withClient(f.engine, async (c) => {
        const s = await c.call('services.update', { service, ...(f.image ? { image: f.image } : {}), ...(f.env ? { env: f.env } : {}) });
        io.err(`Updating ${s.name} to ${s.image} (parallelism ${s.updateConfig.parallelism}, ${s.updateConfig.order}).\n`);
        if (f.detach) return 0;
        return (await followUpdate(c, s.id, io)) ? 0 : 1;
      });
    }
    case 'rollback': {
      const [service, ...options] = rest;
      if (!service || service.startsWith('-')) throw new UsageError('Name the service: berth service rollback NAME.');
      const f = parseFlags(options, { engine: { type: 'string' } });
      return withClient(f.engine, async (c) => {
        const s = await c.call('services.rollback', { service });
        io.err(`Rolling ${s.name} back to ${s.image}.\n`);
        return 0;
      });
    }
    case 'rm':
    case 'remove': {
      const names = positional(rest);
      if (!names.length) throw new UsageError('Name the services to remove: berth service rm NAME....');
      const f = parseFlags(
        rest.filter((w) => !names.includes(w)),
        { yes: { type: 'boolean', short: 'y' }, engine: { type: 'string' } },
      );
      if (!f.yes) {
        if (!io.ask) throw new UsageError(`Removing ${names.join(', ')} needs --yes when there is no terminal to ask at.`);
        if (!(await io.ask(`Remove ${names.join(', ')} and all their tasks and containers? [y/N] `))) {
          io.err('Nothing was removed.\n');
          return 1;
        }
      }
      return withClient(f.engine, async (c) => {
        const r = await c.call('services.remove', { services: names });
        io.err(`Removed ${r.removed.join(', ')}.\n`);
        return 0;
      });
    }
    case 'ps': {
      const [service, ...options] = rest;
      if (!service || service.startsWith('-')) throw new UsageError('Name the service: berth service ps NAME.');
      const f = parseFlags(options, { engine: { type: 'string' } });
      return withClient(f.engine, async (c) => {
        io.out(tasksTable(service, await c.call('services.tasks', { service })));
        return 0;
      });
    }
    case 'logs': {
      const [service, ...options] = rest;
      if (!service || service.startsWith('-')) throw new UsageError('Name the service: berth service logs NAME.');
      const f = parseFlags(options, { follow: { type: 'boolean', short: 'f' }, tail: { type: 'string' }, engine: { type: 'string' } });
      const tail = f.tail === undefined ? 500 : Number(f.tail);
      if (!Number.isInteger(tail) || tail < 0) throw new UsageError('--tail is a number of lines.');
      return withClient(f.engine, (c) => {
        return new Promise((resolve, reject) => {
          const sub = c.stream(
            'services.logs',
            { service, follow: !!f.follow, tail },
            {
              next: (lines) => io.out(lines.map((l) => `${logLineText(l)}\n`).join('')),
              end: (err) => (err ? reject(err) : resolve(0)),
            },
          );
          const stop = () => {
            sub.cancel();
            resolve(130);
          };
          process.once('SIGINT', stop);
        });
      });
    }
    default:
      throw new UsageError(`Unknown service command "${command}": use ls, create, scale, update, rollback, rm, ps or logs.`);
  }
}
