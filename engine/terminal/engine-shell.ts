/**
 * The engine shell: the user's own shell on this computer, in a PTY, with
 * DOCKER_HOST pointing at Berth's engine, so their docker CLI (and anything
 * else that reads DOCKER_HOST) drives it from inside the app.
 *
 * The PTY comes from node-pty, a native module built when Berth is installed;
 * where it could not be built, the engine shell says so and everything else works.
 */
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { IPty } from 'node-pty';
import { engineShellBanner, type TerminalEvent, type TerminalUp } from './contract.js';
import type { Supervisor } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { DuplexSink } from '../rpc/router.js';
import { pumpTty, type TtyPort } from './tty-pump.js';

/** How long a hung-up shell has before it is killed. */
const HANGUP_GRACE_MS = 1000;

type PtyModule = typeof import('node-pty');
let ptyModule: PtyModule | Error | undefined;

/** node-pty, loaded once; an Error with a sentence when it is not installed or not built. */
function loadPty(): PtyModule | Error {
  if (!ptyModule) {
    try {
      ptyModule = createRequire(import.meta.url)('node-pty') as PtyModule;
    } catch (err) {
      ptyModule = new Error(
        `The engine shell needs the node-pty module, which is not built on this computer (${(err as Error).message.split('\n')[0]}). ` +
          'Install python3, make and a C++ compiler, then run npm rebuild node-pty in Berth’s folder.',
      );
    }
  }
  return ptyModule;
}

/** The user's login shell, or a shell that every system has. */
export function userShell(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return env.ComSpec || 'cmd.exe';
  return env.SHELL || '/bin/sh';
}

/** The environment of an engine shell: the backend's own, pointed at Berth's engine (a docker context would win over DOCKER_HOST, so it goes). */
export function engineShellEnv(base: NodeJS.ProcessEnv, dockerHost: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && k !== 'DOCKER_CONTEXT' && k !== 'DOCKER_TLS_VERIFY' && k !== 'DOCKER_CERT_PATH') env[k] = v;
  return { ...env, DOCKER_HOST: dockerHost, TERM: 'xterm-256color', COLORTERM: 'truecolor', BERTH_ENGINE_SHELL: '1' };
}

/** True when an executable `docker` is on PATH. */
async function hasDockerCli(path: string | undefined): Promise<boolean> {
  const names = process.platform === 'win32' ? ['docker.exe'] : ['docker'];
  for (const dir of (path ?? '').split(delimiter).filter(Boolean)) {
    for (const n of names) {
      if (
        await access(join(dir, n), constants.X_OK).then(
          () => true,
          () => false,
        )
      )
        return true;
    }
  }
  return false;
}

export class EngineShellService {
  constructor(private readonly supervisor: Supervisor) {}

  /** Run one engine shell until it exits or the UI closes it. */
  async open(input: { cols: number; rows: number }, sink: DuplexSink<TerminalEvent, TerminalUp>): Promise<void> {
    const status = this.supervisor.status();
    if (status.state !== 'running' || !status.dockerHost) {
      throw new RpcError('conflict', 'The engine is not running: start it, then open the engine shell (it points the docker CLI at the running engine).');
    }
    const pty = loadPty();
    if (pty instanceof Error) throw new RpcError('internal', pty.message);
    const env = engineShellEnv(process.env, status.dockerHost);
    const shell = userShell(env);
    let child: IPty;
    try {
      child = pty.spawn(shell, [], { name: 'xterm-256color', cols: input.cols, rows: input.rows, cwd: homedir(), env, encoding: null });
    } catch (err) {
      throw new RpcError('engine', `Could not start ${shell}: ${(err as Error).message}.`);
    }
    let exitCode: number | undefined;
    const ended = new Promise<void>((resolve) =>
      child.onExit(({ exitCode: code }) => {
        exitCode = code;
        resolve();
      }),
    );
    sink.emit({ t: 'ready', shell, user: env.USER ?? env.USERNAME ?? '', workdir: homedir(), dockerHost: status.dockerHost });
    sink.emit({ t: 'data', data: Buffer.from(engineShellBanner(status.dockerHost, await hasDockerCli(env.PATH))).toString('base64') });
    const port: TtyPort = {
      // With `encoding: null` node-pty hands over raw bytes; its typings still say string.
      onData: (fn) => void child.onData((d: string | Buffer) => fn(typeof d === 'string' ? Buffer.from(d, 'utf8') : d)),
      write: (data) => child.write(data as unknown as string),
      resize: (cols, rows) => {
        if (exitCode === undefined) child.resize(cols, rows);
      },
      pause: () => child.pause(),
      resume: () => child.resume(),
      ended,
    };
    const how = await pumpTty(port, sink);
    if (how === 'closed') {
      await hangUp(child, ended);
      return;
    }
    sink.emit({
      t: 'exit',
      reason: 'exited',
      code: exitCode,
      message: `The shell exited${exitCode === undefined ? '' : ` (code ${exitCode})`}. Press Reconnect for a new one.`,
    });
  }
}

/** Hang the shell up as a closing terminal window would, and kill it if it is still there after a grace period. */
async function hangUp(child: IPty, ended: Promise<void>): Promise<void> {
  try {
    child.kill(process.platform === 'win32' ? undefined : 'SIGHUP');
  } catch {
    return;
  }
  const gone = await Promise.race([ended.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), HANGUP_GRACE_MS))]);
  if (!gone) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
