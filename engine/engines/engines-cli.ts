/**
 * `berth engines`: the Engines list on the command line — list it, add an engine
 * (checked as the Add dialog checks it: each bad field a sentence, nothing stored),
 * remove one (asked first at a terminal).
 */
import { resolve } from 'node:path';
import type { RpcClient } from '../rpc/client.js';
import { UsageError, parseFlags } from '../util/cli-args.js';
import type { AddEngineInput, EngineEntry, EngineField, EngineFieldError } from './contract.js';

export const ENGINES_USAGE = `  engines [ls] [--json]
                       the Engines list: name, address, state, version, OS/arch and containers of each engine
  engines add NAME HOST [--tlscacert F --tlscert F --tlskey F] [--identity KEY]
                       add an engine (unix:///path, tcp://host:port, ssh://user@host[:port]); stored only if it answers
  engines rm NAME [--yes]
                       remove an added engine from the list (asked first at a terminal; -y/--yes otherwise)`;

/** How the command line names each field of the Add dialog. */
const FIELD_WORD: Record<EngineField, string> = {
  name: 'NAME',
  host: 'HOST',
  ca: '--tlscacert',
  cert: '--tlscert',
  key: '--tlskey',
  identity: '--identity',
};

/** Pure: the field errors of an add, one line each, named as they were typed. */
export function fieldErrorLines(errors: readonly EngineFieldError[]): string {
  return errors.map((e) => `${FIELD_WORD[e.field]}: ${e.message}\n`).join('');
}

const dash = (v: string | undefined) => v || '-';

/** Pure: the list as a table (name, address, state, version, os/arch, containers), then why each down engine is down. */
export function enginesTable(entries: readonly EngineEntry[]): string {
  const rows = [['NAME', 'ADDRESS', 'STATE', 'VERSION', 'OS/ARCH', 'CONTAINERS']];
  for (const e of entries) {
    const h = e.health;
    const up = h.state === 'up';
    rows.push([
      e.source === 'context' ? `${e.name} (context)` : e.name,
      e.host || '-',
      h.state,
      up ? dash(h.version) : '-',
      up && h.os && h.arch ? `${h.os}/${h.arch}` : '-',
      up ? `${h.containers ?? 0} (${h.running ?? 0} running)` : '-',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ')).join('\n');
  const down = entries.filter((e) => e.health.state === 'down' && e.health.error).map((e) => `${e.name}: ${e.health.error}`);
  return `${table}\n${down.length ? `\n${down.join('\n')}\n` : ''}`;
}

/** Pure: the entry a user named (its name, any case, or its id), or a sentence naming the choices. */
export function findEngine(entries: readonly EngineEntry[], word: string): EngineEntry | string {
  const found = entries.find((e) => e.id === word) ?? entries.find((e) => e.name.toLowerCase() === word.toLowerCase());
  if (found) return found;
  return `There is no engine "${word}" in the Engines list: choose one of ${entries.map((e) => `"${e.name}"`).join(', ')} (\`berth engines\` lists them).`;
}

/** Pure: what `engines add` sends, from its words and options (paths made absolute, as the Add dialog's file fields are). */
export function addInput(name: string, host: string, f: { tlscacert?: string; tlscert?: string; tlskey?: string; identity?: string }): AddEngineInput {
  const abs = (p: string | undefined) => (p ? resolve(p) : '');
  const tls = f.tlscacert || f.tlscert || f.tlskey ? { ca: abs(f.tlscacert), cert: abs(f.tlscert), key: abs(f.tlskey) } : undefined;
  return { name, host, ...(tls ? { tls } : {}), ...(f.identity ? { identity: abs(f.identity) } : {}) };
}

export interface EnginesCliIo {
  out(s: string): void;
  err(s: string): void;
  /** Ask a yes/no question at the terminal; absent when there is none (stdin is not a terminal). */
  ask?(question: string): Promise<boolean>;
}

/** Run one `berth engines` command; returns the exit code. */
export async function enginesMain(args: string[], connect: () => Promise<RpcClient>, io: EnginesCliIo): Promise<number> {
  const [command, ...rest] = args[0] === undefined || args[0].startsWith('-') ? ['ls', ...args] : args;
  switch (command) {
    case 'ls':
    case 'list': {
      const f = parseFlags(rest, { json: { type: 'boolean' } });
      const client = await connect();
      try {
        const entries = await client.call('engines.list', {});
        io.out(f.json ? `${JSON.stringify(entries, null, 2)}\n` : enginesTable(entries));
        return 0;
      } finally {
        client.close();
      }
    }
    case 'add': {
      const [name, host, ...options] = rest;
      if (!name || name.startsWith('-') || !host || host.startsWith('-')) {
        throw new UsageError('Name the engine and give its address: berth engines add NAME HOST (e.g. berth engines add build ssh://me@build-server).');
      }
      const f = parseFlags(options, {
        tlscacert: { type: 'string' },
        tlscert: { type: 'string' },
        tlskey: { type: 'string' },
        identity: { type: 'string' },
      });
      const client = await connect();
      try {
        const r = await client.call('engines.add', addInput(name, host, f));
        if (!r.engine) {
          io.err(`Nothing was added:\n${fieldErrorLines(r.errors)}`);
          return 1;
        }
        const h = r.engine.health;
        io.err(
          `Added "${r.engine.name}" (${r.engine.host}): Docker ${h.version ?? '?'} on ${h.os ?? '?'}/${h.arch ?? '?'}, ${h.containers ?? 0} containers.\n`,
        );
        io.out(`${r.engine.id}\n`);
        return 0;
      } finally {
        client.close();
      }
    }
    case 'rm':
    case 'remove': {
      const [word, ...options] = rest;
      if (!word || word.startsWith('-')) throw new UsageError('Name the engine to remove: berth engines rm NAME.');
      const f = parseFlags(options, { yes: { type: 'boolean', short: 'y' } });
      const client = await connect();
      try {
        const found = findEngine(await client.call('engines.list', {}), word);
        if (typeof found === 'string') throw new Error(found);
        if (found.source === 'berth') throw new Error("Berth's own engine stays in the list: stop it with `berth engine down` instead.");
        if (!f.yes) {
          if (!io.ask) throw new UsageError(`Removing "${found.name}" needs --yes when there is no terminal to ask at: berth engines rm ${word} --yes.`);
          if (!(await io.ask(`Remove "${found.name}" (${found.host}) from the Engines list? Its containers and images stay on it. [y/N] `))) {
            io.err('Nothing was removed.\n');
            return 1;
          }
        }
        const r = await client.call('engines.remove', { id: found.id });
        io.err(r.removed ? `Removed "${found.name}" from the Engines list.\n` : `"${found.name}" had already left the list.\n`);
        return 0;
      } finally {
        client.close();
      }
    }
    default:
      throw new UsageError(`Unknown engines command "${command}": use ls, add or rm.`);
  }
}
