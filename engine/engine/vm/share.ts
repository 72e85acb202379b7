/**
 * The shared host folder: virtiofsd serves it to QEMU over a private unix
 * socket, and the guest mounts it at the same path, so `docker run -v
 * "$PWD":/src` works from the host. On Linux only (virtiofsd is Linux's).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import type { Writable } from 'node:stream';
import { delimiter, join } from 'node:path';

/** virtiofsd: Rust's (packaged on its own) or QEMU's older C one. */
export function findVirtiofsd(env: NodeJS.ProcessEnv = process.env): { path: string; flavour: 'rust' | 'c' } | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/libexec', '/usr/lib/qemu'];
  for (const dir of dirs) {
    const path = join(dir, 'virtiofsd');
    try {
      accessSync(path, constants.X_OK);
      return { path, flavour: dir === '/usr/lib/qemu' ? 'c' : 'rust' };
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** Pure: virtiofsd's arguments for each flavour. */
export function virtiofsdArgs(flavour: 'rust' | 'c', socket: string, folder: string): string[] {
  return flavour === 'rust'
    ? ['--socket-path', socket, '--shared-dir', folder, '--cache', 'auto']
    : [`--socket-path=${socket}`, '-o', `source=${folder}`, '-o', 'cache=auto'];
}

/** Why the folder cannot be shared here, or nothing when it can. */
export function shareUnavailable(platform: NodeJS.Platform, isRoot: boolean, found: boolean): string | undefined {
  if (platform !== 'linux') return 'Sharing a host folder with the VM uses virtiofs, which Berth supports on Linux hosts only so far.';
  if (!found) return 'Sharing a host folder with the VM needs virtiofsd (Debian: the qemu-system-common or virtiofsd package).';
  if (!isRoot) return 'Sharing a host folder with the VM needs virtiofsd to run as root; bind mounts of host folders will not work.';
  return undefined;
}

export function startVirtiofsd(bin: { path: string; flavour: 'rust' | 'c' }, socket: string, folder: string, log: Writable): ChildProcess {
  const child = spawn(bin.path, virtiofsdArgs(bin.flavour, socket, folder), { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  child.on('error', () => undefined);
  return child;
}
