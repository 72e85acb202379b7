import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newcArchive } from './cpio.js';

const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));

describe('newcArchive', () => {
  it.skipIf(!busybox)('writes an archive busybox cpio unpacks to the same folders, files, modes and links', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpio-'));
    try {
      const script = Buffer.from('#!/bin/sh\necho hi ü\n');
      const odd = Buffer.from('x'.repeat(5));
      const archive = newcArchive([
        { name: 'bin', mode: 0o40755 },
        { name: 'bin/init', mode: 0o100755, data: script },
        { name: 'bin/odd', mode: 0o100644, data: odd },
        { name: 'bin/sh', mode: 0o120777, data: Buffer.from('init') },
        { name: 'modules', mode: 0o40700 },
        { name: 'modules/a b.ko', mode: 0o100600, data: Buffer.alloc(1000, 7) },
      ]);
      expect(archive.length % 512).toBe(0);
      writeFileSync(join(dir, 'a.cpio'), archive);
      const out = join(dir, 'out');
      execFileSync('sh', ['-c', `mkdir ${out} && cd ${out} && ${busybox} cpio -i -d < ../a.cpio`]);
      const listed = execFileSync('sh', ['-c', `${busybox} cpio -t < ${join(dir, 'a.cpio')}`])
        .toString()
        .trim()
        .split('\n');
      expect(listed).toEqual(['bin', 'bin/init', 'bin/odd', 'bin/sh', 'modules', 'modules/a b.ko']);
      expect(readFileSync(join(out, 'bin/init'))).toEqual(script);
      expect(lstatSync(join(out, 'bin/init')).mode & 0o7777).toBe(0o755);
      expect(readFileSync(join(out, 'bin/odd'))).toEqual(odd);
      expect(readlinkSync(join(out, 'bin/sh'))).toBe('init');
      expect(lstatSync(join(out, 'modules')).mode & 0o7777).toBe(0o700);
      expect(readFileSync(join(out, 'modules/a b.ko'))).toEqual(Buffer.alloc(1000, 7));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
