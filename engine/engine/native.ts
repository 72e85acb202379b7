/**
 * Native mode: Berth's own dockerd (with its own containerd) whose data-root,
 * exec-root, pidfile, socket and bridge all live under the Berth home, so it
 * runs beside a system Docker without touching it.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { closeSync, openSync, promises as fs, writeSync } from 'node:fs';
import type { EngineDriver, EngineExit, RunningEngine } from './driver.js';
import { engineVersion, networkBridges, ping } from './driver.js';
import { findEngineBinaries } from './binaries.js';
import { bridgeName, ensureBridge, pickSubnet, rangesInUse, removeBridge, type BridgeConfig } from './network.js';
import { defaultHome, MAX_SOCKET_PATH, type HomeLayout } from './paths.js';
import { readSettings, updateSettings } from '../settings/index.js';
import { unmountUnder } from './mounts.js';
import { killStrays } from './strays.js';
import { isAlive, processArgs, readPidfile, sleep, waitForExit } from '../util/fs.js';
import { lastErrorLine } from './logs.js';
import { applyNat, hostLoopbackResolver, removeNat } from './nat.js';

/** How long dockerd may take to answer `/_ping` after spawn. */
const READY_TIMEOUT_MS = 60_000;
/** How long a stopping dockerd gets after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 20_000;
const MAX_LOG_BYTES = 8 * 1024 * 1024;

/** Create the home and its folders private to the user; a clear sentence when it cannot be written. */
export async function prepareHome(l: HomeLayout): Promise<void> {
  try {
    await fs.mkdir(l.home, { recursive: true, mode: 0o700 });
    await fs.chmod(l.home, 0o700);
    for (const dir of [l.runDir, l.logDir, l.dataRoot, l.execRoot]) await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.access(l.home, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(`Berth cannot write to its home ${l.home} (${code}): fix its permissions or set BERTH_HOME to a folder you own.`);
  }
}

/** The dockerd command line for this home; `dns`: the resolver containers are given (Berth's bridge gateway, when it forwards DNS). */
export function dockerdArgs(l: HomeLayout, bridge: string, dns?: string): string[] {
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
    '--group',
    'root',
    '--bridge',
    bridge,
    // Docker's iptables chains are global: a second daemon writing them would fight the system's.
    // Ports are published by docker-proxy instead, on the addresses asked for.
    '--iptables=false',
    '--ip6tables=false',
    // IPv4 forwarding is Berth's to switch on (and back off), with its table: see nat.ts.
    '--ip-forward=false',
    '--cgroup-parent',
    'berth',
    '--exec-opt',
    'native.cgroupdriver=cgroupfs',
    ...(dns ? ['--dns', dns] : []),
  ];
}

/** The native engine of one Berth home. */
export class NativeDriver implements EngineDriver {
  readonly mode = 'native' as const;
  constructor(private readonly l: HomeLayout) {}

