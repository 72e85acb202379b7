/**
 * `berth`: the command line. Run as `npm run -s berth -- <command>`.
 * Every failure ends in one sentence on stderr and a non-zero exit; no stack traces.
 */
import { defaultHome, engineLogFor, layout } from './engine/paths.js';
import { tailFile, followFile, fileSize } from './engine/logs.js';
import { engineModeSchema, dockerHostSchema, HOST_FIX_IDS, type EngineMode, type HostFixId } from './contract/index.js';
import { connectBackend, engineStatus, ensureBackend, startEngine, stopEngineAndBackend } from './backend/launch.js';
import { startWebHost } from './web/host.js';
import { checkModes, workingModes } from './engine/checks.js';
import { runHostFix } from './engine/rootless-host.js';
import { readSettings } from './settings/index.js';
import { formatPlanSize } from './contract/format.js';
import { COMPOSE_USAGE, ComposeUsageError, composeMain } from './compose/compose-cli.js';
import { parseFlags, UsageError } from './util/cli-args.js';
import { IMAGE_USAGE, imageMain } from './layers/packages/packages-cli.js';
import { DIFF_USAGE, imageDiffMain } from './layers/diff/diff-cli.js';
import { ENGINES_USAGE, enginesMain } from './engines/index.js';
import { SWARM_USAGE, swarmMain } from './swarm/index.js';
import { COPY_USAGE, imageCopyMain } from './images/copy-cli.js';
import { askYesNo } from './util/ask.js';
import { SERVICE_USAGE, serviceMain } from './services/index.js';
import { STACK_USAGE, stackMain } from './stacks/index.js';

const USAGE = `Usage: berth <command>

  engine up [--mode native|vm|external] [--host DOCKER_HOST]
                       start Berth's engine and print its DOCKER_HOST
  engine down          stop the engine and leave nothing running
  engine status        the engine's status as one JSON object
  engine logs [-n N] [-f]
                       the engine's log (the last N lines; -f follows it)
  engine env           print 'export DOCKER_HOST=…' for your shell
  engine check         what each engine mode needs here, and which will work
  engine fix ID        run one fix that \`engine check\` names (ID: ${HOST_FIX_IDS.join(', ')})
                       as root through pkexec, which asks for your password
  reset [--yes]        list what a reset to factory defaults deletes; with --yes, stop the engine, delete it and start afresh
  diagnostics          save a diagnostics bundle (versions, status, settings without secrets, recent logs) and print its path
  web [--port N]       serve the Berth UI at http://127.0.0.1:N/ with a fresh token
  start                start the engine and open Berth (Electron, else the web UI)
${COMPOSE_USAGE}
${IMAGE_USAGE}
${DIFF_USAGE}
${COPY_USAGE}
${ENGINES_USAGE}
${SWARM_USAGE}
${SERVICE_USAGE}
${STACK_USAGE}

Berth keeps its engine and state in $BERTH_HOME (now ${defaultHome()}).`;

function parsePort(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`"${v}" is not a port number (0-65535).`);
  return n;
}

async function engineUp(home: string, args: string[]): Promise<void> {
  const f = parseFlags(args, { mode: { type: 'string' }, host: { type: 'string' } });
  let mode: EngineMode | undefined;
  if (f.mode) {
    const m = engineModeSchema.safeParse(f.mode);
    if (!m.success) throw new UsageError(`"${f.mode}" is not an engine mode: use native, vm or external.`);
    mode = m.data;
  }
  let host: string | undefined;
  if (f.host) {
    const h = dockerHostSchema.safeParse(f.host);
    if (!h.success) throw new UsageError(h.error.issues[0]!.message);
    host = h.data;
  }
  const before = await engineStatus(home);
  if (before.state === 'running' && (!mode || mode === before.mode) && !host) {
    console.error(
      `Berth's engine is already running (${before.mode}, pid ${before.pid ?? '-'}, up ${before.uptimeSec ?? 0} s); nothing to do. Stop it with \`berth engine down\`.`,
    );
    console.log(`DOCKER_HOST=${before.dockerHost}`);
    return;
  }
  let shown = '';
  const status = await startEngine(home, mode, host, (s) => {
    // Boot stages on stderr, so stdout stays the DOCKER_HOST line alone.
    const line = s.state === 'starting' && s.stage ? `[${s.stage.step}/${s.stage.of}] ${s.stage.label}` : '';
    if (line && line !== shown) console.error((shown = line));
  }).catch(async (err: Error) => {
    // A mode that cannot run here: say which ones would.
    const settings = await readSettings(layout(home).settingsFile);
    const chosen = mode ?? settings.engine.mode;
    const others = workingModes(await checkModes(host ?? settings.engine.host), chosen).filter((m) => m !== chosen);
    if (!others.length) throw err;
    throw new Error(`${err.message.replace(/\.?$/, '.')} Modes that work here: ${others.join(', ')} (\`berth engine up --mode ${others[0]}\`).`);
  });
  if (status.notice) console.error(status.notice);
  console.log(`DOCKER_HOST=${status.dockerHost}`);
}

