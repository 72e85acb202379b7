import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureRootDisk, findZstd } from './disks.js';

const dir = mkdtempSync('/tmp/berth-disks-test-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small "root filesystem": data, a long run of zeros, data again; compressed by zstd as the image build does. */
function image(): { imageDir: string; raw: Buffer } {
  const raw = Buffer.concat([Buffer.alloc(70_000, 7), Buffer.alloc(3 * 1024 * 1024), Buffer.from('the end\n')]);
  const imageDir = join(dir, 'image');
  execFileSync('mkdir', ['-p', imageDir]);
  writeFileSync(join(dir, 'rootfs.ext4'), raw);
  execFileSync('zstd', ['-q', '-f', join(dir, 'rootfs.ext4'), '-o', join(imageDir, 'rootfs.ext4.zst')]);
  const sha256 = createHash('sha256')
    .update(readFileSync(join(imageDir, 'rootfs.ext4.zst')))
    .digest('hex');
  writeFileSync(
    join(imageDir, 'manifest.json'),
    JSON.stringify({ kernel: 'k', rootBytes: raw.length, packages: [], files: { 'rootfs.ext4.zst': { bytes: 1, sha256 } } }),
  );
  return { imageDir, raw };
}

describe('the root disk', () => {
  const { imageDir, raw } = image();

  it('finds the zstd program on PATH, and none where PATH has none', () => {
    expect(findZstd()).toMatch(/\/zstd$/);
    expect(findZstd({ PATH: dir }, 'linux')).toBeUndefined();
  });

  it('unpacks the same bytes with the zstd program and without it, leaving the zeros as holes', async () => {
    const native = mkdtempSync(join(dir, 'native-'));
    const js = mkdtempSync(join(dir, 'js-'));
    const a = await ensureRootDisk(imageDir, native);
    const b = await ensureRootDisk(imageDir, js, { PATH: dir });
    expect(readFileSync(a).equals(raw)).toBe(true);
    expect(readFileSync(b).equals(raw)).toBe(true);
    for (const f of [a, b]) {
      expect(statSync(f).mode & 0o777).toBe(0o600);
      expect(statSync(f).blocks * 512).toBeLessThan(raw.length);
    }
    // Unpacked once: found again without work.
    expect(await ensureRootDisk(imageDir, native)).toBe(a);
  });
});
