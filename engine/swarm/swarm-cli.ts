/**
 * `berth swarm`: the swarm of an engine on the command line — its state, init,
 * join, leave (asked first at a terminal), the join tokens, and its nodes.
 * `--engine NAME` chooses an engine of the Engines list (Berth's own otherwise).
 */
import type { RpcClient } from '../rpc/client.js';
import { UsageError, parseFlags } from '../util/cli-args.js';
import { findEngine } from '../engines/index.js';
import { NODE_ACTIONS, type JoinTokens, type NodeAction, type NodeRow, type SwarmState, type SwarmView } from './contract.js';
import { findNode } from './swarm-words.js';

export const SWARM_USAGE = `  swarm [--engine NAME]
                       where the engine stands in Swarm mode (every swarm command takes --engine NAME from \`berth engines\`)
  swarm init [--advertise-addr ADDR] [--listen-port PORT]
                       make the engine the first manager of a new swarm
  swarm join MANAGER --token TOKEN [--advertise-addr ADDR] [--listen-port PORT]
                       join a swarm through a manager (host[:port]); the token decides worker or manager
  swarm tokens [--json]
                       the worker and manager join tokens, with the \`docker swarm join\` command for each
  swarm leave [--force] [--yes]
                       leave the swarm (a manager needs --force; asked first at a terminal)
  swarm nodes [ls] [--json]
                       the nodes: hostname, role, availability, status, engine version, address, running tasks
  swarm nodes promote|demote|drain|pause|activate NODE
                       change a node (by id, id prefix or hostname)
  swarm nodes rm NODE [--force]
                       remove a node that has left (or, with --force, one that has not)`;

export interface SwarmCliIo {
  out(s: string): void;
  err(s: string): void;
  /** Ask a yes/no question at the terminal; absent when there is none. */
  ask?(question: string): Promise<boolean>;
}

/** Pure: `--engine NAME` (or --engine=NAME) taken out of the words, wherever it stands. */
export function takeEngine(args: readonly string[]): { engine?: string; rest: string[] } {
  const rest: string[] = [];
  let engine: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--engine') {
      engine = args[++i];
      if (!engine || engine.startsWith('-')) throw new UsageError('Option --engine needs the name of an engine from `berth engines`.');
    } else if (a.startsWith('--engine=')) engine = a.slice('--engine='.length);
    else rest.push(a);
  }
  return { engine, rest };
}

/** Pure: the state in a few lines. */
export function stateText(s: SwarmState, engine: string): string {
  switch (s.state) {
    case 'inactive':
      return `"${engine}" is not in a swarm. Start one with \`berth swarm init\`, or join one with \`berth swarm join MANAGER --token TOKEN\`.\n`;
    case 'pending':
      return `"${engine}" is joining a swarm (through ${s.remoteManagers.join(', ') || 'a manager'}).\n`;
    case 'locked':
      return `"${engine}" is in a locked swarm: unlock it with \`docker swarm unlock\`.\n`;
    case 'error':
    case 'active': {
      const lines = [
        `"${engine}" is a ${s.role ?? 'node'} of a swarm${s.state === 'error' ? ', in error' : ''}.`,
        `Node:     ${s.nodeId ?? '-'} (${s.nodeAddr ?? '-'})`,
      ];
      if (s.clusterId) lines.push(`Cluster:  ${s.clusterId}`, `Managers: ${s.managers ?? '?'} of ${s.nodes ?? '?'} nodes; ${s.services ?? 0} services`);
      else if (s.remoteManagers.length) lines.push(`Managers: ${s.remoteManagers.join(', ')}`);
      if (s.error) lines.push(`Error:    ${s.error}`);
      return `${lines.join('\n')}\n`;
    }
  }
}

/** Pure: a node's manager column (leader, reachable, unreachable) or empty for a worker. */
export function managerWord(r: NodeRow): string {
  return r.managerStatus ?? '';
}

/** Pure: the Nodes table, aligned; the engine's own node marked with a *. */
export function nodesTable(rows: readonly NodeRow[]): string {
  const head = ['ID', 'HOSTNAME', 'ROLE', 'MANAGER', 'AVAILABILITY', 'STATUS', 'ENGINE', 'ADDRESS', 'TASKS'];
  const body = rows.map((r) => [
    `${r.id.slice(0, 12)}${r.self ? ' *' : ''}`,
    r.hostname,
    r.role,
    managerWord(r) || '-',
    r.availability,
    r.status,
    r.engineVersion || '-',
    r.address || '-',
    String(r.tasks),
  ]);
  const all = [head, ...body];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return `${all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ')).join('\n')}\n`;
}

/** Pure: the tokens with their commands. */
export function tokensText(t: JoinTokens): string {
  return `To add a worker:\n  ${t.workerCommand}\n\nTo add a manager:\n  ${t.managerCommand}\n`;
}

/** Pure: what leaving takes with it, asked before a manager leaves. */
export function leaveQuestion(s: SwarmState, engine: string): string {
  if (s.role === 'manager' && (s.managers ?? 1) <= 1) {
    const others = Math.max(0, (s.nodes ?? 1) - 1);
    return `"${engine}" is the swarm's last manager: leaving ends the swarm, removing its ${s.services ?? 0} services and cutting off its ${others} other node${others === 1 ? '' : 's'}. Leave? [y/N] `;
  }
  if (s.role === 'manager') return `"${engine}" is one of ${s.managers} managers: the swarm goes on, with one manager fewer. Leave? [y/N] `;
  return `"${engine}" leaves the swarm; its tasks move to other nodes. Leave? [y/N] `;
}