/** Print each mode's check; exit 1 when no mode can run here. */
async function engineCheck(home: string): Promise<number> {
  const settings = await readSettings(layout(home).settingsFile);
  const checks = await checkModes(settings.engine.host);
  for (const c of checks) {
    console.log(`${c.mode}: ${c.usable ? 'works here' : 'cannot run here'}`);
    for (const p of c.problems)
      console.log(`  - ${p.problem} Fix: ${p.fix}${p.command ? ` Run: ${p.command}` : ''}${p.fixId ? ` (or \`berth engine fix ${p.fixId}\`)` : ''}`);
    for (const n of c.notes) console.log(`  · ${n}`);
  }
  const working = workingModes(checks, settings.engine.mode);
  console.log(
    working.length
      ? `Modes that work here: ${working.join(', ')} (chosen: ${settings.engine.mode}).`
      : 'No engine mode can run here: fix one of the problems above.',
  );
  return working.length ? 0 : 1;
}

/**
 * Run one named fix through pkexec from this process, so that in a terminal
 * pkexec asks for the password there; then print the check again.
 */
async function engineFix(home: string, args: string[]): Promise<number> {
  const option = args.find((a) => a.startsWith('-'));
  if (option) throw new UsageError(`Unknown option "${option}".`);
  const [id, ...extra] = args;
  if (!id || extra.length) throw new UsageError(`Name one fix: ${HOST_FIX_IDS.join(', ')} (\`berth engine check\` says which are needed).`);
  if (!(HOST_FIX_IDS as readonly string[]).includes(id)) throw new UsageError(`"${id}" is not a fix Berth knows: ${HOST_FIX_IDS.join(', ')}.`);
  await runHostFix(id as HostFixId);
  console.error(`Fixed: ${id}.`);
  return engineCheck(home);
}

async function engineLogs(home: string, args: string[]): Promise<void> {
  const f = parseFlags(args, { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } });
  const n = f.lines === undefined ? 200 : Number(f.lines);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`"${f.lines}" is not a line count.`);
  const file = engineLogFor(layout(home), (await engineStatus(home)).mode);
  const from = await fileSize(file);
  for (const line of await tailFile(file, n)) console.log(line);
  if (f.follow) {
    const stop = followFile(file, from, (lines) => lines.forEach((l) => console.log(l)));
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    stop();
  }
}

