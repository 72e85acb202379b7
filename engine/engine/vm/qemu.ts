/**
 * Booting the VM image with QEMU: the machine (a root disk opened as a
 * snapshot, the data disk, a user network whose only forward is SSH on the
 * host's loopback, the shared folder over virtiofs), the accelerator, QMP on
 * a private unix socket, and the serial console read line by line so a
 * caller can wait for a stage of the boot. Nothing listens on a TCP port but
 * the SSH forward (key-only, on 127.0.0.1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { join } from 'node:path';
import { DATA_SERIAL, ROOT_LABEL, SHARE_TAG } from './recipe.js';
import { Utf8Streams } from '../../util/text-stream.js';

export type Accelerator = 'kvm' | 'hvf' | 'whpx' | 'tcg';
export type GuestArch = 'x86_64' | 'aarch64';

export interface VmOptions {
  /** The folder holding vmlinuz and initrd.img. */
  readonly imageDir: string;
  /** The root filesystem (raw); opened with snapshot=on, so it is never written. */
  readonly rootDisk: string;
  /** The data disk (raw, sparse): /var/lib/docker and /var/lib/containerd. */
  readonly dataDisk?: string;
  readonly accel: Accelerator;
  readonly cpus: number;
  readonly memoryMiB: number;
  readonly arch?: GuestArch;
  /** QMP's -qmp argument: a unix socket in the user-private run folder (a named pipe on Windows). */
  readonly qmp?: string;
  /** The QEMU program; found on PATH by name when unset. */
  readonly binary?: string;
  /** The host's loopback port forwarded to the guest's SSH. */
  readonly sshPort?: number;
  /** fw_cfg entries: name (opt/…) → host file. */
  readonly fwCfg?: Readonly<Record<string, string>>;
  /** virtiofsd's socket, when a host folder is shared. */
  readonly shareSocket?: string;
  /** Where QEMU writes its pid. */
  readonly pidfile?: string;
}

/** Pure: the QEMU program for a guest architecture. */
export function qemuBinary(arch: GuestArch = 'x86_64', platform: NodeJS.Platform = process.platform): string {
  return `qemu-system-${arch}${platform === 'win32' ? '.exe' : ''}`;
}

/** Pure: QEMU's arguments for a VM. */
export function qemuArgs(o: VmOptions): string[] {
  const arch = o.arch ?? 'x86_64';
  const hw = o.accel !== 'tcg';
  // A hardware accelerator passes the host CPU through; TCG emulates every feature it can.
  const machine = arch === 'aarch64' ? ['-machine', `virt,highmem=${hw ? 'on' : 'off'}`] : [];
  const console = arch === 'aarch64' ? 'ttyAMA0' : 'ttyS0';
  const args = [
    ...machine,
    // TCG's translation cache defaults to 1 GiB of host memory; a quarter of that serves a small guest.
    '-accel',
    o.accel === 'tcg' ? 'tcg,tb-size=256' : o.accel,
    '-cpu',
    hw ? 'host' : 'max',
    '-m',
    String(o.memoryMiB),
    '-smp',
    String(o.cpus),
    '-nographic',
    '-no-reboot',
    '-nodefaults',
    '-serial',
    'stdio',
    '-kernel',
    join(o.imageDir, 'vmlinuz'),
    '-initrd',
    join(o.imageDir, 'initrd.img'),
    // loglevel=6 keeps the kernel's notices (its "Linux version" line marks "kernel up") and drops its chatter.
    '-append',
    `console=${console} root=LABEL=${ROOT_LABEL} rw loglevel=6 panic=-1`,
    '-drive',
    `file=${o.rootDisk},format=raw,if=virtio,snapshot=on`,
  ];
  // Pages the guest frees go back to the host.
  args.push('-device', 'virtio-balloon-pci,free-page-reporting=on');
  if (o.dataDisk)
    args.push('-drive', `file=${o.dataDisk},format=raw,if=none,id=data,discard=unmap`, '-device', `virtio-blk-pci,drive=data,serial=${DATA_SERIAL}`);
  // User networking: the guest reaches out through the host; the only way in is SSH on the host's loopback.
  const fwd = o.sshPort ? `,hostfwd=tcp:127.0.0.1:${o.sshPort}-:22` : '';
  args.push('-netdev', `user,id=n0${fwd}`, '-device', 'virtio-net-pci,netdev=n0,romfile=');
  if (o.qmp) args.push('-qmp', o.qmp);
  for (const [name, file] of Object.entries(o.fwCfg ?? {})) args.push('-fw_cfg', `name=${name},file=${file}`);
  if (o.shareSocket) {
    // vhost-user needs the guest's memory shared with virtiofsd.
    args.push(
      '-object',
      `memory-backend-memfd,id=mem,size=${o.memoryMiB}M,share=on`,
      '-numa',
      'node,memdev=mem',
      '-chardev',
      `socket,id=share,path=${o.shareSocket}`,
      '-device',
      `vhost-user-fs-pci,chardev=share,tag=${SHARE_TAG}`,
    );
  }
  if (o.pidfile) args.push('-pidfile', o.pidfile);
  return args;
}

export interface Vm {
  readonly child: ChildProcess;
  /** The serial console so far (its last megabyte). */
  console(): string;
  /** Resolve when the console shows `text`; reject when QEMU exits, `ms` pass, or `signal` aborts. */
  waitFor(text: string, ms: number, signal?: AbortSignal): Promise<void>;
  /** Resolves with a sentence once QEMU has exited. */
  readonly exited: Promise<string>;
  kill(): void;
}

/** Start QEMU; its console (and its own messages) are also written to `log` when given. */
export function startVm(o: VmOptions, log?: Writable): Vm {
  const child = spawn(o.binary ?? qemuBinary(o.arch), qemuArgs(o), { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const utf8 = new Utf8Streams();
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
  };
  const onData = (from: string) => (c: Buffer) => {
    log?.write(c);
    text = (text + utf8.decode(from, c)).slice(-1_000_000);
    wake();
  };
  child.stdout!.on('data', onData('stdout'));
  child.stderr!.on('data', onData('stderr'));
  let gone: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ? `QEMU was killed by ${signal}` : `QEMU exited with code ${code}`));
    child.on('error', (err) => resolve(`QEMU could not be started (${err.message})`));
  }).then((why) => {
    gone = why;
    wake();
    return why;
  });
  return {
    child,
    exited,
    console: () => text,
    waitFor: (marker, ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`The VM did not print ${marker} within ${ms / 1000} s.`)), ms);
        const check = () => {
          if (text.includes(marker)) done();
          else if (gone) done(new Error(`${gone} before it printed ${marker}.`));
          else if (signal?.aborted) done(new Error('Engine start was cancelled.'));
        };
        const done = (err?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          signal?.removeEventListener('abort', check);
          if (err) reject(err);
          else resolve();
        };
        waiters.add(check);
        signal?.addEventListener('abort', check);
        check();
      }),
    kill: () => void child.kill('SIGKILL'),
  };
}
