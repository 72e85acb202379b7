/**
 * Interactive shells in containers: an exec with a TTY on a hijacked stream,
 * the shell picked by probing, output batched and flow-controlled (the engine
 * stops reading the shell when the UI falls behind, so TCP backpressure does
 * the rest), and a hangup when the session is closed.
 */
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { debugShellBanner, shellCandidates, type TerminalEvent, type TerminalUp } from '../contract/terminal.js';
import { DEBUG_ROOT, removeToolbox, startToolbox } from './debug-shell.js';
import type { DuplexSink } from '../rpc/router.js';
import { RpcError } from '../rpc/protocol.js';
import type { Supervisor } from '../provision/supervisor.js';
import { engineError, engineMessage } from './engine-errors.js';
import { ByteBatch, FLOW_START, flowStep, flushDelay, type FlowState } from './terminal-flow.js';
import { isPosixShell, pickShell, sessionCommand, signalCommand, takePidMarker } from './terminal-shell.js';

/** Environment every session gets, so programs use colours (256 and 24-bit). */
const SESSION_ENV = ['TERM=xterm-256color', 'COLORTERM=truecolor'];
/** How long a hung-up shell has before it is killed. */
const HANGUP_GRACE_MS = 1000;
/** How long a killed shell's container is watched for stopping, to tell the two endings apart. */
const STOP_SETTLE_MS = 2000;

export interface OpenInput {
  readonly id: string;
  readonly cols: number;
  readonly rows: number;
  readonly shell?: string;
}

/** Where and how a session runs: in the container with its own shell, or in a debug toolbox beside it. */
interface SessionPlan {
  readonly where: Docker.Container;
  readonly shell: string;
  /** The POSIX shell that runs the wrapper (and later the hangup); none for a bare non-POSIX shell. */
  readonly posix: string | undefined;
  readonly ready: Extract<TerminalEvent, { t: 'ready' }>;
  /** Where the shell starts when the exec cannot start there itself (a debug shell's /proc/1/root). */
  readonly cd?: string;
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
  constructor(private readonly supervisor: Supervisor) {}

  /** Run one shell session until it ends or the UI closes it; an image without a shell gets a debug shell from a toolbox beside it. */
  async open(input: OpenInput, sink: DuplexSink<TerminalEvent, TerminalUp>): Promise<void> {
    const docker = this.supervisor.docker();
    const target = await runningTarget(docker, input.id);
    const candidates = shellCandidates(input.shell);
    const found = await Promise.all(candidates.map((s) => hasShell(target.container, s)));
    const own = pickShell(candidates, found);
    if (own) {
      const posix = pickShell(candidates, found.map((f, i) => f && isPosixShell(candidates[i]!)));
      await this.session(target, { where: target.container, shell: own, posix, ready: { t: 'ready', shell: own, user: target.user, workdir: target.workdir } }, input, sink);
      return;
    }
    const toolbox = await startToolbox(docker, target.container.id, target.name);
    try {
      await this.session(
        target,
        {
          where: toolbox,
          shell: 'sh',
          posix: 'sh',
          cd: DEBUG_ROOT,
          banner: debugShellBanner(target.name, candidates),
          ready: { t: 'ready', shell: 'sh', user: 'root', workdir: DEBUG_ROOT, debug: true },
        },
        input,
        sink,
      );
    } finally {
      await removeToolbox(toolbox);
    }
  }

  private async session(target: Target, plan: SessionPlan, input: OpenInput, sink: DuplexSink<TerminalEvent, TerminalUp>): Promise<void> {
    const { where, posix } = plan;
    let exec: Docker.Exec;
    let socket: Duplex;
    try {
      exec = await where.exec({
        Cmd: sessionCommand(plan.shell, posix, plan.cd),
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
        Env: SESSION_ENV,
      });
      socket = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
    } catch (err) {
      throw new RpcError('engine', `Docker refused to start a shell in ${target.name}: ${engineMessage(err)}`);
    }
    void initialSize(exec, input.cols, input.rows);
    sink.emit(plan.ready);
    if (plan.banner) sink.emit({ t: 'data', data: Buffer.from(plan.banner).toString('base64') });

    let pid: number | undefined;
    let head: Buffer | undefined = Buffer.alloc(0);
    let flow: FlowState = FLOW_START;
    const batch = new ByteBatch();
    let timer: NodeJS.Timeout | undefined;
    let scheduled = false;
    let lastFlush = 0;
    let lastSize = 0;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      scheduled = false;
      if (!batch.size || sink.signal.aborted) return;
      lastFlush = Date.now();
      lastSize = batch.size;
      sink.emit({ t: 'data', data: batch.take().toString('base64') });
    };
    const feed = (chunk: Buffer) => {
      if (!chunk.length) return;
      flow = flowStep(flow, { kind: 'read', bytes: chunk.length });
      if (batch.add(chunk)) flush();
      else if (!scheduled) {
        // Chunks read in the same turn go together; a held-back batch waits out the interval.
        scheduled = true;
        const delay = flushDelay(Date.now(), lastFlush, lastSize);
        if (delay) timer = setTimeout(flush, delay);
        else setImmediate(flush);
      }
      if (flow.paused) socket.pause();
    };
    socket.on('data', (chunk: Buffer) => {
      if (!head) return feed(chunk);
      const r = takePidMarker(Buffer.concat([head, chunk]));
      if (r.kind === 'wait') {
        head = Buffer.concat([head, chunk]);
        return;
      }
      head = undefined;
      if (r.kind === 'found') pid = r.pid;
      feed(r.rest);
    });
    sink.onUp((up) => {
      switch (up.t) {
        case 'input':
          socket.write(Buffer.from(up.data, 'utf8'));
          return;
        case 'resize':
          exec.resize({ h: up.rows, w: up.cols }).catch(() => undefined);
          return;
        case 'ack': {
          const was = flow.paused;
          flow = flowStep(flow, { kind: 'acked', bytes: up.bytes });
          if (was && !flow.paused) socket.resume();
          return;
        }
      }
    });

    await new Promise<void>((resolve) => {
      socket.once('end', () => resolve());
      socket.once('close', () => resolve());
      socket.once('error', () => resolve());
      sink.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    if (sink.signal.aborted) {
      clearTimeout(timer);
      socket.destroy();
      if (pid !== undefined && posix) await hangUp(where, exec, posix, pid);
      return;
    }
    flush();
    socket.destroy();
    sink.emit(await this.endOf(target, exec));
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

/** The container, checked to be running, with its name, user and working dir. */
async function runningTarget(docker: Docker, id: string): Promise<Target> {
  let info: Docker.ContainerInspectInfo;
  try {
    info = await docker.getContainer(id).inspect();
  } catch (err) {
    throw engineError(err);
  }
  const name = info.Name.replace(/^\//, '');
  const s = info.State;
  if (s.Paused) throw new RpcError('conflict', `${name} is paused: unpause it to open a shell.`);
  if (s.Restarting) throw new RpcError('conflict', `${name} is restarting: wait until it runs, then open a shell.`);
  if (!s.Running) throw new RpcError('conflict', `${name} is not running: start it to open a shell.`);
  return { container: docker.getContainer(info.Id), name, user: info.Config.User || 'root', workdir: info.Config.WorkingDir || '/' };
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
    for (const until = Date.now() + HANGUP_GRACE_MS; Date.now() < until; ) {
      if (!(await session.inspect()).Running) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    await send('KILL');
  } catch {
    // The container or engine went away: the shell went with it.
  }
}
