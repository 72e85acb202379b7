/**
 * VM mode: the engine runs in a small Linux VM (the image `npm run
 * engine:image` builds) booted by QEMU with the best accelerator that works.
 * The guest's Docker socket reaches the host as the same user-private socket
 * native mode uses, through SSH with a per-install key; published ports are
 * forwarded to the host's 127.0.0.1 as containers start and stop; a host
 * folder (default: the user's home) is shared at the same path.
 *
 * Boot stages: VM starting → kernel up → engine up → socket ready.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, promises as fs, type WriteStream } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import Docker from 'dockerode';
import '../../util/no-redirects.js';
import type { Client } from 'ssh2';
import type { BootStage } from '../../contract/index.js';
import type { EngineDriver, EngineExit, RunningEngine } from '../driver.js';
import { engineVersion, ping } from '../driver.js';
import { MAX_SOCKET_PATH, type HomeLayout } from '../paths.js';
import { prepareHome } from '../native.js';
import { readSettings, type Settings } from '../../settings/index.js';
import { isAlive, processArgs, readPidfile, sleep, waitForExit } from '../../util/fs.js';
import { plainText } from '../logs.js';
import { acceleratorsToTry, accelNotice, hungAccelerators, kvmUsable, rememberHung } from './accel.js';
import { connectSsh, serveDockerSocket } from './channel.js';
import { ensureDataDisk, ensureKeys, ensureRootDisk, readManifest } from './disks.js';
import { PortForwarder } from './ports.js';
import { Qmp } from './qmp.js';
import { startVm, type Accelerator, type Vm } from './qemu.js';
import { FW_CFG, KERNEL_MARKER, READY_MARKER, findImageDir } from './recipe.js';
import { findQemu, nativeGuestArch, vmHostEnds, type VmHostEnds } from './host.js';
import { findVirtiofsd, shareUnavailable, startVirtiofsd } from './share.js';

/** A hardware accelerator's guest prints its kernel banner within a second when it works; past this it is taken as hung. */
export const ACCEL_DEADLINE_MS = 8_000;
/** TCG boots to the engine in about 20 s here; this leaves room for a slow, busy machine. */
const TCG_KERNEL_MS = 60_000;
const ENGINE_UP_MS = 240_000;
/** After the guest says its engine is up, how long its API gets to answer through the channel. */
const ENGINE_ANSWER_MS = 60_000;
/** After the ACPI power button, how long the guest gets to shut down before QEMU is killed. */
export const POWERDOWN_GRACE_MS = 30_000;
const MAX_LOG_BYTES = 8 * 1024 * 1024;

const STAGES = ['VM starting', 'Kernel up', 'Engine up', 'Socket ready'] as const;
const stage = (n: 1 | 2 | 3 | 4): BootStage => ({ step: n, of: STAGES.length, label: STAGES[n - 1]! });

export interface VmLayout {
  readonly dir: string;
  readonly keysDir: string;
  readonly dataDisk: string;
  readonly shareSocket: string;
  readonly pidfile: string;
  readonly consoleLog: string;
}

export function vmLayout(l: HomeLayout): VmLayout {
  const dir = join(l.home, 'vm');
  return {
    dir,
    keysDir: join(dir, 'keys'),
    dataDisk: join(dir, 'data.img'),
    shareSocket: join(l.runDir, 'share.sock'),
    pidfile: join(l.runDir, 'qemu.pid'),
    consoleLog: l.vmConsoleLog,
  };
}

/** What unset VM settings mean on this machine: the host's CPUs (at most 4), and the user's home shared. */
export const vmDefaults = () => ({ cpus: Math.min(4, availableParallelism()), share: homedir() });

/** The VM settings with their defaults filled in. */
export function vmSettings(s: Settings): { cpus: number; memoryMiB: number; diskGiB: number; share: string; accel: Settings['engine']['vm']['accel'] } {
  const vm = s.engine.vm;
  const d = vmDefaults();
  return { cpus: vm.cpus ?? d.cpus, memoryMiB: vm.memoryMiB, diskGiB: vm.diskGiB, share: vm.share ?? d.share, accel: vm.accel };
}

