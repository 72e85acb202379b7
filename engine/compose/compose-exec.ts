/**
 * `berth compose exec [--index N] [-T] [-e K=V]… [-w DIR] [-u USER] SERVICE CMD…`: run a command in a service's
 * container, as `docker compose exec`. Berth's backend names the container; the command then runs on the engine
 * itself, with this terminal's stdin and stdout: with a TTY (raw mode, resized with the window) when stdin is a
 * terminal and -T is not given, else with stdout and stderr apart. Ends with the command's exit code.
 */
import Docker from 'dockerode';
import { parseDockerHost } from '../engine/index.js';
import type { RpcClient } from '../rpc/client.js';
import type { ComposeProjectInput } from './contract.js';

/** What `exec` was asked, from its command line. */
export interface ExecArgs {
  readonly service: string;
  readonly command: readonly string[];
  readonly index: number;
  readonly noTty: boolean;
  readonly env: readonly string[];
  readonly workdir?: string;
  readonly user?: string;
}

/** Read `exec`'s arguments: its options come before SERVICE; everything after SERVICE is the command (pure). */
export function parseExecArgs(args: readonly string[]): ExecArgs | { error: string } {
  let index = 1;
  let noTty = false;
  const env: string[] = [];
  let workdir: string | undefined;
  let user: string | undefined;
  let i = 0;
  const value = (flag: string): string | { error: string } => {
    const v = args[++i];
    return v === undefined ? { error: `${flag} needs a value.` } : v;
  };
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a === '-') break;
    if (a === '--') {
      i++;
      break;
    }
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = (): string | { error: string } => inline ?? value(flag);
    if (flag === '-T' || flag === '--no-TTY' || flag === '--no-tty') noTty = true;
    else if (flag === '-i' || flag === '--interactive' || flag === '-t' || flag === '--tty' || flag === '-d' || flag === '--detach') {
      if (flag === '-d' || flag === '--detach') return { error: 'exec --detach is not supported: run the command without -d.' };
      // -i and -t are the defaults of compose exec.
    } else if (flag === '--index' || flag === '-e' || flag === '--env' || flag === '-w' || flag === '--workdir' || flag === '-u' || flag === '--user') {
      const v = take();
      if (typeof v !== 'string') return v;
      if (flag === '--index') {
        if (!/^\d+$/.test(v) || Number(v) < 1) return { error: `--index takes a container number from 1, not "${v}".` };
        index = Number(v);
      } else if (flag === '-e' || flag === '--env') env.push(v);
      else if (flag === '-w' || flag === '--workdir') workdir = v;
      else user = v;
    } else return { error: `exec does not take ${flag}.` };
  }
  const [service, ...command] = args.slice(i);
  if (!service) return { error: 'exec needs a service and a command, e.g. berth compose exec web sh.' };
  if (!command.length) return { error: `exec needs a command to run in ${service}, e.g. berth compose exec ${service} sh.` };
  return { service, command, index, noTty, env, ...(workdir ? { workdir } : {}), ...(user ? { user } : {}) };
}

/** Run the command; resolves with its exit code. */
export async function runExec(rpc: RpcClient, project: ComposeProjectInput, a: ExecArgs, err: (s: string) => void): Promise<number> {
  const target = await rpc.call('compose.container', { project, service: a.service, index: a.index });
  if (target.state !== 'running') {
    err(`${target.name} is ${target.state}, not running: start it first (berth compose start).\n`);
    return 1;
  }
  const status = await rpc.call('engine.status', {});
  if (!status.dockerHost) {
    err("Berth's engine is not running: start it with berth engine up.\n");
    return 1;
  }
  const ep = parseDockerHost(status.dockerHost);
  const docker = new Docker(ep.socketPath ? { socketPath: ep.socketPath } : { host: ep.host, port: ep.port });
  const stdin = process.stdin;
  const tty = !a.noTty && stdin.isTTY === true;
  const exec = await docker.getContainer(target.id).exec({
    Cmd: [...a.command],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: tty,
    ...(a.env.length ? { Env: [...a.env] } : {}),
    ...(a.workdir ? { WorkingDir: a.workdir } : {}),
    ...(a.user ? { User: a.user } : {}),
  });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: tty })) as NodeJS.ReadWriteStream & { end(): void };
  const resize = () => void exec.resize({ h: process.stdout.rows, w: process.stdout.columns }).catch(() => undefined);
  if (tty) {
    stdin.setRawMode(true);
    stream.pipe(process.stdout);
    resize();
    process.stdout.on('resize', resize);
  } else docker.modem.demuxStream(stream, process.stdout, process.stderr);
  stdin.pipe(stream);
  // stdin at its end (a pipe, /dev/null): the command reads end-of-file, its output goes on.
  stdin.on('end', () => stream.end());
  try {
    await new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
  } finally {
    stdin.unpipe(stream);
    if (tty) {
      stdin.setRawMode(false);
      process.stdout.off('resize', resize);
    }
    stdin.pause();
  }
  // The output can end a moment before the engine records the exit.
  for (let tries = 0; ; tries++) {
    const info = await exec.inspect();
    if (!info.Running || tries >= 100) return info.ExitCode ?? 0;
    await new Promise((r) => setTimeout(r, 20));
  }
}
