/** What the tests need from the system, each with the package that provides it. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const NEEDS: Array<[program: string, pkg: string]> = [
  ['dockerd', 'docker.io'],
  ['docker', 'docker.io'],
  ['containerd', 'containerd'],
  ['runc', 'runc'],
  ['ip', 'iproute2'],
  ['busybox', 'busybox-static'],
  ['chromium', 'chromium'],
  // The rootless engine.
  ['rootlesskit', 'rootlesskit'],
  ['slirp4netns', 'slirp4netns'],
  ['newuidmap', 'uidmap'],
  // The VM image and its boot test.
  ['mmdebstrap', 'mmdebstrap'],
  ['qemu-system-x86_64', 'qemu-system-x86'],
  ['zstd', 'zstd'],
  ['mkfs.ext4', 'e2fsprogs'],
  // The engine hosts of the Engines tests (ssh:// and TLS engines in network namespaces).
  ['sshd', 'openssh-server'],
  ['ssh-keygen', 'openssh-client'],
  ['openssl', 'openssl'],
  ['nsenter', 'util-linux'],
];

function onPath(program: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  return dirs.some((d) => {
    try {
      accessSync(join(d, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Missing programs as "dockerd (apt-get install docker.io)"; empty when all are there. */
export function checkPrerequisites(): string[] {
  const missing = NEEDS.filter(([p]) => !onPath(p)).map(([p, pkg]) => `${p} (apt-get install ${pkg})`);
  if (process.getuid?.() !== 0) {
    missing.push(
      'root: the tests run the root engine, make network namespaces and run the rootless engine as the user berth-ci (and `sudo` is not there to run them as root)',
    );
  }
  return missing;
}
