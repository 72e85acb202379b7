/**
 * Interactive shells in containers: an exec with a TTY on a hijacked stream,
 * the shell picked by probing, output batched and flow-controlled (the engine
 * stops reading the shell when the UI falls behind, so TCP backpressure does
 * the rest), and a hangup when the session is closed.
 */
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { attachBanner, DEFAULT_DETACH_KEYS, debugShellBanner, parseDetachKeys, shellCandidates, type TerminalEvent, type TerminalUp } from './contract.js';
import { DEBUG_ROOT, removeToolbox, startToolbox } from './debug-shell.js';
import type { DuplexSink } from '../rpc/router.js';
import { RpcError } from '../rpc/protocol.js';
import { type EngineClient, engineError, engineMessage } from '../engine/index.js';
import { pumpTty, streamPort } from './tty-pump.js';
import { isPosixShell, pickingCommand, pickShell, sessionCommand, signalCommand, takePidMarker } from './terminal-shell.js';

/** Environment every session gets, so programs use colours (256 and 24-bit). */
const SESSION_ENV = ['TERM=xterm-256color', 'COLORTERM=truecolor'];
/** How long a hung-up shell has before it is killed. */
const HANGUP_GRACE_MS = 1000;
/** How long a killed shell's container is watched for stopping, to tell the two endings apart. */
const STOP_SETTLE_MS = 2000;

export interface AttachInput {
  readonly id: string;
  readonly cols: number;
  readonly rows: number;
  readonly detachKeys?: string;
}

export interface OpenInput {
  readonly id: string;
  readonly cols: number;
  readonly rows: number;
  readonly shell?: string;
}

type ReadyEvent = Extract<TerminalEvent, { t: 'ready' }>;

/** Where and how a session runs: in the container with its own shell, or in a debug toolbox beside it. */
interface SessionPlan {
  readonly where: Docker.Container;
  readonly command: string[];
  /** The shell, when known before the exec runs (else the picking wrapper names it). */
  readonly shell?: string;
  /** The command is the picking wrapper: its first output names the shell, or says there is none. */
  readonly picks?: boolean;
  /** The POSIX shell that runs the wrapper (and later the hangup); none for a bare non-POSIX shell. */
  readonly posix: string | undefined;
  readonly ready: (shell: string) => ReadyEvent;
  /** Written on the terminal before the prompt. */
  readonly banner?: string;
}

interface Target {
  readonly container: Docker.Container;
  readonly name: string;
  readonly user: string;
  readonly workdir: string;
}

export class TerminalService {
  constructor(private readonly supervisor: EngineClient) {}

  /**
   * Run one shell session until it ends or the UI closes it. One exec
   * usually does it all: `sh` picks the first candidate shell that exists and
   * becomes it. Without `sh`, the other candidates are probed once each; an
   * image without any shell gets a debug shell from a toolbox beside it.
   */
  async open(input: OpenInput, sink: DuplexSink<TerminalEvent, TerminalUp>): Promise<void> {
    const docker = this.supervisor.docker();
    const { target } = await runningTarget(docker, input.id);
    const candidates = shellCandidates(input.shell);
    const ready = (shell: string): ReadyEvent => ({ t: 'ready', shell, user: target.user, workdir: target.workdir });
    const picked = await this.session(target, { where: target.container, command: pickingCommand(candidates), posix: 'sh', ready, picks: true }, input, sink);
    if (picked === 'ran') return;

    // `sh` itself is missing (or found nothing): probe what is left, each once.
    const rest = picked === 'no-sh' ? candidates.filter((c) => c !== 'sh') : [];
    const found = await Promise.all(rest.map((s) => hasShell(target.container, s)));
    const own = pickShell(rest, found);
    if (own) {
      const posix = pickShell(
        rest,
        found.map((f, i) => f && isPosixShell(rest[i]!)),
      );
      await this.session(target, { where: target.container, command: sessionCommand(own, posix), posix, ready, shell: own }, input, sink);
      return;
    }
    const toolbox = await startToolbox(docker, target.container.id, target.name);
    try {
      await this.session(
        target,
        {
          where: toolbox,
          command: sessionCommand('sh', 'sh', DEBUG_ROOT),
          shell: 'sh',
          posix: 'sh',
          banner: debugShellBanner(target.name, candidates),
          ready: () => ({ t: 'ready', shell: 'sh', user: 'root', workdir: DEBUG_ROOT, debug: true }),
        },
        input,
        sink,
      );
    } finally {
      await removeToolbox(toolbox);
    }
  }