  async start(signal: AbortSignal): Promise<RunningEngine> {
    const l = this.l;
    if (process.platform !== 'linux') {
      throw new Error('Native mode runs dockerd directly and needs Linux: use external mode (or the VM mode, when it ships).');
    }
    if (process.getuid?.() !== 0) throw new Error('The root engine runs as root only; Berth starts the rootless engine for other users.');
    if (l.engineSocket.length > MAX_SOCKET_PATH || `${l.execRoot}/containerd/containerd.sock.ttrpc`.length > MAX_SOCKET_PATH) {
      throw new Error(`The Berth home ${l.home} is too long a path for the engine's sockets: set BERTH_HOME to a shorter folder.`);
    }
    await prepareHome(l);
    const bins = findEngineBinaries();

    const adopted = await this.recover();
    if (adopted) return adopted;

    const bridge = await chosenBridge(l);
    await ensureBridge(bridge);
    // The user's options (Settings → daemon.json); a new home starts with none.
    await fs.writeFile(l.daemonConfig, '{}\n', { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    // Containers' way out (Berth's own nftables table) and their DNS; see nat.ts.
    const dnsTo = await this.dnsForwarding();
    const notice = await applyNat(l, { bridge: bridge.name, gateway: bridge.gateway, dnsTo }).catch(async (err: unknown) => {
      await this.cleanup(bridge.name);
      throw err;
    });

    await rotateLog(l.engineLog);
    const logFd = openSync(l.engineLog, 'a', 0o600);
    const logStart = (await fs.stat(l.engineLog)).size;
    writeSync(logFd, `--- Berth starts dockerd (${bins.paths.dockerd}) at ${new Date().toISOString()} ---\n`);
    const child = spawn(bins.paths.dockerd, dockerdArgs(l, bridge.name, dnsTo && bridge.gateway.split('/')[0]), {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, PATH: [...bins.pathDirs, process.env.PATH ?? ''].join(':') },
    });
    closeSync(logFd);
    child.unref();
    const exited = new Promise<EngineExit>((resolve) => {
      child.once('exit', (code, sig) =>
        resolve(sig ? { why: `dockerd was killed by ${sig}`, killed: true } : { why: `dockerd exited with code ${code}`, killed: false }),
      );
      child.once('error', (err) => resolve({ why: `dockerd could not be started: ${err.message}`, killed: false }));
    });
    let gone: string | undefined;
    void exited.then((exit) => (gone = exit.why));

    const deadline = Date.now() + READY_TIMEOUT_MS;
    const ep = { socketPath: l.engineSocket };
    while (!(await ping(ep, 1000))) {
      if (gone) {
        const detail = await lastErrorLine(l.engineLog, logStart);
        await this.cleanup(bridge.name);
        throw new Error(`The engine failed to start (${gone})${detail ? `: ${detail}` : ''}. See \`berth engine logs\`.`);
      }
      if (signal.aborted || Date.now() > deadline) {
        await this.kill(child.pid!);
        await this.cleanup(bridge.name);
        throw new Error(
          signal.aborted ? 'Engine start was cancelled.' : `The engine did not answer within ${READY_TIMEOUT_MS / 1000}s; see \`berth engine logs\`.`,
        );
      }
      await sleep(20);
    }
    return this.running(child.pid!, exited, bridge.name, notice);
  }

  private running(pid: number, exited: Promise<EngineExit>, bridge: string, notice: string | undefined): RunningEngine {
    const l = this.l;
    let stopping = false;
    return {
      pid,
      notice,
      socket: l.engineSocket,
      dockerHost: `unix://${l.engineSocket}`,
      version: '',
      exited: exited.then((exit) => (stopping ? new Promise<EngineExit>(() => undefined) : exit)),
      stop: async () => {
        stopping = true;
        // Its networks' bridges outlive dockerd: named now, removed once it has gone.
        const networks = await networkBridges({ socketPath: l.engineSocket });
        await this.kill(pid);
        await this.cleanup(bridge, networks);
      },
    };
  }

  /**
   * Deal with what a crash left behind: adopt a dockerd of ours that still
   * answers, stop one that does not, and clear stale pidfile and socket.
   */
  private async recover(): Promise<RunningEngine | undefined> {
    const l = this.l;
    const pid = await readPidfile(l.enginePidfile);
    if (pid && isAlive(pid) && (await isOurDockerd(pid, l))) {
      if (await ping({ socketPath: l.engineSocket }, 2000)) {
        const bridge = await chosenBridge(l);
        // Its table again (the same one, replaced whole), forwarding DNS if the adopted dockerd was started to.
        const dnsTo = (await processArgs(pid))?.includes('--dns') ? await this.dnsForwarding() : undefined;
        const notice = await applyNat(l, { bridge: bridge.name, gateway: bridge.gateway, dnsTo });
        const r = this.running(pid, watchPid(pid, l.engineSocket), bridge.name, notice);
        return { ...r, version: await engineVersion({ socketPath: l.engineSocket }) };
      }
      await this.kill(pid);
    }
    await fs.rm(l.enginePidfile, { force: true });
    await fs.rm(l.engineSocket, { force: true });
    return undefined;
  }

  private kill(pid: number): Promise<void> {
    return terminate(pid);
  }

  /** Leave nothing behind: no mount, socket, pidfile, nftables table or bridge (Berth's, and those of the engine's networks named). */
  private async cleanup(bridge: string, networks: readonly string[] = []): Promise<void> {
    const l = this.l;
    await killStrays(l.execRoot + '/');
    // A containerd killed with its dockerd can linger as a zombie that dockerd would mistake for a live one.
    await fs.rm(`${l.execRoot}/containerd/containerd.pid`, { force: true });
    await unmountUnder([l.dataRoot, l.execRoot]);
    await fs.rm(l.engineSocket, { force: true });
    await fs.rm(l.enginePidfile, { force: true });
    try {
      await removeNat(l, bridge);
    } finally {
      for (const b of [bridge, ...networks]) await removeBridge(b);
    }
  }

  /** The host resolver on loopback to forward containers' DNS to, unless the user chose their own in daemon.json. */
  private async dnsForwarding(): Promise<string | undefined> {
    const own = await fs.readFile(this.l.daemonConfig, 'utf8').then(
      (t) => (JSON.parse(t) as Record<string, unknown>).dns !== undefined,
      () => false,
    );
    return own ? undefined : hostLoopbackResolver();
  }

  /** Stop an engine of this home that no supervisor holds (after a backend crash), and clean up. */
  async stopOrphan(): Promise<boolean> {
    const pid = await readPidfile(this.l.enginePidfile);
    const found = !!pid && isAlive(pid) && (await isOurDockerd(pid, this.l));
    const networks = found ? await networkBridges({ socketPath: this.l.engineSocket }) : [];
    if (found) await this.kill(pid!);
    await this.cleanup((await chosenBridge(this.l)).name, networks);
    return found;
  }
}

/** The engine's bridge name and subnet: the subnet is chosen on first start (clear of the host's ranges), then kept. */
export async function chosenBridge(l: HomeLayout): Promise<BridgeConfig> {
  const settings = await readSettings(l.settingsFile);
  const name = bridgeName(l.home, l.home === defaultHome({ ...process.env, BERTH_HOME: '' }));
  if (settings.engine.subnet) return { name, gateway: settings.engine.subnet };
  const gateway = pickSubnet(l.home, await rangesInUse(name));
  await updateSettings(l.settingsFile, (s) => ({ ...s, engine: { ...s.engine, subnet: gateway } }));
  return { name, gateway };
}

/** Stop a process: SIGTERM, wait, then SIGKILL. */
export async function terminate(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  if (await waitForExit(pid, STOP_GRACE_MS)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  await waitForExit(pid, 5000);
}

/** Is this pid a dockerd started for this home (and not a recycled pid)? */
export async function isOurDockerd(pid: number, l: HomeLayout): Promise<boolean> {
  const args = await processArgs(pid);
  return !!args && args.some((a) => a.endsWith('dockerd')) && args.includes(l.dataRoot);
}

/** The engine's events, narrowed to its own (reloads): a request that stays open and quiet while dockerd runs. */
const QUIET_EVENTS = `/events?filters=${encodeURIComponent(JSON.stringify({ type: ['daemon'] }))}`;

/**
 * For an adopted dockerd (not our child, so no exit event): notice its exit without a timer. An
 * `/events` request to its socket stays open, with nothing to read, for as long as dockerd runs,
 * and its connection ends when the process goes; only then is the pid looked at (the socket closes
 * a moment before the process is gone). A connection that ended while dockerd lives on is opened
 * again after a second. How dockerd ended cannot be known.
 */
export function watchPid(pid: number, socketPath: string): Promise<EngineExit> {
  return new Promise((resolve) => {
    const exited = () => resolve({ why: 'dockerd exited', killed: false });
    const follow = () => {
      if (!isAlive(pid)) return exited();
      let over = false;
      const ended = () => {
        if (over) return;
        over = true;
        void waitForExit(pid, 2000).then((gone) => (gone ? exited() : void setTimeout(follow, 1000)));
      };
      const req = request({ socketPath, path: QUIET_EVENTS, method: 'GET', agent: false }, (res) => {
        res.resume();
        res.on('end', ended);
        res.on('close', ended);
      });
      req.on('error', ended);
      req.end();
    };
    follow();
  });
}

/** Keep the engine log under MAX_LOG_BYTES: a full one becomes `<log>.1`. */
export async function rotateLog(file: string): Promise<void> {
  try {
    if ((await fs.stat(file)).size > MAX_LOG_BYTES) await fs.rename(file, `${file}.1`);
  } catch {
    /* no log yet */
  }
}