async function web(home: string, args: string[]): Promise<void> {
  const f = parseFlags(args, { port: { type: 'string' } });
  await ensureBackend(home);
  const host = await startWebHost({ home, port: parsePort(f.port) });
  console.log(`Berth is at ${host.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await host.close();
}

export async function main(argv: string[]): Promise<number> {
  const home = defaultHome();
  const [cmd, sub, ...rest] = argv;
  /** The arguments after the command (the subcommand counts as one). */
  const args = [sub, ...rest].filter((a): a is string => a !== undefined);
  /** Berth's backend, started if it is not running, as a connected client. */
  const backend = async () => {
    await ensureBackend(home);
    const client = await connectBackend(home);
    if (!client) throw new Error("Berth's backend stopped answering.");
    return client;
  };
  try {
    if (cmd === 'engine') {
      switch (sub) {
        case 'up':
          await engineUp(home, rest);
          return 0;
        case 'down': {
          parseFlags(rest, {});
          const { wasRunning } = await stopEngineAndBackend(home);
          console.error(wasRunning ? "Berth's engine stopped." : "Berth's engine was not running.");
          return 0;
        }
        case 'status':
          parseFlags(rest, {});
          console.log(JSON.stringify(await engineStatus(home)));
          return 0;
        case 'logs':
          await engineLogs(home, rest);
          return 0;
        case 'check':
          parseFlags(rest, {});
          return await engineCheck(home);
        case 'fix':
          return await engineFix(home, rest);
        case 'env': {
          parseFlags(rest, {});
          const s = await engineStatus(home);
          const dockerHost = s.dockerHost ?? `unix://${layout(home).engineSocket}`;
          if (s.state !== 'running') console.error(`# Berth's engine is ${s.state}: start it with \`berth engine up\`.`);
          console.log(`export DOCKER_HOST=${dockerHost}`);
          return 0;
        }
        default:
          throw new UsageError(sub ? `Unknown engine command "${sub}".` : 'Missing engine command.');
      }
    }
    if (cmd === 'reset') {
      const f = parseFlags(args, { yes: { type: 'boolean' } });
      const client = await backend();
      try {
        const plan = await client.call('settings.resetPlan', {});
        console.error(
          f.yes ? 'Resetting Berth to factory defaults: stopping the engine and deleting' : 'A reset to factory defaults stops the engine and deletes:',
        );
        for (const i of plan.items) console.error(`  ${i.label} (${i.detail}): ${i.path}, ${formatPlanSize(i)}`);
        console.error(`It keeps: ${plan.kept.join('; ')}.`);
        if (!f.yes) {
          console.error('Nothing was deleted: run `berth reset --yes` to reset.');
          return 0;
        }
        await client.call('settings.reset', { confirm: true });
        console.error('Done: the engine starts again with the defaults (`berth engine status` shows how that goes).');
        return 0;
      } finally {
        client.close();
      }
    }
    if (cmd === 'diagnostics') {
      parseFlags(args, {});
      const client = await backend();
      const d = await client.call('support.diagnostics', {}).finally(() => client.close());
      console.error(`Diagnostics bundle (${(d.bytes / 1024).toFixed(0)} KiB: ${d.files.join(', ')}); attach it to your report:`);
      console.log(d.path);
      return 0;
    }
    if (cmd === 'web') {
      await web(home, args);
      return 0;
    }
    if (cmd === 'start') {
      const { startApp } = await import('./launch/start.js');
      return await startApp(home, args);
    }
    if (cmd === 'compose') return await composeMain(args, backend);
    if (cmd === 'engines')
      return await enginesMain(args, backend, {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
        ask: process.stdin.isTTY ? askYesNo : undefined,
      });
    if (cmd === 'swarm')
      return await swarmMain(args, backend, {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
        ask: process.stdin.isTTY ? askYesNo : undefined,
      });
    if (cmd === 'service')
      return await serviceMain(args, backend, {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
        ask: process.stdin.isTTY ? askYesNo : undefined,
      });
    if (cmd === 'stack')
      return await stackMain(
        args,
        backend,
        { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), ask: process.stdin.isTTY ? askYesNo : undefined },
        { cwd: process.cwd(), environment: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)) },
      );
    if (cmd === 'image' && args[0] === 'copy')
      return await imageCopyMain(args.slice(1), backend, {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
        tty: !!process.stderr.isTTY,
      });
    if (cmd === 'image' && args[0] === 'diff') return await imageDiffMain(args.slice(1), backend, (s) => process.stdout.write(s));
    if (cmd === 'image')
      return await imageMain(
        args,
        backend,
        (s) => process.stdout.write(s),
        (s) => process.stderr.write(s),
      );
    if (cmd === 'help' || cmd === '--help' || cmd === '-h' || cmd === undefined) {
      console.log(USAGE);
      return cmd === undefined ? 2 : 0;
    }
    throw new UsageError(`Unknown command "${cmd}".`);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ComposeUsageError) {
      console.error(`${err.message} Run \`berth help\` for usage.`);
      return 2;
    }
    console.error((err as Error).message ?? String(err));
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
