/**
 * `npm run engine:image`: the VM image Berth's VM mode boots, built from
 * Debian packages only with mmdebstrap: the cloud kernel and its initrd, and
 * an ext4 root filesystem holding dockerd, containerd and runc that boots
 * straight to the engine (systemd, no cloud-init, nothing installed at boot).
 * It writes `vmlinuz`, `initrd.img`, `rootfs.ext4.zst` and `manifest.json`
 * (every package with its version, sizes and sha256s) to `.berth/vm-image`
 * (or the folder given), and prints the sizes.
 *
 * `--pin <manifest.json>` installs exactly the package versions an earlier
 * build recorded (the build fails, naming the package, when the archive no
 * longer has one). Timestamps come from SOURCE_DATE_EPOCH (set from the
 * pinned manifest's `sourceDateEpoch`, else now), and the filesystem's UUID
 * and hash seed from the package list, so the same versions give the same
 * files with the same dates and the same filesystem identity.
 *
 * `--cache <dir>` keeps the output folder when its image was built from the
 * same recipe, else reuses one from the cache built from it within the last
 * 7 days (CI keeps one between runs where its disk persists), and stores a
 * fresh build there. Without it the image is always built afresh.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ENABLE_UNITS,
  GUEST_FILES,
  IMAGE_ARCH,
  IMAGE_PACKAGES,
  IMAGE_SUITE,
  INITRAMFS_INIT,
  INITRAMFS_MODULES,
  MASK_UNITS,
  ROOT_LABEL,
  TRIM_PATHS,
  UNORDERED,
} from '../engine/engine/vm/recipe.js';
import { newcArchive, type CpioEntry } from './cpio.js';

const { values: flags, positionals } = parseArgs({ options: { pin: { type: 'string' }, cache: { type: 'string' } }, allowPositionals: true });
const pinFile = flags.pin;
const cacheRoot = flags.cache === undefined ? undefined : resolve(flags.cache);
const outDir = resolve(positionals[0] ?? '.berth/vm-image');
const CACHE_DAYS = 7;
const pinned = pinFile ? (JSON.parse(readFileSync(pinFile, 'utf8')) as { packages: string[]; sourceDateEpoch?: number }) : undefined;
const sourceDateEpoch = pinned?.sourceDateEpoch ?? Math.floor(Date.now() / 1000);
process.env.SOURCE_DATE_EPOCH = String(sourceDateEpoch);
process.env.E2FSPROGS_FAKE_TIME = String(sourceDateEpoch);
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file)) h.update(c as Buffer);
  return h.digest('hex');
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

// The cache key: the recipe and this script, as written.
const here = fileURLToPath(import.meta.url);
const recipeKey = createHash('sha256')
  .update(readFileSync(here))
  .update(readFileSync(join(dirname(here), '..', 'engine', 'engine', 'vm', 'recipe.ts')))
  .update(pinFile ? readFileSync(pinFile) : '')
  .digest('hex')
  .slice(0, 16);
const cached = cacheRoot && join(cacheRoot, recipeKey);
const recipeOf = (dir: string) => {
  try {
    return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { recipe?: string }).recipe;
  } catch {
    return undefined;
  }
};
if (cached && recipeOf(outDir) === recipeKey) {
  console.log(`VM image in ${outDir} is up to date with the recipe.`);
  process.exit(0);
}
if (cached && existsSync(join(cached, 'manifest.json')) && Date.now() - statSync(join(cached, 'manifest.json')).mtimeMs < CACHE_DAYS * 86_400_000) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, '..'), { recursive: true });
  cpSync(cached, outDir, { recursive: true });
  console.log(`VM image in ${outDir}, from the cache ${cached} (same recipe, built less than ${CACHE_DAYS} days ago).`);
  process.exit(0);
}

const moduleName = (path: string) =>
  path
    .split('/')
    .pop()!
    .replace(/\.ko(\.\w+)?$/, '');

/** Berth's initramfs (recipe.ts, INITRAMFS_INIT): busybox, the root disk's modules and /init, from the built root. */
function initramfs(root: string, kernelVersion: string): Buffer {
  const busybox = join(root, 'bin', 'busybox');
  const applets = execFileSync('chroot', [root, '/bin/busybox', '--list']).toString().split('\n');
  for (const a of ['findfs', 'insmod', 'mount', 'switch_root', 'usleep'])
    if (!applets.includes(a)) throw new Error(`The image's busybox has no ${a}, which the initramfs needs.`);
  const modulesDir = join(root, 'usr', 'lib', 'modules', kernelVersion);
  // Each module after those it needs (modules.dep lists a module's needs, the last to be loaded first).
  const deps = new Map(
    readFileSync(join(modulesDir, 'modules.dep'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => {
        const [path, needs] = l.split(':') as [string, string];
        return [moduleName(path), { path, needs: needs.trim().split(/\s+/).filter(Boolean).map(moduleName).reverse() }] as const;
      }),
  );
  const order: string[] = [];
  const visit = (m: string) => {
    if (order.includes(m)) return;
    const d = deps.get(m);
    if (!d || !d.path.endsWith('.ko')) throw new Error(`The kernel ${kernelVersion} has no uncompressed module ${m} (${d?.path ?? 'not in modules.dep'}).`);
    d.needs.forEach(visit);
    order.push(m);
  };
  INITRAMFS_MODULES.forEach(visit);
  const modules: CpioEntry[] = order.map((m) => ({ name: `modules/${m}.ko`, mode: 0o100644, data: readFileSync(join(modulesDir, deps.get(m)!.path)) }));
  modules.push({ name: 'modules/order', mode: 0o100644, data: Buffer.from(order.join('\n') + '\n') });
  return newcArchive(
    [
      ...['bin', 'dev', 'proc', 'sys', 'root', 'modules'].map((name) => ({ name, mode: 0o40755 })),
      // The kernel opens the console before /init runs.
      { name: 'dev/console', mode: 0o20600, device: [5, 1] as const },
      { name: 'bin/busybox', mode: 0o100755, data: readFileSync(busybox) },
      { name: 'init', mode: 0o100755, data: Buffer.from(INITRAMFS_INIT) },
      ...modules,
    ],
    sourceDateEpoch,
  );
}

const work = mkdtempSync('/tmp/berth-vm-image-');
try {
  const t0 = Date.now();
  const root = join(work, 'root');
  // Pinned: every package at its recorded version ("name=version"); else the recipe's packages at the archive's versions.
  const include = pinned ? pinned.packages.map((p) => p.replace(' ', '=')) : IMAGE_PACKAGES;
  console.log(
    `Building the VM image from Debian ${IMAGE_SUITE} packages: ${pinned ? `${include.length} pinned versions from ${pinFile}` : IMAGE_PACKAGES.join(', ')}`,
  );
  run('mmdebstrap', ['--variant=minbase', '--quiet', `--include=${include.join(',')}`, IMAGE_SUITE, root]);
  for (const [path, { text, mode }] of Object.entries(GUEST_FILES)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text, { mode });
  }
  for (const [unit, drop] of Object.entries(UNORDERED)) {
    const text = readFileSync(join(root, 'usr/lib/systemd/system', unit), 'utf8');
    const unordered = text.replace(
      /^After=(.*)$/gm,
      (_, list: string) =>
        `After=${list
          .split(/\s+/)
          .filter((u) => !drop.includes(u))
          .join(' ')}`,
    );
    if (unordered === text) throw new Error(`${unit} is not ordered after ${drop.join(', ')}: the recipe's UNORDERED is out of date.`);
    writeFileSync(join(root, 'etc/systemd/system', unit), unordered);
  }
  run('chroot', [root, 'systemctl', 'enable', '--quiet', ...ENABLE_UNITS]);
  run('chroot', [root, 'systemctl', 'mask', '--quiet', ...MASK_UNITS]);
  const packages = execFileSync('chroot', [root, 'dpkg-query', '-W', '-f=${Package} ${Version}\\n']).toString().trim().split('\n');
  for (const p of TRIM_PATHS) {
    const [dir, last] = [join(root, p, '..'), p.split('/').pop()!];
    const names = last.endsWith('*') ? readdirSync(dir).filter((n) => n.startsWith(last.slice(0, -1))) : [last];
    for (const n of names) rmSync(join(dir, n), { recursive: true, force: true });
  }
  // No file is newer than SOURCE_DATE_EPOCH (Berth's own files and the enable links were made just now).
  run('find', [root, '-xdev', '-newermt', `@${sourceDateEpoch}`, '-exec', 'touch', '--no-dereference', `--date=@${sourceDateEpoch}`, '{}', '+']);
  const boot = readdirSync(join(root, 'boot'));
  const kernel = boot.find((f) => f.startsWith('vmlinuz-'));
  if (!kernel) throw new Error(`The image has no kernel in /boot (${boot.join(', ')}).`);
  const staging = join(work, 'out');
  mkdirSync(staging);
  copyFileSync(join(root, 'boot', kernel), join(staging, 'vmlinuz'));
  writeFileSync(join(staging, 'initrd.img'), initramfs(root, kernel.slice('vmlinuz-'.length)));
  // The kernel package's own initramfs is not booted: it stays out of the root filesystem.
  for (const f of boot.filter((f) => f.startsWith('initrd.img-'))) rmSync(join(root, 'boot', f));
  // The root filesystem: as big as its files plus room for the guest's own writes (the engine's data lives on a separate disk).
  const used = Number(execFileSync('du', ['-sb', root]).toString().split('\t')[0]);
  const size = Math.ceil((used * 1.3 + 256 * 1024 * 1024) / (1024 * 1024));
  const raw = join(work, 'rootfs.ext4');
  run('truncate', ['-s', `${size}M`, raw]);
  // The filesystem's identity follows from the package list, not from chance.
  const seed = createHash('sha256').update(packages.join('\n')).digest('hex');
  const uuid = `${seed.slice(0, 8)}-${seed.slice(8, 12)}-4${seed.slice(13, 16)}-8${seed.slice(17, 20)}-${seed.slice(20, 32)}`;
  const hashSeed = `${seed.slice(32, 40)}-${seed.slice(40, 44)}-4${seed.slice(45, 48)}-8${seed.slice(49, 52)}-${seed.slice(52, 64)}`;
  run('mkfs.ext4', ['-q', '-L', ROOT_LABEL, '-U', uuid, '-E', `hash_seed=${hashSeed}`, '-d', root, raw]);
  run('zstd', ['-q', '-T0', '-12', '--sparse', raw, '-o', join(staging, 'rootfs.ext4.zst')]);
  const files: Record<string, { bytes: number; sha256: string }> = {};
  for (const f of ['vmlinuz', 'initrd.img', 'rootfs.ext4.zst']) files[f] = { bytes: statSync(join(staging, f)).size, sha256: await sha256(join(staging, f)) };
  writeFileSync(
    join(staging, 'manifest.json'),
    JSON.stringify(
      { suite: IMAGE_SUITE, arch: IMAGE_ARCH, recipe: recipeKey, kernel, sourceDateEpoch, rootBytes: size * 1024 * 1024, packages, files },
      null,
      2,
    ),
  );
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, '..'), { recursive: true });
  cpSync(staging, outDir, { recursive: true });
  if (cached) {
    rmSync(cacheRoot!, { recursive: true, force: true });
    mkdirSync(cacheRoot!, { recursive: true });
    cpSync(staging, cached, { recursive: true });
  }
  const compressed = Object.values(files).reduce((a, f) => a + f.bytes, 0);
  console.log(
    `VM image in ${outDir} after ${((Date.now() - t0) / 1000).toFixed(0)} s: ${compressed.toLocaleString('en-US')} bytes compressed (${mb(compressed)}; budget 300 MB), root filesystem ${mb(used)} of files in ${mb(size * 1024 * 1024)}, ${packages.length} packages.`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
