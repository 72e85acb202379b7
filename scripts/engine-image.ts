/**
 * `npm run engine:image`: the VM image Berth's VM mode boots, built from
 * Debian packages only with mmdebstrap: the cloud kernel and its initrd, and
 * an ext4 root filesystem holding dockerd, containerd and runc that boots
 * straight to the engine (systemd, no cloud-init, nothing installed at boot).
 * It writes `vmlinuz`, `initrd.img`, `rootfs.ext4.zst` and `manifest.json`
 * (every package with its version, sizes and sha256s) to `.berth/vm-image`
 * (or the folder given), and prints the sizes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENABLE_UNITS, GUEST_FILES, IMAGE_PACKAGES, IMAGE_SUITE, MASK_UNITS, ROOT_LABEL, TRIM_PATHS } from '../engine/vm/recipe.js';

const outDir = resolve(process.argv[2] ?? '.berth/vm-image');
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file)) h.update(c as Buffer);
  return h.digest('hex');
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

const work = mkdtempSync('/tmp/berth-vm-image-');
try {
  const t0 = Date.now();
  const root = join(work, 'root');
  console.log(`Building the VM image from Debian ${IMAGE_SUITE} packages: ${IMAGE_PACKAGES.join(', ')}`);
  run('mmdebstrap', ['--variant=minbase', '--quiet', `--include=${IMAGE_PACKAGES.join(',')}`, IMAGE_SUITE, root]);
  for (const [path, { text, mode }] of Object.entries(GUEST_FILES)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text, { mode });
  }
  run('chroot', [root, 'systemctl', 'enable', '--quiet', ...ENABLE_UNITS]);
  run('chroot', [root, 'systemctl', 'mask', '--quiet', ...MASK_UNITS]);
  const packages = execFileSync('chroot', [root, 'dpkg-query', '-W', '-f=${Package} ${Version}\\n']).toString().trim().split('\n');
  for (const p of TRIM_PATHS) {
    const [dir, last] = [join(root, p, '..'), p.split('/').pop()!];
    const names = last.endsWith('*') ? readdirSync(dir).filter((n) => n.startsWith(last.slice(0, -1))) : [last];
    for (const n of names) rmSync(join(dir, n), { recursive: true, force: true });
  }
  const boot = readdirSync(join(root, 'boot'));
  const kernel = boot.find((f) => f.startsWith('vmlinuz-'));
  const initrd = boot.find((f) => f.startsWith('initrd.img-'));
  if (!kernel || !initrd) throw new Error(`The image has no kernel or initrd in /boot (${boot.join(', ')}).`);
  const staging = join(work, 'out');
  mkdirSync(staging);
  copyFileSync(join(root, 'boot', kernel), join(staging, 'vmlinuz'));
  copyFileSync(join(root, 'boot', initrd), join(staging, 'initrd.img'));
  // The root filesystem: as big as its files plus room for the guest's own writes (the engine's data lives on a separate disk).
  const used = Number(execFileSync('du', ['-sb', root]).toString().split('\t')[0]);
  const size = Math.ceil((used * 1.3 + 256 * 1024 * 1024) / (1024 * 1024));
  const raw = join(work, 'rootfs.ext4');
  run('truncate', ['-s', `${size}M`, raw]);
  run('mkfs.ext4', ['-q', '-L', ROOT_LABEL, '-d', root, raw]);
  run('zstd', ['-q', '-T0', '-12', '--sparse', raw, '-o', join(staging, 'rootfs.ext4.zst')]);
  const files: Record<string, { bytes: number; sha256: string }> = {};
  for (const f of ['vmlinuz', 'initrd.img', 'rootfs.ext4.zst']) files[f] = { bytes: statSync(join(staging, f)).size, sha256: await sha256(join(staging, f)) };
  writeFileSync(join(staging, 'manifest.json'), JSON.stringify({ suite: IMAGE_SUITE, kernel, rootBytes: size * 1024 * 1024, packages, files }, null, 2));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, '..'), { recursive: true });
  cpSync(staging, outDir, { recursive: true });
  const compressed = Object.values(files).reduce((a, f) => a + f.bytes, 0);
  console.log(`VM image in ${outDir} after ${((Date.now() - t0) / 1000).toFixed(0)} s: ${compressed.toLocaleString('en-US')} bytes compressed (${mb(compressed)}; budget 300 MB), root filesystem ${mb(used)} of files in ${mb(size * 1024 * 1024)}, ${packages.length} packages.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
