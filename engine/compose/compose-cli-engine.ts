/**
 * The `berth compose` commands that ask Berth's backend: up (attached or -d), down, ps, stop/start/restart,
 * logs, exec, scale, pull and build. Each prints what happened as sentences on stderr and data on stdout, and
 * returns the exit code.
 */
import type { RpcClient } from '../rpc/client.js';
import { runExec, parseExecArgs } from './compose-exec.js';
import { attachedExitCode, oneShotDependencies } from './attached-exit.js';
import type { ComposeImageEvent, ComposeLogLine, ComposePlan, ComposeProjectInput, ComposeUpEvent } from './contract.js';
import { LogPrefixer, wantColour } from './log-prefix.js';
import { parseScaleArgs } from './scale.js';

export const ENGINE_COMMANDS = new Set(['up', 'down', 'ps', 'stop', 'start', 'restart', 'logs', 'exec', 'scale', 'pull', 'build']);

/** Commands that take positional arguments (services, SERVICE=N); the others take none. */
const TAKES_ARGS = new Set(['up', 'stop', 'start', 'restart', 'logs', 'scale', 'pull', 'build']);

type Out = (s: string) => void;

/** Values of every option any command takes. */
export interface ComposeValues {
  file?: string[];
  'project-name'?: string;
  'project-directory'?: string;
  'env-file'?: string[];
  profile?: string[];
  [k: string]: string | boolean | string[] | undefined;
}

/** A command line that cannot be understood; the caller prints it with the usage hint. */
export class ComposeUsageError extends Error {}

class UsageProblem extends Error {}

function usageError(message: string): never {
  throw new ComposeUsageError(message);
}