  /**
   * Run one exec as the session. A picking wrapper's session says 'no-sh'
   * (the exec could not start `sh`) or 'none-found' without the UI seeing anything.
   */
  private async session(
    target: Target,
    plan: SessionPlan,
    input: OpenInput,
    sink: DuplexSink<TerminalEvent, TerminalUp>,
  ): Promise<'ran' | 'no-sh' | 'none-found'> {
    const { where, posix } = plan;
    let exec: Docker.Exec;
    let socket: Duplex;
    try {
      exec = await where.exec({ Cmd: plan.command, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Env: SESSION_ENV });
      socket = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
    } catch (err) {
      throw new RpcError('engine', `Docker refused to start a shell in ${target.name}: ${engineMessage(err)}`);
    }
    void initialSize(exec, input.cols, input.rows);
    const begin = (shell: string) => {
      sink.emit(plan.ready(shell));
      if (plan.banner) sink.emit({ t: 'data', data: Buffer.from(plan.banner).toString('base64') });
    };
    if (!plan.picks) begin(plan.shell!);

    // The wrapper prints the shell's pid (and the shell it picked) first, so a hangup can reach it later.
    let pid: number | undefined;
    let failed: 'no-sh' | 'none-found' | undefined;
    let head: Buffer | undefined = Buffer.alloc(0);
    const port = streamPort(
      socket,
      (cols, rows) => void exec.resize({ h: rows, w: cols }).catch(() => undefined),
      (chunk, emit) => {
        if (!head) return emit(chunk);
        const r = takePidMarker(Buffer.concat([head, chunk]));
        if (r.kind === 'wait') {
          head = Buffer.concat([head, chunk]);
          return;
        }
        head = undefined;
        if (plan.picks && r.kind !== 'found') {
          // Not the wrapper speaking: the engine's own error (no `sh` here), or the wrapper found no shell.
          failed = r.kind === 'none' ? 'none-found' : 'no-sh';
          socket.destroy();
          return;
        }
        if (r.kind === 'none') return;
        if (r.kind === 'found') {
          pid = r.pid;
          if (plan.picks) begin(r.shell ?? 'sh');
        }
        emit(r.rest);
      },
    );
    const how = await pumpTty(port, sink);
    socket.destroy();
    if (how === 'closed') {
      if (pid !== undefined && posix) await hangUp(where, exec, posix, pid);
      return 'ran';
    }
    if (plan.picks && pid === undefined) return failed ?? 'no-sh';
    sink.emit(await this.endOf(target, exec));
    return 'ran';
  }

  /**
   * Attach to the main process of a container run with -it (`docker attach`).
   * The engine watches for the detach keys itself; closing the session detaches too.
   */
  async attach(input: AttachInput, sink: DuplexSink<TerminalEvent, TerminalUp>): Promise<void> {
    const keysText = input.detachKeys ?? DEFAULT_DETACH_KEYS;
    const keys = parseDetachKeys(keysText);
    if (!keys.ok) throw new RpcError('bad_request', keys.message);
    const docker = this.supervisor.docker();
    const { target, info } = await runningTarget(docker, input.id, 'attach to it');
    if (!info.Config.OpenStdin || !info.Config.Tty) {
      const missing = !info.Config.OpenStdin && !info.Config.Tty ? '-i and -t' : !info.Config.OpenStdin ? '-i' : '-t';
      throw new RpcError(
        'conflict',
        `${target.name} was not run with ${missing}, so its main process takes no keyboard: open a shell in it instead, or read its logs.`,
      );
    }
    let socket: Duplex;
    try {
      socket = (await target.container.attach({
        stream: true,
        stdin: true,
        stdout: true,
        stderr: true,
        hijack: true,
        detachKeys: keysText,
      })) as unknown as Duplex;
    } catch (err) {
      throw new RpcError('engine', `Docker refused to attach to ${target.name}: ${engineMessage(err)}`);
    }
    const resize = (cols: number, rows: number) => void target.container.resize({ h: rows, w: cols }).catch(() => undefined);
    sink.emit({ t: 'ready', shell: info.Path || 'main process', user: target.user, workdir: target.workdir, detachKeys: keysText });
    sink.emit({ t: 'data', data: Buffer.from(attachBanner(target.name, keys.label)).toString('base64') });
    // Take this terminal's size; a program that redraws on SIGWINCH (shells, editors) shows its screen again.
    resize(input.cols, input.rows);
    const typed = new InputTail(keys.bytes.length);
    const port = streamPort(socket, resize);
    const write = port.write;
    port.write = (data) => {
      typed.add(data);
      write(data);
    };
    const how = await pumpTty(port, sink);
    socket.destroy();
    if (how === 'closed') return;
    sink.emit(await attachEnd(target, typed.endsWith(keys.bytes), keys.label));
  }

