/**
 * What the VM image holds (read by `npm run engine:image`) and where a
 * development checkout finds it. Debian packages only; the guest boots with
 * systemd straight to the engine and says so on its serial console.
 *
 * What the host hands the guest at boot travels in QEMU's fw_cfg, under
 * opt/berth/: the guest's SSH host key, the one key allowed to log in, the
 * path of the shared host folder, and the engine's daemon.json. The engine's data lives on a second
 * disk (serial "berthdata"), formatted on first boot and grown when the
 * disk grows; the root disk is opened read-only-with-snapshot, so every
 * boot starts from the image as built.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appRoot, resourcesDir } from '../../util/root.js';

export const IMAGE_SUITE = 'bookworm';
/** The guest architecture this recipe builds (its kernel package is amd64's). An arm64 image for Apple-silicon Macs would use linux-image-cloud-arm64. */
export const IMAGE_ARCH = 'x86_64';

/** The kernel, the engine, and what the guest needs to reach and run it (no cloud-init, nothing installed at boot). */
export const IMAGE_PACKAGES = [
  'linux-image-cloud-amd64',
  'systemd-sysv',
  'udev',
  'kmod',
  'iproute2',
  'iptables',
  'ca-certificates',
  'e2fsprogs',
  'docker.io',
  'containerd',
  'runc',
  'apparmor',
  'openssh-server',
  'acpid',
];

/** The root filesystem's label, as the kernel command line names it. */
export const ROOT_LABEL = 'berthroot';
/** The data disk's serial, as QEMU gives it and the guest finds it under /dev/disk/by-id. */
export const DATA_SERIAL = 'berthdata';
/** The shared folder's virtiofs tag. */
export const SHARE_TAG = 'berthshare';

/** Boot stages as they show on the serial console. */
export const KERNEL_MARKER = 'Linux version';
/** What the guest prints once the host's keys, the data disk and the share are in place. */
export const SETUP_MARKER = 'BERTH-GUEST-READY';
/** What the guest prints on its serial console once `docker version` answers inside it. */
export const READY_MARKER = 'BERTH-ENGINE-READY';

/** fw_cfg entries the host passes (QEMU names them opt/berth/<name>). */
export const FW_CFG = {
  hostKey: 'opt/berth/host_key',
  authorizedKey: 'opt/berth/authorized_key',
  share: 'opt/berth/share',
  daemonJson: 'opt/berth/daemon_json',
} as const;

/** The guest's Docker socket, which the host reaches through SSH. */
export const GUEST_DOCKER_SOCKET = '/run/docker.sock';

const SETUP_SCRIPT = `#!/bin/sh
# Berth: take the keys, the data disk and the shared folder the host hands over.
set -eu
modprobe qemu_fw_cfg
cfg=/sys/firmware/qemu_fw_cfg/by_name/opt/berth
mkdir -p -m 700 /run/berth
install -m 600 "$cfg/host_key/raw" /run/berth/ssh_host_ed25519_key
install -m 600 "$cfg/authorized_key/raw" /run/berth/authorized_keys

data=/dev/disk/by-id/virtio-${DATA_SERIAL}
udevadm settle --timeout=30
if ! blkid "$data" >/dev/null 2>&1; then
  echo "berth: formatting the new data disk"
  mkfs.ext4 -q -L ${DATA_SERIAL} -E lazy_itable_init=1,lazy_journal_init=1 "$data"
else
  # Repairs what a killed VM left; only errors that need a person stop the boot.
  e2fsck -p "$data" || [ $? -lt 4 ]
fi
mkdir -p /mnt/berth-data
mount -o noatime "$data" /mnt/berth-data
resize2fs "$data" >/dev/null 2>&1 || echo "berth: the data disk could not be grown"
for d in docker containerd; do
  mkdir -p /mnt/berth-data/$d /var/lib/$d
  mount --bind /mnt/berth-data/$d /var/lib/$d
done

if [ -e "$cfg/daemon_json/raw" ]; then
  mkdir -p /etc/docker
  install -m 644 "$cfg/daemon_json/raw" /etc/docker/daemon.json
fi

if [ -e "$cfg/share/raw" ]; then
  share=$(cat "$cfg/share/raw")
  modprobe virtiofs
  mkdir -p "$share"
  mount -t virtiofs ${SHARE_TAG} "$share" && echo "berth: sharing $share" || echo "berth: the shared folder $share could not be mounted"
fi
echo ${SETUP_MARKER}
`;

const afterSetup = (extra = '') => `[Unit]\nRequires=berth-setup.service\nAfter=berth-setup.service\n${extra}`;

