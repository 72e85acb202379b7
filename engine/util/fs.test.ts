import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './fs.js';

describe('writeFileAtomic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-fs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a file whole, private to the user', async () => {
    const file = join(dir, 'settings.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('leaves no temp file behind when the write cannot land', async () => {
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'taken']);
  });
});
