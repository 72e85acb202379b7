/**
 * Where the VM's host ends live on each platform: the engine's socket (a
 * user-private unix socket; a named pipe on Windows), QEMU's control channel,
 * and the QEMU program itself.
 */
import { accessSync, constants } from 'node:fs';
import { createHash } from 'node:crypto';
import { delimiter, join } from 'node:path';
import type { HomeLayout } from '../paths.js';
import { qemuBinary, type GuestArch } from './qemu.js';

export interface VmHostEnds {
  /** What the host serves the engine on: a socket path, or a pipe name (\\.\pipe\…). */
  readonly engineSocket: string;
  readonly dockerHost: string;
  /** QEMU's -qmp argument. */
  readonly qmpArg: string;
  /** Where Berth connects to QMP. */
  readonly qmpPath: string;
  /** Whether these are files (removed before use, chmod-ed 0600). */
  readonly files: boolean;
}

/** Pure: the host ends for a home on a platform. */
export function vmHostEnds(l: HomeLayout, platform: NodeJS.Platform): VmHostEnds {
  if (platform === 'win32') {
    // Named pipes live in one namespace per machine: the home's hash keeps two homes apart.
    const id = createHash('sha256').update(l.home).digest('hex').slice(0, 8);
    return {
      engineSocket: `\\\\.\\pipe\\berth-${id}-docker`,
      dockerHost: `npipe:////./pipe/berth-${id}-docker`,
      qmpArg: `pipe:berth-${id}-qmp`,
      qmpPath: `\\\\.\\pipe\\berth-${id}-qmp`,
      files: false,
    };
  }
  const qmp = join(l.runDir, 'qmp.sock');
  return { engineSocket: l.engineSocket, dockerHost: `unix://${l.engineSocket}`, qmpArg: `unix:${qmp},server=on,wait=off`, qmpPath: qmp, files: true };
}

/** Pure: the guest architecture a host runs natively (anything else is emulated with TCG). */
export function nativeGuestArch(hostArch: string): GuestArch | undefined {
  return hostArch === 'x64' ? 'x86_64' : hostArch === 'arm64' ? 'aarch64' : undefined;
}

/** The QEMU program for an architecture: on PATH, or where the platform's installers put it. */
export function findQemu(arch: GuestArch, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const name = qemuBinary(arch, platform);
  const extra =
    platform === 'win32' ? [join(env.ProgramFiles ?? 'C:\\Program Files', 'qemu')] : platform === 'darwin' ? ['/opt/homebrew/bin', '/usr/local/bin'] : [];
  for (const dir of [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...extra]) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      /* not here */
    }
  }
  const how =
    platform === 'darwin'
      ? 'brew install qemu'
      : platform === 'win32'
        ? 'the installer from qemu.org'
        : `apt-get install ${arch === 'x86_64' ? 'qemu-system-x86' : 'qemu-system-arm'}`;
  throw new Error(`VM mode needs QEMU (${name}), which is not installed: install it (${how}), or use another engine mode.`);
}