/** Files written into the guest before the image is made, by path. */
export const GUEST_FILES: Readonly<Record<string, { readonly text: string; readonly mode: number }>> = {
  'etc/hostname': { text: 'berth-vm\n', mode: 0o644 },
  'etc/fstab': { text: `LABEL=${ROOT_LABEL} / ext4 defaults,noatime 0 1\n`, mode: 0o644 },
  // QEMU's user network hands out an address by DHCP.
  'etc/systemd/network/10-dhcp.network': { text: '[Match]\nName=en*\n\n[Network]\nDHCP=yes\n', mode: 0o644 },
  'usr/local/sbin/berth-setup': { text: SETUP_SCRIPT, mode: 0o755 },
  'etc/systemd/system/berth-setup.service': {
    text: `[Unit]\nDescription=Berth: keys, data disk and shared folder from the host\nAfter=systemd-udevd.service local-fs.target\nBefore=ssh.service containerd.service docker.service\n\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/local/sbin/berth-setup\nStandardOutput=journal+console\nStandardError=journal+console\n\n[Install]\nWantedBy=multi-user.target\n`,
    mode: 0o644,
  },
  // The engine's own log goes to the console too, so the host's VM log holds it.
  'etc/systemd/system/docker.service.d/berth.conf': {
    text: afterSetup('\n[Service]\nStandardOutput=journal+console\nStandardError=journal+console\n'),
    mode: 0o644,
  },
  'etc/systemd/system/containerd.service.d/berth.conf': { text: afterSetup(), mode: 0o644 },
  'etc/systemd/system/ssh.service.d/berth.conf': { text: afterSetup(), mode: 0o644 },
  // Only the host's key logs in, as root (it drives the engine, which is root-equivalent anyway). OpenSSH grants
  // unix-socket forwards (the Docker socket) only with local TCP forwarding, so that is allowed too.
  'etc/ssh/sshd_config.d/berth.conf': {
    text: [
      'HostKey /run/berth/ssh_host_ed25519_key',
      'AuthorizedKeysFile /run/berth/authorized_keys',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'AllowTcpForwarding local',
      'AllowStreamLocalForwarding local',
      'AllowAgentForwarding no',
      'X11Forwarding no',
      'UseDNS no',
      '',
    ].join('\n'),
    mode: 0o644,
  },
  // ACPI power button (the host's clean shutdown) → power off.
  'etc/acpi/events/berth-power': { text: 'event=button/power.*\naction=/bin/systemctl poweroff\n', mode: 0o644 },
  'etc/systemd/system/berth-ready.service': {
    text: `[Unit]\nDescription=Tell the host the engine is up\nAfter=docker.service\nRequires=docker.service\n\n[Service]\nType=oneshot\nExecStart=/bin/sh -c 'until docker version >/dev/null 2>&1; do sleep 0.2; done; echo ${READY_MARKER} > /dev/ttyS0'\n\n[Install]\nWantedBy=multi-user.target\n`,
    mode: 0o644,
  },
};

export const ENABLE_UNITS = ['systemd-networkd', 'docker', 'berth-setup', 'berth-ready', 'acpid'];
/** Nobody logs in on a console, and nothing runs on a timer. */
export const MASK_UNITS = [
  'serial-getty@ttyS0.service',
  'getty@tty1.service',
  'getty-static.service',
  'apt-daily.timer',
  'apt-daily-upgrade.timer',
  'dpkg-db-backup.timer',
  'e2scrub_all.timer',
  'fstrim.timer',
];

/** Left out of the image: documentation, translations, package lists, and the host keys made at install (each VM gets its own). */
export const TRIM_PATHS = ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale', 'var/lib/apt/lists', 'var/cache/apt', 'etc/ssh/ssh_host_*'];

/** Where builds of the image are kept between runs (`npm run engine:image -- --cache`), per user. */
export function imageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME ?? join(env.HOME || homedir(), '.cache'), 'berth', 'vm-image');
}

/** Where a development checkout keeps the image `npm run engine:image` built. */
export function devImageDir(repoRoot: string): string {
  return join(repoRoot, '.berth', 'vm-image');
}

/**
 * Where the image is: BERTH_VM_IMAGE, else beside the packaged app
 * (`<resources>/vm-image`, from electron-builder's extraResources), else the
 * development checkout's `.berth/vm-image`.
 */
export function findImageDir(env: NodeJS.ProcessEnv = process.env): string {
  const resourcesPath = resourcesDir(env);
  const candidates = [env.BERTH_VM_IMAGE, resourcesPath && join(resourcesPath, 'vm-image'), devImageDir(appRoot)].filter((d): d is string => !!d);
  const found = candidates.find((d) => existsSync(join(d, 'manifest.json')));
  if (!found) throw new Error(`VM mode needs the VM image, which is not built yet (looked in ${candidates.join(', ')}): run \`npm run engine:image\`.`);
  return found;
}
