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
  // Berth's own initramfs runs busybox (see INITRAMFS_INIT).
  'busybox-static',
];

/** The root filesystem's label, as the kernel command line names it. */
export const ROOT_LABEL = 'berthroot';
/** The data disk's serial, as QEMU gives it and the guest finds it (in /sys/block/vdX/serial). */
export const DATA_SERIAL = 'berthdata';
/** The shared folder's virtiofs tag. */
export const SHARE_TAG = 'berthshare';

/**
 * Berth's initramfs, in place of the kernel package's (15 MB, which under TCG took 3–4 s to unpack and to run
 * udev over every device): busybox, the modules the root disk needs, and this /init, which loads them, mounts the
 * root filesystem by its label and hands over to systemd.
 */
/** The modules the root disk needs (with what they need, in the order modules.dep gives, written to /modules/order). */
export const INITRAMFS_MODULES = ['virtio_pci', 'virtio_blk'];
export const INITRAMFS_INIT = `#!/bin/busybox sh
b=/bin/busybox
$b mkdir -p /proc /sys /dev /root
$b mount -t proc proc /proc
$b mount -t sysfs sysfs /sys
$b mount -t devtmpfs devtmpfs /dev
for m in $($b cat /modules/order); do $b insmod /modules/$m.ko || echo "berth: module $m did not load"; done
i=0
until root=$($b findfs LABEL=${ROOT_LABEL} 2>/dev/null); do
  i=$((i + 1))
  # /init ending panics the kernel, which (panic=-1, QEMU's -no-reboot) ends the VM: Berth says why, from this line.
  if [ $i -gt 500 ]; then echo "berth: no root filesystem labelled ${ROOT_LABEL}"; exit 1; fi
  $b usleep 20000
done
$b mount -o rw,noatime "$root" /root
for d in dev proc sys; do $b mount -o move /$d /root/$d; done
exec $b switch_root /root /sbin/init
`;

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

# The data disk by its serial, from the kernel's own view (the initramfs loaded virtio_blk): no waiting for udev.
data=
for serial in /sys/block/vd*/serial; do
  [ "$(cat "$serial" 2>/dev/null)" = ${DATA_SERIAL} ] && data=/dev/$(basename "$(dirname "$serial")")
done
if [ -z "$data" ]; then echo "berth: no data disk (serial ${DATA_SERIAL})"; exit 1; fi
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
    // Early, beside the rest of the system's start rather than after it (it needs neither udev nor the network).
    text: `[Unit]\nDescription=Berth: keys, data disk and shared folder from the host\nDefaultDependencies=no\nAfter=systemd-journald.socket\nBefore=ssh.service containerd.service docker.service shutdown.target\nConflicts=shutdown.target\n\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/local/sbin/berth-setup\nStandardOutput=journal+console\nStandardError=journal+console\n\n[Install]\nWantedBy=multi-user.target\n`,
    mode: 0o644,
  },
  // Every boot starts from the image as built: a journal kept on disk would be lost anyway.
  'etc/systemd/journald.conf.d/berth.conf': { text: '[Journal]\nStorage=volatile\n', mode: 0o644 },
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
  // docker.service is Type=notify: it is started once dockerd says it serves its API (on the socket systemd holds
  // open from early on), so nothing needs asking (`docker version`, a Go program, took 1–2 s to start under TCG).
  'etc/systemd/system/berth-ready.service': {
    text: `[Unit]\nDescription=Tell the host the engine is up\nAfter=docker.service\nRequires=docker.service\n\n[Service]\nType=oneshot\nExecStart=/bin/sh -c 'echo ${READY_MARKER} > /dev/ttyS0'\n\n[Install]\nWantedBy=multi-user.target\n`,
    mode: 0o644,
  },
};

/**
 * Orderings taken out of the packages' units (the unit is copied to /etc/systemd/system without them): dockerd
 * starts beside containerd rather than after it, since it waits for containerd's socket itself (up to 60 s), and
 * each took 2–4 s to start under TCG.
 */
export const UNORDERED: Readonly<Record<string, readonly string[]>> = { 'docker.service': ['containerd.service'] };

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
  // Nothing the engine needs, each a process to start at boot.
  'e2scrub_reap.service',
  'systemd-pstore.service',
  'modprobe@efi_pstore.service',
  'modprobe@dm_mod.service',
  'dev-hugepages.mount',
  'sys-kernel-debug.mount',
  'sys-kernel-tracing.mount',
  // The engine waits for network-online.target, which this held back by seconds; it needs no address to start, and
  // the host reaches the guest (SSH) only once it answers anyway.
  'systemd-networkd-wait-online.service',
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
