/**
 * The VM image: built by `npm run engine:image` from Debian packages, then
 * booted with QEMU's TCG (software emulation: KVM guests hang on these
 * machines), until the engine inside answers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devImageDir, READY_MARKER } from '../vm/recipe.js';
import { startVm, type Vm } from '../vm/qemu.js';

const imageDir = devImageDir(process.cwd());
const work = mkdtempSync('/tmp/berth-vm-test-');
let vm: Vm | undefined;

beforeAll(() => {
  if (!existsSync(join(imageDir, 'manifest.json'))) execFileSync('node', ['--import', 'tsx', 'scripts/engine-image.ts', imageDir], { stdio: 'inherit' });
}, 600_000);
afterAll(() => {
  vm?.kill();
  rmSync(work, { recursive: true, force: true });
});

describe('the VM image', () => {
  it('is made of Debian packages with their versions recorded, within the 300 MB budget', () => {
    const manifest = JSON.parse(readFileSync(join(imageDir, 'manifest.json'), 'utf8')) as { packages: string[]; files: Record<string, { bytes: number; sha256: string }> };
    for (const p of ['docker.io', 'containerd', 'runc', 'linux-image-cloud-amd64', 'openssh-server']) expect(manifest.packages.some((l) => l.startsWith(`${p} `))).toBe(true);
    expect(manifest.packages.some((l) => l.startsWith('cloud-init '))).toBe(false);
    const total = Object.values(manifest.files).reduce((a, f) => a + f.bytes, 0);
    expect(total).toBeLessThan(300 * 1024 * 1024);
    expect(Object.keys(manifest.files).sort()).toEqual(['initrd.img', 'rootfs.ext4.zst', 'vmlinuz']);
  });

  it('boots with TCG straight to a running engine', async () => {
    const disk = join(work, 'root.ext4');
    execFileSync('zstd', ['-q', '-d', join(imageDir, 'rootfs.ext4.zst'), '-o', disk]);
    vm = startVm({ imageDir, rootDisk: disk, accel: 'tcg', cpus: 2, memoryMiB: 2048 });
    await vm.waitFor(READY_MARKER, 240_000);
    expect(vm.console()).toContain('berth-vm');
  }, 300_000);
});
