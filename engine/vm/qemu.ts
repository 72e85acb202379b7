/**
 * Booting the VM image with QEMU. So far: the machine (virtio disk, user
 * network with no forwarded port), the chosen accelerator, and the serial
 * console read line by line so a caller can wait for a stage of the boot.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT_LABEL } from './recipe.js';

export type Accelerator = 'kvm' | 'hvf' | 'whpx' | 'tcg';

export interface VmOptions {
  /** The folder `npm run engine:image` wrote (vmlinuz, initrd.img). */
  readonly imageDir: string;
  /** A writable raw copy of the root filesystem. */
  readonly rootDisk: string;
  readonly accel: Accelerator;
  readonly cpus: number;
  readonly memoryMiB: number;
}

export interface Vm {
  readonly child: ChildProcess;
  /** The serial console so far. */
  console(): string;
  /** Resolve when the console shows `text`; reject when QEMU exits or `ms` pass. */
  waitFor(text: string, ms: number): Promise<void>;
  kill(): void;
}

/** Pure: QEMU's arguments for a VM. */
export function qemuArgs(o: VmOptions): string[] {
  return [
    '-accel', o.accel,
    '-m', String(o.memoryMiB),
    '-smp', String(o.cpus),
    '-nographic', '-no-reboot', '-nodefaults', '-serial', 'stdio',
    '-kernel', join(o.imageDir, 'vmlinuz'),
    '-initrd', join(o.imageDir, 'initrd.img'),
    '-append', `console=ttyS0 root=LABEL=${ROOT_LABEL} rw quiet panic=-1`,
    '-drive', `file=${o.rootDisk},format=raw,if=virtio`,
    // User networking with nothing forwarded: no port is opened on the host.
    '-netdev', 'user,id=n0', '-device', 'virtio-net-pci,netdev=n0,romfile=',
  ];
}

export function startVm(o: VmOptions): Vm {
  const child = spawn('qemu-system-x86_64', qemuArgs(o), { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (c: Buffer) => {
    // The console's last 1 MB is kept.
    text = (text + c.toString('utf8')).slice(-1_000_000);
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `QEMU ended (${signal ?? `exit code ${code}`})`;
    for (const w of waiters) w();
  });
  child.on('error', (err) => {
    exited = `QEMU did not start: ${err.message}`;
    for (const w of waiters) w();
  });
  return {
    child,
    console: () => text,
    waitFor: (marker, ms) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`The VM did not print ${marker} within ${ms / 1000} s.`)), ms);
        const check = () => {
          if (text.includes(marker)) done();
          else if (exited) done(new Error(`${exited} before it printed ${marker}.`));
        };
        const done = (err?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve();
        };
        waiters.add(check);
        check();
      }),
    kill: () => void child.kill('SIGKILL'),
  };
}