/** A free port on the host's loopback for the SSH forward. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s: Server = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Booted {
  readonly vm: Vm;
  readonly accel: Accelerator;
  readonly tried: Accelerator[];
  readonly why: Partial<Record<Accelerator, string>>;
  readonly sshPort: number;
  readonly virtiofsd?: ChildProcess;
}

export class VmDriver implements EngineDriver {
  readonly mode = 'vm' as const;
  private readonly v: VmLayout;
  constructor(private readonly l: HomeLayout) {
    this.v = vmLayout(l);
  }

  async start(signal: AbortSignal, progress: (s: BootStage) => void = () => undefined): Promise<RunningEngine> {
    const l = this.l;
    const v = this.v;
    const ends = vmHostEnds(l, process.platform);
    if (ends.files && l.engineSocket.length > MAX_SOCKET_PATH)
      throw new Error(`The Berth home ${l.home} is too long a path for the engine's socket: set BERTH_HOME to a shorter folder.`);
    await prepareHome(l);
    await fs.mkdir(v.dir, { recursive: true, mode: 0o700 });
    const imageDir = findImageDir();
    const manifest = await readManifest(imageDir);
    const arch = manifest.arch ?? 'x86_64';
    const binary = findQemu(arch);
    const settings = vmSettings(await readSettings(l.settingsFile));
    progress(stage(1));
    await this.stopStray();

    const log = await openLog(v.consoleLog);
    const note = noteTo(log);
    note(`Starting the VM (image ${manifest.kernel}, ${settings.cpus} CPUs, ${settings.memoryMiB} MiB, data disk ${settings.diskGiB} GiB).`);
    try {
      const keys = await ensureKeys(v.keysDir);
      const rootDisk = await ensureRootDisk(imageDir, v.dir);
      const diskNote = await ensureDataDisk(v.dataDisk, settings.diskGiB);
      if (diskNote) note(diskNote);
      const fwCfg: Record<string, string> = { [FW_CFG.hostKey]: keys.hostKeyFile, [FW_CFG.authorizedKey]: keys.authorizedKeyFile };
      if (existsSync(this.l.daemonConfig)) fwCfg[FW_CFG.daemonJson] = this.l.daemonConfig;
      const shareFile = join(v.dir, 'share');
      let shareNote: string | undefined;
      const virtiofsdBin = findVirtiofsd();
      if (settings.share) {
        shareNote = shareUnavailable(process.platform, process.getuid?.() === 0, !!virtiofsdBin);
        if (!shareNote) {
          await fs.writeFile(shareFile, settings.share, { mode: 0o600 });
          fwCfg[FW_CFG.share] = shareFile;
        } else note(shareNote);
      }
      const kernelSha = manifest.files.vmlinuz?.sha256 ?? createHash('sha256').update(manifest.kernel).digest('hex');
      const hung = await hungAccelerators(v.dir, kernelSha);
      const order = acceleratorsToTry(
        settings.accel,
        process.platform,
        kvmUsable(),
        Object.keys(hung) as Accelerator[],
        nativeGuestArch(process.arch) === arch,
      );
      const why: Partial<Record<Accelerator, string>> = { ...hung };
      const tried: Accelerator[] = Object.keys(hung) as Accelerator[];

      let booted: Booted | undefined;
      for (const accel of order) {
        tried.push(accel);
        const sshPort = await freeLoopbackPort();
        if (ends.files) await fs.rm(ends.qmpPath, { force: true });
        let virtiofsd: ChildProcess | undefined;
        if (fwCfg[FW_CFG.share] && virtiofsdBin) {
          await fs.rm(v.shareSocket, { force: true });
          virtiofsd = startVirtiofsd(virtiofsdBin, v.shareSocket, settings.share, log);
          await waitForSocket(v.shareSocket, 5_000);
        }
        note(`QEMU with ${accel.toUpperCase()}; SSH forward on 127.0.0.1:${sshPort}.`);
        const vm = startVm(
          {
            imageDir,
            rootDisk,
            dataDisk: v.dataDisk,
            accel,
            cpus: settings.cpus,
            memoryMiB: settings.memoryMiB,
            arch,
            binary,
            qmp: ends.qmpArg,
            sshPort,
            fwCfg,
            shareSocket: virtiofsd ? v.shareSocket : undefined,
            pidfile: v.pidfile,
          },
          log,
        );
        try {
          await vm.waitFor(KERNEL_MARKER, accel === 'tcg' ? TCG_KERNEL_MS : ACCEL_DEADLINE_MS, signal);
          booted = { vm, accel, tried, why, sshPort, virtiofsd };
          break;
        } catch (err) {
          vm.kill();
          virtiofsd?.kill('SIGKILL');
          await vm.exited;
          if (signal.aborted || accel === 'tcg' || accel === order[order.length - 1]) throw err;
          const reason = /exited|killed|could not/.test((err as Error).message)
            ? `could not run the VM (QEMU: ${lastConsoleLine(vm.console()).replace(/^qemu-system-\w+: /, '')})`
            : `is present but its guest did not come up within ${ACCEL_DEADLINE_MS / 1000} s`;
          why[accel] = reason;
          note(`${accel.toUpperCase()} ${reason}; trying the next accelerator.`);
          await rememberHung(v.dir, kernelSha, accel, reason);
        }
      }
      if (!booted) throw new Error('No accelerator could boot the VM.');
      const notice = [accelNotice(booted.tried, booted.accel, booted.why), shareNote].filter(Boolean).join(' ') || undefined;
      if (notice) note(notice);
      return await this.connect(booted, ends, keys, signal, progress, log, notice);
    } catch (err) {
      note(`The VM did not start: ${(err as Error).message}`);
      log.end();
      throw err;
    }
  }

  /** From kernel up to socket ready; on failure the VM is stopped. */
  private async connect(
    b: Booted,
    ends: VmHostEnds,
    keys: Awaited<ReturnType<typeof ensureKeys>>,
    signal: AbortSignal,
    progress: (s: BootStage) => void,
    log: WriteStream,
    notice: string | undefined,
  ): Promise<RunningEngine> {
    const note = noteTo(log);
    let ssh: Client | undefined;
    let server: Server | undefined;
    let qmp: Qmp | undefined;
    let ports: PortForwarder | undefined;
    let stopping = false;
    const teardown = async (clean: boolean) => {
      stopping = true;
      ports?.stop();
      if (clean && qmp && b.vm.child.exitCode === null && b.vm.child.signalCode === null) {
        note('Asking the VM to power down (ACPI).');
        await Promise.race([qmp.execute('system_powerdown').catch(() => undefined), sleep(2000)]);
        const done = await Promise.race([b.vm.exited.then(() => true), sleep(POWERDOWN_GRACE_MS).then(() => false)]);
        if (!done) note(`The VM did not power down within ${POWERDOWN_GRACE_MS / 1000} s; stopping QEMU.`);
      }
      b.vm.kill();
      await b.vm.exited;
      b.virtiofsd?.kill('SIGKILL');
      qmp?.close();
      ssh?.end();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      if (ends.files) await fs.rm(ends.engineSocket, { force: true });
      await fs.rm(this.v.pidfile, { force: true });
      note('The VM is stopped.');
      log.end();
    };
    try {
      progress(stage(2));
      await b.vm.waitFor(READY_MARKER, ENGINE_UP_MS, signal);
      progress(stage(3));
      ssh = await connectSsh(b.sshPort, keys, signal, 30_000);
      server = await serveDockerSocket(ssh, ends.engineSocket, ends.files);
      const ep = { socketPath: ends.engineSocket };
      // The guest says "ready" as soon as systemd has dockerd's own notice; its API may take a moment more on a busy host.
      const pingDeadline = Date.now() + ENGINE_ANSWER_MS;
      while (!(await ping(ep, 5_000))) {
        if (signal.aborted) throw new Error('Engine start was cancelled.');
        if (Date.now() > pingDeadline) throw new Error('The engine in the VM does not answer through the SSH channel.');
        await sleep(250);
      }
      const version = await engineVersion(ep);
      qmp = await Qmp.connect(ends.qmpPath);
      ports = new PortForwarder(qmp, ssh, new Docker({ socketPath: ends.engineSocket }), note);
      await ports.start();
      progress(stage(4));
      note(`The engine (${version}) answers on ${ends.engineSocket}.`);
      // When QEMU dies the channel closes too; QEMU's own reason is the better one, so it gets a moment to arrive.
      const sshClosed = new Promise<string>((resolve) =>
        ssh!.once('close', () => resolve(Promise.race([b.vm.exited, sleep(1000).then(() => 'the SSH channel to the VM closed')]))),
      );
      // A VM's restarts keep the backoff whatever ended it: booting one again is slow and heavy.
      const exited = Promise.race([b.vm.exited, sshClosed]).then((why): Promise<EngineExit> | EngineExit => {
        if (!stopping) note(`The VM stopped unexpectedly: ${why}.`);
        return stopping ? new Promise<EngineExit>(() => undefined) : { why, killed: false };
      });
      return {
        pid: b.vm.child.pid,
        socket: ends.engineSocket,
        dockerHost: ends.dockerHost,
        version,
        notice,
        exited,
        stop: () => teardown(!stopping),
      };
    } catch (err) {
      const failure = signal.aborted
        ? new Error('Engine start was cancelled.')
        : new Error(`${(err as Error).message} Last console line: ${lastConsoleLine(b.vm.console())}. See \`berth engine logs\`.`);
      await teardown(false);
      throw failure;
    }
  }

  /** A QEMU of this home left by a backend that died: power it down, then kill it. */
  private async stopStray(): Promise<void> {
    const pid = await readPidfile(this.v.pidfile);
    if (pid && isAlive(pid) && (await isOurQemu(pid, this.v))) {
      const qmp = await Qmp.connect(vmHostEnds(this.l, process.platform).qmpPath, 2_000).catch(() => undefined);
      await qmp?.execute('system_powerdown').catch(() => undefined);
      qmp?.close();
      if (!(await waitForExit(pid, qmp ? POWERDOWN_GRACE_MS : 0))) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        await waitForExit(pid, 5_000);
      }
    }
    await fs.rm(this.v.pidfile, { force: true });
    await fs.rm(this.l.engineSocket, { force: true });
  }

  /** Stop a VM of this home that no supervisor holds (after a backend crash). */
  async stopOrphan(): Promise<boolean> {
    const pid = await readPidfile(this.v.pidfile);
    const found = !!pid && isAlive(pid) && (await isOurQemu(pid, this.v));
    await this.stopStray();
    return found;
  }
}

export async function isOurQemu(pid: number, v: VmLayout): Promise<boolean> {
  const args = await processArgs(pid);
  return !!args && args.some((a) => a.includes('qemu-system')) && args.some((a) => a.includes(v.dataDisk));
}

/** Berth's own lines in the VM log, told apart from the console by their prefix. */
const noteTo = (log: WriteStream) => (line: string) => log.write(`[berth ${new Date().toISOString()}] ${line}\n`);

async function openLog(file: string): Promise<WriteStream> {
  try {
    if ((await fs.stat(file)).size > MAX_LOG_BYTES) await fs.rename(file, `${file}.1`);
  } catch {
    /* no log yet */
  }
  return createWriteStream(file, { flags: 'a', mode: 0o600 });
}

async function waitForSocket(path: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (
      await fs.stat(path).then(
        () => true,
        () => false,
      )
    )
      return;
    await sleep(20);
  }
  throw new Error(`virtiofsd did not open ${path} within ${ms / 1000} s.`);
}

/** Pure: the last non-empty line of the console, as text. */
export function lastConsoleLine(text: string): string {
  const lines = text
    .split('\n')
    .map((s) => plainText(s).trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? 'none';
}