/** Run one `berth swarm` command; returns the exit code. */
export async function swarmMain(args: string[], connect: () => Promise<RpcClient>, io: SwarmCliIo): Promise<number> {
  const { engine, rest: words } = takeEngine(args);
  const [command, ...rest] = words[0] === undefined || words[0].startsWith('-') ? ['state', ...words] : words;
  const client = await connect();
  try {
    let engineName = 'Berth';
    if (engine) {
      const found = findEngine(await client.call('engines.list', {}), engine);
      if (typeof found === 'string') throw new Error(found);
      engineName = (await client.call('engines.use', { id: found.id })).name;
    }
    const printView = (v: SwarmView) => io.out(stateText(v.swarm, engineName));
    switch (command) {
      case 'state': {
        const f = parseFlags(rest, { json: { type: 'boolean' } });
        const v = await client.call('swarm.state', {});
        if (f.json) io.out(`${JSON.stringify(v, null, 2)}\n`);
        else printView(v);
        return 0;
      }
      case 'init': {
        const f = parseFlags(rest, { 'advertise-addr': { type: 'string' }, 'listen-port': { type: 'string' } });
        printView(await client.call('swarm.init', { advertiseAddr: f['advertise-addr'] ?? '', listenPort: port(f['listen-port']) }));
        return 0;
      }
      case 'join': {
        const [manager, ...options] = rest;
        if (!manager || manager.startsWith('-')) throw new UsageError("Give a manager's address: berth swarm join MANAGER[:PORT] --token TOKEN.");
        const f = parseFlags(options, { token: { type: 'string' }, 'advertise-addr': { type: 'string' }, 'listen-port': { type: 'string' } });
        if (!f.token) throw new UsageError('Give the join token: --token TOKEN (from `berth swarm tokens` against a manager).');
        io.err(`Joining through ${manager} (a manager that does not answer is given up on after about 20 s)…\n`);
        printView(
          await client.call('swarm.join', {
            remoteAddr: manager,
            token: f.token,
            advertiseAddr: f['advertise-addr'] ?? '',
            listenPort: port(f['listen-port']),
          }),
        );
        return 0;
      }
      case 'tokens': {
        const f = parseFlags(rest, { json: { type: 'boolean' } });
        const t = await client.call('swarm.joinTokens', {});
        io.out(f.json ? `${JSON.stringify(t, null, 2)}\n` : tokensText(t));
        return 0;
      }
      case 'leave': {
        const f = parseFlags(rest, { force: { type: 'boolean', short: 'f' }, yes: { type: 'boolean', short: 'y' } });
        const s = (await client.call('swarm.state', {})).swarm;
        if (s.state === 'inactive') {
          io.err(`"${engineName}" is not in a swarm: nothing to leave.\n`);
          return 0;
        }
        if (s.role === 'manager' && !f.force) {
          throw new UsageError(`"${engineName}" is a manager: leaving needs --force. ${leaveQuestion(s, engineName).replace(/ Leave\? \[y\/N\] $/, '')}`);
        }
        if (!f.yes) {
          if (!io.ask) throw new UsageError('Leaving needs --yes when there is no terminal to ask at.');
          if (!(await io.ask(leaveQuestion(s, engineName)))) {
            io.err('Nothing was changed.\n');
            return 1;
          }
        }
        // A join still under way is called off only with force.
        printView(await client.call('swarm.leave', { force: !!f.force || s.state === 'pending' }));
        return 0;
      }
      case 'nodes':
      case 'node':
        return await nodesCommand(rest, client, io);
      default:
        throw new UsageError(`Unknown swarm command "${command}": use init, join, tokens, leave or nodes.`);
    }
  } finally {
    client.close();
  }
}

function port(value: string | undefined): number {
  if (value === undefined) return 2377;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`"${value}" is not a port: give a number from 1 to 65535.`);
  return n;
}

async function nodesCommand(args: string[], client: RpcClient, io: SwarmCliIo): Promise<number> {
  const [command, ...rest] = args[0] === undefined || args[0].startsWith('-') ? ['ls', ...args] : args;
  if (command === 'ls' || command === 'list') {
    const f = parseFlags(rest, { json: { type: 'boolean' } });
    const rows = await client.call('nodes.list', {});
    io.out(f.json ? `${JSON.stringify(rows, null, 2)}\n` : nodesTable(rows));
    return 0;
  }
  const [word, ...options] = rest;
  const action = (NODE_ACTIONS as readonly string[]).includes(command!) ? (command as NodeAction) : undefined;
  if (!action && command !== 'rm' && command !== 'remove') {
    throw new UsageError(`Unknown nodes command "${command}": use ls, promote, demote, drain, pause, activate or rm.`);
  }
  if (!word || word.startsWith('-')) throw new UsageError(`Name the node: berth swarm nodes ${command} NODE.`);
  const f = parseFlags(options, action ? {} : { force: { type: 'boolean', short: 'f' } });
  const node = findNode(await client.call('nodes.list', {}), word);
  if (typeof node === 'string') throw new Error(node);
  const rows = action
    ? await client.call('nodes.update', { id: node.id, action })
    : await client.call('nodes.remove', { id: node.id, force: !!(f as { force?: boolean }).force });
  io.out(nodesTable(rows));
  return 0;
}