/** Run a stream to its end; Ctrl-C (or SIGTERM) cancels it. Resolves with how it ended. */
function streamToEnd<E>(
  open: (handlers: { next: (e: E) => void; end: (error?: Error) => void }) => { cancel(): void },
  next: (e: E) => void,
): Promise<'ended' | 'cancelled'> {
  return new Promise((resolve, reject) => {
    const done = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    // The client calls no end after a cancel: the cancel is the end.
    const onSignal = () => {
      done();
      sub.cancel();
      resolve('cancelled');
    };
    const sub = open({
      next,
      end: (error) => {
        done();
        if (error) reject(error);
        else resolve('ended');
      },
    });
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

/** The exit code of a command the user interrupted (128 + SIGINT), said as a sentence. */
function interrupted(err: Out, what: string): number {
  err(`${what} was interrupted: what it had done so far stays.\n`);
  return 130;
}

function upProgress(err: Out): (e: ComposeUpEvent) => void {
  return (e) => {
    if (e.t === 'plan') err(e.lines.map((l) => `${l}\n`).join(''));
    else if (e.t === 'step' && e.state === 'done') err(`${e.kind} ${e.target}: ${e.action} done\n`);
    else if (e.t === 'done') err(e.changed.length ? `Up in ${(e.ms / 1000).toFixed(1)} s.\n` : 'Nothing to do: the project is up to date.\n');
  };
}

function imageProgress(err: Out, out: Out): (e: ComposeImageEvent) => void {
  const shown = new Map<string, number>();
  return (e) => {
    if (e.t === 'image') {
      if (e.action === 'skip') err(`${e.service}: skipped ${e.image} (${e.detail ?? 'nothing to do'})\n`);
      else
        err(
          `${e.service}: ${e.state === 'working' ? `${e.action === 'pull' ? 'pulling' : 'building'} ${e.image}…` : `${e.action === 'pull' ? 'pulled' : 'built'} ${e.image}`}\n`,
        );
    } else if (e.t === 'progress') {
      // A line per tenth, not per engine message.
      const tenth = Math.floor(e.fraction * 10);
      if ((shown.get(e.image) ?? -1) < tenth) {
        shown.set(e.image, tenth);
        err(`${e.service}: ${e.image} ${Math.round(e.fraction * 100)}%\n`);
      }
    } else if (e.t === 'log') out(e.text.endsWith('\n') ? e.text : `${e.text}\n`);
    else err(e.images.length ? `Done in ${(e.ms / 1000).toFixed(1)} s: ${e.images.join(', ')}.\n` : 'Nothing to do.\n');
  };
}

function logPrinter(values: ComposeValues, out: Out): (l: ComposeLogLine) => void {
  const colour = wantColour({ noColor: values['no-color'] === true, isTTY: process.stdout.isTTY === true, env: process.env });
  const p = new LogPrefixer(colour, { timestamps: values.timestamps === true, prefix: values['no-log-prefix'] !== true });
  return (l) => out(p.format(l));
}

function tailOf(v: unknown): number | 'all' {
  if (v === undefined || v === 'all') return 'all';
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new UsageProblem(`--tail takes a number of lines or "all", not "${String(v)}".`);
  return Number(v);
}

/** Run one engine command. */
export async function engineCommand(
  command: string,
  values: ComposeValues,
  args: string[],
  connect: () => Promise<RpcClient>,
  out: Out,
  err: Out,
): Promise<number> {
  if (command !== 'exec' && !TAKES_ARGS.has(command) && args.length) return usageError(`${command} takes no arguments, not "${args.join(' ')}".`);
  const exec = command === 'exec' ? parseExecArgs(args) : undefined;
  if (exec && 'error' in exec) return usageError(exec.error);
  const scale = command === 'scale' || command === 'up' ? parseScaleArgs(command === 'scale' ? args : ((values.scale as string[] | undefined) ?? [])) : {};
  if ('error' in scale) return usageError(scale.error as string);
  if (command === 'scale' && !Object.keys(scale).length) return usageError('scale needs SERVICE=N, e.g. berth compose scale web=3.');
  if (command === 'up' && values.detach && (values['abort-on-container-exit'] || values['exit-code-from'] !== undefined))
    return usageError('--abort-on-container-exit and --exit-code-from watch an attached up: leave out -d.');
  if (values.rmi !== undefined && values.rmi !== 'local' && values.rmi !== 'all') return usageError(`--rmi takes local or all, not "${String(values.rmi)}".`);
  let tail: number | 'all' = 'all';
  try {
    tail = tailOf(values.tail);
  } catch (e) {
    return usageError((e as Error).message);
  }
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
        const request = { project, removeOrphans, scale, services: args };
        if (values['dry-run']) {
          const { lines } = await rpc.call('compose.plan', request);
          out(lines.length ? lines.map((l) => `${l}\n`).join('') : 'Nothing to do: the project is up to date.\n');
          return 0;
        }
        const exitCodeFrom = typeof values['exit-code-from'] === 'string' ? values['exit-code-from'] : undefined;
        if (exitCodeFrom !== undefined) {
          // Checked before anything changes: the service must be one this up brings up.
          const { plan } = await rpc.call('compose.plan', request);
          const names = plan.services.map((s) => s.name);
          if (!names.includes(exitCodeFrom)) {
            err(
              `--exit-code-from ${exitCodeFrom}: "${exitCodeFrom}" is not among the services up brings up (${names.join(', ') || 'none'}). Nothing was changed.\n`,
            );
            return 1;
          }
        }
        const since = Math.floor(Date.now() / 1000);
        let planned: ComposePlan | undefined;
        const progress = upProgress(err);
        const onEvent = (e: ComposeUpEvent) => {
          if (e.t === 'plan') planned = e.plan;
          progress(e);
        };
        if ((await streamToEnd<ComposeUpEvent>((h) => rpc.stream('compose.up', request, h), onEvent)) === 'cancelled') return interrupted(err, 'up');
        if (values.detach) return 0;
        return await attached(rpc, project, since, values, out, err, {
          services: args,
          planned: planned?.services ?? [],
          abort: values['abort-on-container-exit'] === true || exitCodeFrom !== undefined,
          exitCodeFrom,
        });
      }
      case 'scale':
        if ((await streamToEnd<ComposeUpEvent>((h) => rpc.stream('compose.scale', { project, scale }, h), upProgress(err))) === 'cancelled')
          return interrupted(err, 'scale');
        return 0;
      case 'down': {
        const r = await rpc.call('compose.down', {
          project,
          volumes: values.volumes === true || values.v === true,
          removeOrphans: values['remove-orphans'] === true,
          ...(values.rmi ? { rmi: values.rmi as 'local' | 'all' } : {}),
        });
        const said = [
          r.containers.length ? `containers ${r.containers.join(', ')}` : '',
          r.networks.length ? `networks ${r.networks.join(', ')}` : '',
          r.volumes.length ? `volumes ${r.volumes.join(', ')}` : '',
          r.images?.length ? `images ${r.images.join(', ')}` : '',
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
      case 'logs': {
        const print = logPrinter(values, out);
        await streamToEnd<ComposeLogLine>(
          (h) => rpc.stream('compose.logs', { project, services: args, follow: values.follow === true, tail, timestamps: values.timestamps === true }, h),
          print,
        );
        return 0;
      }
      case 'exec':
        return await runExec(rpc, project, exec as Exclude<typeof exec, { error: string } | undefined>, err);
      case 'pull':
        await streamToEnd<ComposeImageEvent>(
          (h) => rpc.stream('compose.pull', { project, services: args, noCache: false, pull: false }, h),
          imageProgress(err, out),
        );
        return 0;
      case 'build':
        await streamToEnd<ComposeImageEvent>(
          (h) => rpc.stream('compose.build', { project, services: args, noCache: values['no-cache'] === true, pull: values.pull === true }, h),
          imageProgress(err, out),
        );
        return 0;
      default: {
        const names = await rpc.call('compose.act', { project, action: command as 'stop' | 'start' | 'restart', services: args });
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

/** How an attached `up` watches its project. */
interface Attach {
  /** The services named on the command line (all when none). */
  readonly services: readonly string[];
  /** The services this up brought up (the named ones with their dependencies), from its plan. */
  readonly planned: ComposePlan['services'];
  /** --abort-on-container-exit (or --exit-code-from): the first container to exit stops the others. */
  readonly abort: boolean;
  readonly exitCodeFrom?: string;
}

/**
 * `up` without -d: the merged log of the project (of the services named) from when `up` began, until Ctrl-C
 * (or SIGTERM), which stops what up brought up, or until every container has exited, as docker compose does.
 * With --abort-on-container-exit, the first container to exit stops the others, and its code (or, with
 * --exit-code-from, that service's) is the exit code.
 */
async function attached(rpc: RpcClient, project: ComposeProjectInput, since: number, values: ComposeValues, out: Out, err: Out, how: Attach): Promise<number> {
  const print = logPrinter(values, out);
  err('Attached to the project’s log: Ctrl-C stops the project (berth compose up -d leaves it running).\n');
  const services =
    how.exitCodeFrom && how.services.length && !how.services.includes(how.exitCodeFrom) ? [...how.services, how.exitCodeFrom] : [...how.services];
  const ignore = how.abort ? oneShotDependencies(how.planned) : [];
  // What up brought up is what stops: the named services with their dependencies, or the whole project.
  const stopped = how.services.length ? how.planned.map((s) => s.name) : [];
  const stop = async () => {
    const names = await rpc.call('compose.act', { project, action: 'stop', services: stopped });
    err(`Stopped ${names.join(', ')}.\n`);
  };
  // Ctrl-C is the way out of an attached up: it ends the log, then the project stops. The log also ends by
  // itself when every container has exited (then there is nothing to stop), or, when aborting, when one has.
  const ended = await streamToEnd<ComposeLogLine>(
    (h) =>
      rpc.stream(
        'compose.logs',
        { project, services, follow: true, tail: 'all', timestamps: false, since, untilExit: !how.abort, untilFirstExit: how.abort, exitIgnores: ignore },
        h,
      ),
    print,
  );
  if (ended === 'ended' && how.abort) {
    err('Aborting on container exit: stopping the project…\n');
    await stop();
    const result = attachedExitCode(await rpc.call('compose.ps', { project }), { exitCodeFrom: how.exitCodeFrom, sinceMs: since * 1000, ignore });
    err(`${result.because}\n`);
    return result.code;
  }
  if (ended === 'ended') {
    err('Every container of the project has exited.\n');
    return 0;
  }
  err('Stopping…\n');
  await stop();
  return 0;
}