  /** Why the shell's stream ended, as the session's last event. */
  private async endOf(target: Target, exec: Docker.Exec): Promise<TerminalEvent> {
    try {
      const code = (await exec.inspect()).ExitCode ?? undefined;
      // A shell killed by a signal may be the container stopping: its state changes a moment after the stream ends.
      const deadline = Date.now() + (code === undefined || code > 128 ? STOP_SETTLE_MS : 0);
      for (;;) {
        if (!(await target.container.inspect()).State.Running) {
          return { t: 'exit', reason: 'container-stopped', message: `${target.name} stopped, which ended this shell. Start it again, then press Reconnect.` };
        }
        if (Date.now() >= deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      return { t: 'exit', reason: 'exited', code, message: `The shell exited${code === undefined ? '' : ` (code ${code})`}. Press Reconnect for a new one.` };
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        return { t: 'exit', reason: 'container-stopped', message: `${target.name} was removed, which ended this shell.` };
      }
      return { t: 'exit', reason: 'engine-gone', message: 'The engine stopped, which ended this shell. Start the engine, then press Reconnect.' };
    }
  }
}

/** Why an attach stream ended: the detach keys, the main process exiting, or the engine going away. */
async function attachEnd(target: Target, sawKeys: boolean, keysLabel: string): Promise<TerminalEvent> {
  try {
    // The process may have just exited: the container's state changes a moment after the stream ends.
    for (const until = Date.now() + (sawKeys ? 0 : STOP_SETTLE_MS); ;) {
      const s = (await target.container.inspect()).State;
      if (!s.Running) {
        return {
          t: 'exit',
          reason: 'container-stopped',
          code: s.ExitCode,
          message: `The main process of ${target.name} exited (code ${s.ExitCode}), so the container stopped. Start it again, then press Reconnect.`,
        };
      }
      if (Date.now() >= until) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return {
      t: 'exit',
      reason: 'detached',
      message: sawKeys
        ? `Detached (${keysLabel}); ${target.name} keeps running. Press Reconnect to attach again.`
        : `The attach stream closed; ${target.name} keeps running. Press Reconnect to attach again.`,
    };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404)
      return { t: 'exit', reason: 'container-stopped', message: `${target.name} was removed, which ended this session.` };
    return { t: 'exit', reason: 'engine-gone', message: 'The engine stopped, which ended this session. Start the engine, then press Reconnect.' };
  }
}

/** The last few bytes typed, to tell a detach from the process ending. */
class InputTail {
  private tail = Buffer.alloc(0);
  constructor(private readonly keep: number) {}
  add(data: Buffer): void {
    const all = Buffer.concat([this.tail, data]);
    this.tail = all.subarray(Math.max(0, all.length - this.keep));
  }
  endsWith(bytes: readonly number[]): boolean {
    return this.tail.length === bytes.length && bytes.every((b, i) => this.tail[i] === b);
  }
}

/** The container, checked to be running, with its name, user and working dir. */
async function runningTarget(docker: Docker, id: string, verb = 'open a shell'): Promise<{ target: Target; info: Docker.ContainerInspectInfo }> {
  let info: Docker.ContainerInspectInfo;
  try {
    info = await docker.getContainer(id).inspect();
  } catch (err) {
    throw engineError(err);
  }
  const name = info.Name.replace(/^\//, '');
  const s = info.State;
  if (s.Paused) throw new RpcError('conflict', `${name} is paused: unpause it to ${verb}.`);
  if (s.Restarting) throw new RpcError('conflict', `${name} is restarting: wait until it runs, then ${verb}.`);
  if (!s.Running) throw new RpcError('conflict', `${name} is not running: start it to ${verb}.`);
  return { target: { container: docker.getContainer(info.Id), name, user: info.Config.User || 'root', workdir: info.Config.WorkingDir || '/' }, info };
}

/** True when `shell -c 'exit 0'` runs in the container (as its user, in its working dir). */
async function hasShell(container: Docker.Container, shell: string): Promise<boolean> {
  try {
    const exec = await container.exec({ Cmd: [shell, '-c', 'exit 0'], AttachStdout: true, AttachStderr: true });
    const out = (await exec.start({ Detach: false, Tty: false })) as unknown as NodeJS.ReadableStream;
    await new Promise<void>((resolve) => {
      out.on('end', resolve);
      out.on('error', () => resolve());
      out.resume();
    });
    return (await exec.inspect()).ExitCode === 0;
  } catch (err) {
    // A container that stopped meanwhile is an error to report, not a missing shell.
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 409 || status === 404) throw engineError(err);
    return false;
  }
}

/**
 * Give the new TTY its size. The engine (before API 1.42) takes no size at
 * start, and refuses a resize until the process runs, so try a few times, as
 * the docker CLI does.
 */
async function initialSize(exec: Docker.Exec, cols: number, rows: number): Promise<void> {
  for (let i = 0; i < 20; i++) {
    try {
      await exec.resize({ h: rows, w: cols });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** Hang up the shell as a closing terminal would, then kill it if it is still there after a grace period. */
async function hangUp(container: Docker.Container, session: Docker.Exec, posix: string, pid: number): Promise<void> {
  const send = async (signal: 'HUP' | 'KILL') => {
    const e = await container.exec({ Cmd: signalCommand(posix, pid, signal), User: '0' });
    await e.start({ Detach: true });
  };
  try {
    await send('HUP');
    for (const until = Date.now() + HANGUP_GRACE_MS; Date.now() < until;) {
      if (!(await session.inspect()).Running) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    await send('KILL');
  } catch {
    // The container or engine went away: the shell went with it.
  }
}
