/**
 * Native mode for a user who is not root: the same private dockerd (data-root,
 * exec-root, pidfile and socket under the Berth home), started inside
 * RootlessKit's user, mount and network namespaces. slirp4netns carries the
 * containers' traffic out through the host's own sockets, and RootlessKit's
 * builtin port driver listens on the host address a port is published on
 * and hands each connection into the namespace.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, promises as fs, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EngineLimits } from './contract.js';
import type { EngineDriver, EngineExit, RunningEngine } from './driver.js';
import { dockerGet, engineVersion, ping } from './driver.js';
import { findEngineBinaries } from './binaries.js';
import { MAX_SOCKET_PATH, type HomeLayout } from './paths.js';
import { chosenBridge, isOurDockerd, prepareHome, rotateLog, terminate, watchPid } from './native.js';
import { killStrays } from './strays.js';
import { lastErrorLine } from './logs.js';
import { findProgram, rootlessFacts } from './rootless-host.js';
import { rootlessProblems } from './rootless-checks.js';
import { rootlessExit, rootlessStartFailure } from './rootless-log.js';
import { isAlive, readPidfile, sleep, waitForExit } from '../util/fs.js';

const READY_TIMEOUT_MS = 60_000;

/** RootlessKit's state (its API socket, the child's pid, its lock), under the home's run folder. */
export const rootlessStateDir = (l: HomeLayout) => join(l.runDir, 'rootlesskit');

/**
 * RootlessKit's flags: slirp4netns for the network (sandboxed, with its
 * seccomp filter where it can), the host's loopback closed to containers,
 * the builtin port driver (faster than slirp4netns's, which would carry
 * inbound traffic through slirp's user-mode TCP stack; the source address of
 * a connection is not kept, which Berth does not show), private copies of
 * /etc and /run so the engine can write resolv.conf and its locks, and host
 * mounts propagating into the namespace.
 */
export function rootlesskitArgs(stateDir: string): string[] {
  return [
    `--state-dir=${stateDir}`,
    '--net=slirp4netns',
    '--mtu=65520',
    '--slirp4netns-sandbox=auto',
    '--slirp4netns-seccomp=auto',
    '--disable-host-loopback',
    '--port-driver=builtin',
    '--copy-up=/etc',
    '--copy-up=/run',
    '--propagation=rslave',
  ];
}

/**
 * Run inside the namespaces before dockerd: the copied-up /run holds links
 * to the host's /run/docker, /run/containerd and iptables lock, which the
 * engine must not use; they are removed in its private copy only.
 */
const CHILD_SCRIPT = 'rm -f /run/docker /run/containerd /run/xtables.lock; exec "$0" "$@"';

/**
 * The rootless dockerd's flags. Unlike the root engine it keeps iptables on:
 * its rules live in RootlessKit's network namespace, where they masquerade
 * the containers' traffic out through slirp4netns and touch nothing on the host.
 */
export function rootlessDockerdArgs(l: HomeLayout, bip: string): string[] {
  return [
    '--config-file',
    l.daemonConfig,
    '--data-root',
    l.dataRoot,
    '--exec-root',
    l.execRoot,
    '--pidfile',
    l.enginePidfile,
    '--host',
    `unix://${l.engineSocket}`,
    // Inside the namespace, root's group is the user's own.
    '--group',
    'root',
    // A subnet clear of the host's ranges, so every host address stays reachable through slirp4netns.
    '--bip',
    bip,
  ];
}

/** Pure: what `/info` says about limits, as the run dialog needs it. */
export function limitsFromInfo(info: { MemoryLimit?: boolean; CpuCfsQuota?: boolean; CgroupVersion?: string }): EngineLimits | undefined {
  if (info.MemoryLimit && info.CpuCfsQuota) return undefined;
  return {
    available: false,
    reason:
      info.CgroupVersion === '1'
        ? 'The rootless engine cannot limit memory or CPU here: this machine boots with cgroup v1, and rootless containers get limits only with cgroup v2.'
        : 'The rootless engine cannot limit memory or CPU here: the memory and cpu cgroup controllers are not delegated to your user (systemd: Delegate=memory cpu for user@.service).',
  };
}

