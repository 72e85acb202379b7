import { describe, expect, it } from 'vitest';
import { archiveFileName, archiveProgress, changeLines, checkChangeLines, joinHostPath } from './archive.js';

describe('archive progress', () => {
  it('stays below 100% while running, even when an estimate is passed', () => {
    expect(archiveProgress({ bytes: 50, total: 200, estimated: true, message: '' }).fraction).toBe(0.25);
    expect(archiveProgress({ bytes: 300, total: 200, estimated: true, message: '' }).fraction).toBe(0.99);
    expect(archiveProgress({ bytes: 200, total: 200, estimated: false, message: '' }).fraction).toBe(0.99);
    expect(archiveProgress({ bytes: 0, total: 0, estimated: true, message: '' }).fraction).toBe(0);
  });
  it('reaches 100% when done, and the estimate becomes the real size', () => {
    const p = archiveProgress({ bytes: 2_007_552, total: 1_983_488, estimated: true, message: 'Saved.' }, true);
    expect(p).toMatchObject({ fraction: 1, done: true, total: 2_007_552, estimated: false, images: [] });
    const load = archiveProgress({ bytes: 10, total: 10, estimated: false, message: '', images: ['a:1'], id: 'sha256:x' }, true);
    expect(load).toMatchObject({ total: 10, images: ['a:1'], id: 'sha256:x' });
  });
});

describe('default save file name', () => {
  it('is <repo>_<tag>.tar with unsafe characters replaced', () => {
    expect(archiveFileName(['berth-test/busybox:latest'])).toBe('berth-test_busybox_latest.tar');
    expect(archiveFileName(['registry.example:5000/team/app:v1.2'])).toBe('registry.example_5000_team_app_v1.2.tar');
    expect(archiveFileName(['../../etc/passwd'])).toBe('etc_passwd.tar');
    expect(archiveFileName(['nginx@sha256:' + 'a'.repeat(64)])).toBe('nginx.tar');
  });
  it('names an image id by its short form, and counts the others', () => {
    expect(archiveFileName(['sha256:86c72854a435cd6ba9501ae5e3ba466096e368149b7382120b38dbb2f0ea5e64'])).toBe('image_86c72854a435.tar');
    expect(archiveFileName(['a:1', 'b:2', 'c:3'])).toBe('a_1_and_2_more.tar');
    expect(archiveFileName([])).toBe('images.tar');
  });
  it('joins a folder and a name once', () => {
    expect(joinHostPath('/home/u/Downloads', '/', 'x.tar')).toBe('/home/u/Downloads/x.tar');
    expect(joinHostPath('/', '/', 'x.tar')).toBe('/x.tar');
    expect(joinHostPath('C:\\Users\\u', '\\', 'x.tar')).toBe('C:\\Users\\u\\x.tar');
  });
});

describe('import changes', () => {
  it('keeps the non-empty lines', () => {
    expect(changeLines('CMD ["sh"]\r\n\n  ENV A=1  \n')).toEqual(['CMD ["sh"]', 'ENV A=1']);
  });
  it('accepts instructions the engine takes, in any case', () => {
    expect(checkChangeLines(['CMD ["sh"]', 'env A=1', 'WORKDIR /tmp', 'LABEL a=b'])).toBeUndefined();
  });
  it('names the first line the engine would refuse', () => {
    expect(checkChangeLines(['CMD ["sh"]', 'RUN echo hi'])).toMatch(/^"RUN echo hi" is not a change the engine accepts: start each line with one of CMD, /);
    expect(checkChangeLines(['CMD'])).toBe('"CMD" needs a value, like CMD ["sh"].');
  });
});
