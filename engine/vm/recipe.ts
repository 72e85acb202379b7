/**
 * What the VM image holds (read by `npm run engine:image`) and where a
 * development checkout finds it. Debian packages only; the guest boots with
 * systemd straight to the engine and says so on its serial console.
 */
import { join } from 'node:path';

export const IMAGE_SUITE = 'bookworm';

/** The kernel, the engine, and what the guest needs to reach and run it (no cloud-init, nothing installed at boot). */
export const IMAGE_PACKAGES = ['linux-image-cloud-amd64', 'systemd-sysv', 'udev', 'kmod', 'iproute2', 'iptables', 'ca-certificates', 'e2fsprogs', 'docker.io', 'containerd', 'runc', 'openssh-server'];

/** The root filesystem's label, as the kernel command line names it. */
export const ROOT_LABEL = 'berthroot';

/** What the guest prints on its serial console once `docker version` answers inside it. */
export const READY_MARKER = 'BERTH-ENGINE-READY';

/** Files written into the guest before the image is made, by path. */
export const GUEST_FILES: Readonly<Record<string, { readonly text: string; readonly mode: number }>> = {
  'etc/hostname': { text: 'berth-vm\n', mode: 0o644 },
  'etc/fstab': { text: `LABEL=${ROOT_LABEL} / ext4 defaults,noatime 0 1\n`, mode: 0o644 },
  // QEMU's user network hands out an address by DHCP.
  'etc/systemd/network/10-dhcp.network': { text: '[Match]\nName=en*\n\n[Network]\nDHCP=yes\n', mode: 0o644 },
  'etc/systemd/system/berth-ready.service': {
    text: `[Unit]\nDescription=Tell the host the engine is up\nAfter=docker.service\nRequires=docker.service\n\n[Service]\nType=oneshot\nExecStart=/bin/sh -c 'until docker version >/dev/null 2>&1; do sleep 0.2; done; echo ${READY_MARKER} > /dev/ttyS0'\n\n[Install]\nWantedBy=multi-user.target\n`,
    mode: 0o644,
  },
};

/** Left out of the image: documentation, translations and package lists. */
export const TRIM_PATHS = ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale', 'var/lib/apt/lists', 'var/cache/apt'];

/** Where a development checkout keeps the image `npm run engine:image` built. */
export function devImageDir(repoRoot: string): string {
  return join(repoRoot, '.berth', 'vm-image');
}
