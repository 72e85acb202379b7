import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveDefaults, expandHome, fileError, readableFile, resolveHostPath, writableTarget } from './archive-paths.js';

describe('host paths', () => {
  it('expands ~ for the own home only', () => {
    expect(expandHome('~', '/home/u')).toBe('/home/u');
    expect(expandHome(' ~/Downloads/x.tar ', '/home/u')).toBe('/home/u/Downloads/x.tar');
    expect(expandHome('/srv/~/x', '/home/u')).toBe('/srv/~/x');
    expect(() => resolveHostPath('~bob/x.tar', '/home/u')).toThrow('Berth understands ~ only for your own home folder; write ~bob/x.tar out in full.');
  });
  it('refuses relative and empty paths with a sentence', () => {
    expect(() => resolveHostPath('images.tar', '/home/u')).toThrow('Give a full path, starting with / or ~ (not "images.tar").');
    expect(() => resolveHostPath('  ', '/home/u')).toThrow('Give the path of a file.');
  });
  it('says what a file-system error means for the user', () => {
    const e = (code: string) => Object.assign(new Error(code), { code });
    expect(fileError(e('ENOENT'), '/x/y.tar', 'read').message).toBe('There is no file at /x/y.tar.');
    expect(fileError(e('ENOENT'), '/x/y.tar', 'write').message).toBe('The folder /x does not exist. Choose an existing folder.');
    expect(fileError(e('EACCES'), '/x/y.tar', 'read').message).toBe(
      'Berth may not read /x/y.tar (permission denied). Choose another file or change its permissions.',
    );
    expect(fileError(e('EISDIR'), '/x', 'write').message).toBe('/x is a folder. Give the path of a file in it, e.g. /x/images.tar.');
  });
});

describe('checks on real files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-archive-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'old.tar'), 'keep me');
  writeFileSync(join(dir, 'empty.tar'), '');
  it('refuses an existing target unless asked to replace it, and a missing folder', async () => {
    await expect(writableTarget(join(dir, 'old.tar'), false)).rejects.toThrow(
      `${join(dir, 'old.tar')} already exists. Choose another name, or tick "Replace the existing file".`,
    );
    await expect(writableTarget(join(dir, 'old.tar'), true)).resolves.toBeUndefined();
    await expect(writableTarget(join(dir, 'new.tar'), false)).resolves.toBeUndefined();
    await expect(writableTarget(join(dir, 'nope', 'x.tar'), false)).rejects.toThrow(
      `The folder ${join(dir, 'nope')} does not exist. Choose an existing folder.`,
    );
    await expect(writableTarget(dir, true)).rejects.toThrow(/is a folder\. Give the path of a file in it/);
    expect(readFileSync(join(dir, 'old.tar'), 'utf8')).toBe('keep me');
  });
  it('reads sizes, and refuses folders, empty and missing files', async () => {
    expect(await readableFile(join(dir, 'old.tar'))).toBe(7);
    await expect(readableFile(dir)).rejects.toThrow(`${dir} is a folder. Give the path of a file.`);
    await expect(readableFile(join(dir, 'empty.tar'))).rejects.toThrow('is empty.');
    await expect(readableFile(join(dir, 'missing.tar'))).rejects.toThrow(`There is no file at ${join(dir, 'missing.tar')}.`);
  });
  it('defaults to Downloads when there is one, else home', async () => {
    expect((await archiveDefaults(dir)).folder).toBe(dir);
    mkdirSync(join(dir, 'Downloads'));
    expect(await archiveDefaults(dir)).toEqual({ folder: join(dir, 'Downloads'), sep: '/' });
  });
});
