import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecentComposeProject } from './contract.js';
import { filesForPath, RECENT_LIMIT, RecentComposeProjects, withRecent } from './open-project.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'berth-open-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const recent = (name: string, openedAt = 1): RecentComposeProject => ({
  name,
  files: [`/p/${name}/compose.yaml`],
  workingDir: `/p/${name}`,
  envFiles: [],
  profiles: [],
  openedAt,
});

describe('the path the Open project dialog names', () => {
  it('is a compose file, or a directory holding one (with its override), else a sentence', () => {
    const d = tempDir();
    writeFileSync(join(d, 'docker-compose.yml'), 'services: {}\n');
    writeFileSync(join(d, 'compose.override.yaml'), 'services: {}\n');
    mkdirSync(join(d, 'empty'));
    expect(filesForPath(join(d, 'docker-compose.yml'))).toEqual([join(d, 'docker-compose.yml')]);
    expect(filesForPath(`${d}/`)).toEqual([join(d, 'docker-compose.yml'), join(d, 'compose.override.yaml')]);
    expect(() => filesForPath(join(d, 'empty'))).toThrow(
      `There is no compose file in ${join(d, 'empty')}: Berth looked for compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml.`,
    );
    expect(() => filesForPath(join(d, 'nope.yaml'))).toThrow(`There is no file or directory at ${join(d, 'nope.yaml')}.`);
    expect(() => filesForPath('  ')).toThrow('Give the path of a compose file, or of the directory that holds one.');
    expect(() => filesForPath('relative/compose.yaml')).toThrow('Give a full path, starting with / or ~ (not "relative/compose.yaml").');
    expect(filesForPath('~/docker-compose.yml', d)).toEqual([join(d, 'docker-compose.yml')]);
  });
});

describe('the recent projects', () => {
  it('puts the newest first, replaces one of the same name, and keeps at most the limit', () => {
    const list = Array.from({ length: RECENT_LIMIT }, (_, i) => recent(`p${i}`));
    const next = withRecent(list, recent('p5', 2));
    expect(next.map((r) => r.name).slice(0, 3)).toEqual(['p5', 'p0', 'p1']);
    expect(next).toHaveLength(RECENT_LIMIT);
    expect(withRecent(list, recent('new')).map((r) => r.name)).toEqual(['new', ...list.slice(0, RECENT_LIMIT - 1).map((r) => r.name)]);
  });

  it('remembers an opened project in settings.json, and nothing for a file that does not load', async () => {
    const d = tempDir();
    const settings = join(d, 'settings.json');
    writeFileSync(join(d, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n  db:\n    image: busybox\n');
    writeFileSync(join(d, 'bad.yaml'), 'services:\n  web:\n    image: busybox\n    restart: 5\n');
    const r = new RecentComposeProjects(settings);
    const opened = await r.open({ path: d, projectName: 'shop', profiles: [], envFiles: [] });
    expect(opened.services).toEqual(['db', 'web']);
    expect(opened.project).toMatchObject({ name: 'shop', files: [join(d, 'compose.yaml')], workingDir: d });
    await expect(r.open({ path: join(d, 'bad.yaml'), projectName: 'bad', profiles: [], envFiles: [] })).rejects.toThrow(
      /bad\.yaml:4:\d+: services\.web\.restart/,
    );
    expect((await r.list()).map((p) => p.name)).toEqual(['shop']);
    expect(JSON.parse(readFileSync(settings, 'utf8')).compose.recent[0].name).toBe('shop');
    expect(await r.forget('shop')).toEqual([]);
  });
});