/** The rootless engine of one Berth home. */
export class RootlessDriver implements EngineDriver {
  readonly mode = 'native' as const;
  constructor(
    private readonly l: HomeLayout,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async start(signal: AbortSignal): Promise<RunningEngine> {
    const l = this.l;
    const stateDir = rootlessStateDir(l);
    if (process.platform !== 'linux') throw new Error('Native mode runs dockerd directly and needs Linux: use VM mode.');
    if (
      l.engineSocket.length > MAX_SOCKET_PATH ||
      `${l.execRoot}/containerd/containerd.sock.ttrpc`.length > MAX_SOCKET_PATH ||
      `${stateDir}/api.sock`.length > MAX_SOCKET_PATH
    ) {
      throw new Error(`The Berth home ${l.home} is too long a path for the engine's sockets: set BERTH_HOME to a shorter folder.`);
    }
    const { problems } = rootlessProblems(await rootlessFacts(this.env));
    if (problems.length) {
      const first = problems[0]!;
      throw new Error(
        `The rootless engine cannot start: ${first.problem.replace(/\.$/, '')}. ${first.fix} Run \`${first.command}\`${problems.length > 1 ? ` (and see \`berth engine check\` for ${problems.length - 1} more)` : ''}.`,
      );
    }
    await prepareHome(l);
    const bins = findEngineBinaries(this.env);
    const rootlesskit = findProgram('rootlesskit', this.env)!;

    const adopted = await this.recover();
    if (adopted) return adopted;

    const bridge = await chosenBridge(l);
    await fs.writeFile(l.daemonConfig, '{}\n', { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });

    await rotateLog(l.engineLog);
    const logFd = openSync(l.engineLog, 'a', 0o600);
    const logStart = (await fs.stat(l.engineLog)).size;
    writeSync(logFd, `--- Berth starts rootless dockerd (${bins.paths.dockerd}) under ${rootlesskit} at ${new Date().toISOString()} ---\n`);
    const pathDirs = [...new Set([...bins.pathDirs, dirname(rootlesskit), dirname(findProgram('slirp4netns', this.env)!)])];
    const child = spawn(rootlesskit, [...rootlesskitArgs(stateDir), 'sh', '-c', CHILD_SCRIPT, bins.paths.dockerd, ...rootlessDockerdArgs(l, bridge.gateway)], {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: {
        ...this.env,
        PATH: [...pathDirs, this.env.PATH ?? ''].join(':'),
        // dockerd in rootless mode insists on a runtime folder; a session without one (runuser, ssh) gets the home's.
        XDG_RUNTIME_DIR: this.env.XDG_RUNTIME_DIR || l.runDir,
      },
    });
    closeSync(logFd);
    child.unref();
    const exited = new Promise<EngineExit>((resolve) => {
      child.once('exit', (code, sig) => {
        void rootlessExit(l.engineLog, logStart, code, sig).then(resolve);
      });
      child.once('error', (err) => resolve({ why: `rootlesskit could not be started: ${err.message}`, killed: false }));
    });
    let gone: string | undefined;
    void exited.then((exit) => (gone = exit.why));

    const deadline = Date.now() + READY_TIMEOUT_MS;
    const ep = { socketPath: l.engineSocket };
    while (!(await ping(ep, 1000))) {
      if (gone) {
        const detail = (await rootlessStartFailure(l.engineLog, logStart)) ?? (await lastErrorLine(l.engineLog, logStart));
        await this.cleanup();
        throw new Error(`The rootless engine failed to start (${gone})${detail ? `: ${detail}` : ''}. See \`berth engine logs\`.`);
      }
      if (signal.aborted || Date.now() > deadline) {
        await this.halt(child.pid!);
        throw new Error(
          signal.aborted ? 'Engine start was cancelled.' : `The engine did not answer within ${READY_TIMEOUT_MS / 1000}s; see \`berth engine logs\`.`,
        );
      }
      await sleep(20);
    }
    const pid = (await readPidfile(l.enginePidfile)) ?? child.pid!;
    return this.running(pid, child.pid!, exited);
  }

  private async running(pid: number, kitPid: number | undefined, exited: Promise<EngineExit>): Promise<RunningEngine> {
    const l = this.l;
    // The socket is the user's alone (dockerd makes it 0660 for its group).
    await fs.chmod(l.engineSocket, 0o600);
    const info = JSON.parse((await dockerGet({ socketPath: l.engineSocket }, '/info', 10_000)).body) as Record<string, unknown>;
    let stopping = false;
    return {
      pid,
      socket: l.engineSocket,
      dockerHost: `unix://${l.engineSocket}`,
      version: String(info.ServerVersion ?? ''),
      rootless: true,
      limits: limitsFromInfo(info),
      exited: exited.then((exit) => (stopping ? new Promise<EngineExit>(() => undefined) : exit)),
      stop: async () => {
        stopping = true;
        await terminate(pid);
        // RootlessKit follows its child out, and slirp4netns follows RootlessKit.
        if (kitPid) await waitForExit(kitPid, 5000);
        await this.cleanup();
      },
    };
  }

  /** Adopt a rootless dockerd of this home that still answers; stop one that does not, and clear what it left. */
  private async recover(): Promise<RunningEngine | undefined> {
    const l = this.l;
    const pid = await readPidfile(l.enginePidfile);
    if (pid && isAlive(pid) && (await isOurDockerd(pid, l))) {
      if (await ping({ socketPath: l.engineSocket }, 2000)) {
        const r = await this.running(pid, undefined, watchPid(pid, l.engineSocket));
        return { ...r, version: r.version || (await engineVersion({ socketPath: l.engineSocket })) };
      }
      await terminate(pid);
    }
    await this.cleanup();
    return undefined;
  }

  private async halt(kitPid: number): Promise<void> {
    const pid = await readPidfile(this.l.enginePidfile);
    if (pid && (await isOurDockerd(pid, this.l))) await terminate(pid);
    await terminate(kitPid);
    await this.cleanup();
  }

  /**
   * Leave nothing behind: RootlessKit, slirp4netns, dockerd, containerd and
   * the shims (found by the state folder and exec-root their command lines
   * name), then the state folder, socket and pidfile. The engine's mounts
   * live in RootlessKit's mount namespace, which goes with its last process.
   */
  private async cleanup(): Promise<void> {
    const l = this.l;
    const stateDir = rootlessStateDir(l);
    await killStrays(`--state-dir=${stateDir} `);
    await killStrays(`--data-root ${l.dataRoot} `);
    await killStrays(l.execRoot + '/');
    await fs.rm(`${l.execRoot}/containerd/containerd.pid`, { force: true });
    await fs.rm(stateDir, { recursive: true, force: true });
    await fs.rm(l.engineSocket, { force: true });
    await fs.rm(l.enginePidfile, { force: true });
  }

  /** Stop a rootless engine of this home that no supervisor holds (after a backend crash), and clean up. */
  async stopOrphan(): Promise<boolean> {
    const pid = await readPidfile(this.l.enginePidfile);
    const found = !!pid && isAlive(pid) && (await isOurDockerd(pid, this.l));
    if (found) await terminate(pid!);
    await this.cleanup();
    return found;
  }
}
