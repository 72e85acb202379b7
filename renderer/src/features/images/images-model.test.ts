import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../../engine/contract/dto';
import { imageRows, implicitHubDestination, reuseUnchanged, rowCount, rowName, usersText } from './images-model';

const img = (id: string, tags: string[], over: Partial<ImageSummary> = {}): ImageSummary => ({
  id: `sha256:${id.padEnd(64, '0')}`,
  tags,
  size: 10,
  created: 1,
  digests: [],
  containers: [],
  ...over,
});

const web = img('aaa', ['app/web:1', 'app/web:latest'], { size: 300, created: 5, containers: [{ id: 'c1', name: 'shop-web', state: 'running' }] });
const db = img('bbb', ['db:16'], { size: 900, created: 3, digests: ['db@sha256:feedbeef'] });
const none = img('ccc', [], { size: 50, created: 9 });
const all = [web, db, none];
const newest = { key: 'created', desc: true } as const;

describe('image rows', () => {
  it('gives one row per name and one per dangling image, newest first', () => {
    expect(imageRows(all, 'all', '', newest).map(rowName)).toEqual(['ccc000000000', 'app/web:1', 'app/web:latest', 'db:16']);
  });
  it('counts those rows without building them', () => {
    expect(rowCount(all)).toBe(imageRows(all, 'all', '', newest).length);
  });
  it('filters in use, unused and dangling', () => {
    expect(imageRows(all, 'in-use', '', newest).map(rowName)).toEqual(['app/web:1', 'app/web:latest']);
    expect(imageRows(all, 'unused', '', newest).map(rowName)).toEqual(['ccc000000000', 'db:16']);
    expect(imageRows(all, 'dangling', '', newest).map(rowName)).toEqual(['ccc000000000']);
  });
  it('searches names, id prefixes, digests and container names', () => {
    expect(imageRows(all, 'all', 'latest', newest).map(rowName)).toEqual(['app/web:latest']);
    expect(imageRows(all, 'all', 'sha256:bbb', newest).map(rowName)).toEqual(['db:16']);
    expect(imageRows(all, 'all', 'feedbeef', newest).map(rowName)).toEqual(['db:16']);
    expect(imageRows(all, 'all', 'shop', newest).map(rowName)).toEqual(['app/web:1', 'app/web:latest']);
    expect(imageRows(all, 'all', '<none>', newest).map(rowName)).toEqual(['ccc000000000']);
  });
  it('sorts by name (dangling last either way) and by size', () => {
    expect(imageRows(all, 'all', '', { key: 'name', desc: false }).map(rowName)).toEqual(['app/web:1', 'app/web:latest', 'db:16', 'ccc000000000']);
    expect(imageRows(all, 'all', '', { key: 'name', desc: true }).map(rowName)).toEqual(['db:16', 'app/web:latest', 'app/web:1', 'ccc000000000']);
    expect(imageRows(all, 'all', '', { key: 'size', desc: true }).map(rowName)).toEqual(['db:16', 'app/web:1', 'app/web:latest', 'ccc000000000']);
  });
  it('names at most two users, then counts the rest', () => {
    const many = img('ddd', ['x:1'], { containers: ['a', 'b', 'c', 'd'].map((n) => ({ id: n, name: n, state: 'exited' })) });
    expect(usersText(many)).toBe('a, b +2');
    expect(usersText(web)).toBe('shop-web');
  });
});

describe('a push that would go to Docker Hub without saying so', () => {
  it('names Docker Hub in full for a reference with no registry host', () => {
    expect(implicitHubDestination('local/web:1')).toBe('docker.io/local/web:1');
    expect(implicitHubDestination('web')).toBe('docker.io/library/web:latest');
    expect(implicitHubDestination('team/app')).toBe('docker.io/team/app:latest');
  });

  it('asks nothing when the reference names its registry, Docker Hub included, or is not valid', () => {
    expect(implicitHubDestination('127.0.0.1:5000/x')).toBeUndefined();
    expect(implicitHubDestination('localhost/app:1')).toBeUndefined();
    expect(implicitHubDestination('registry.example/team/app:2')).toBeUndefined();
    expect(implicitHubDestination('docker.io/local/web:1')).toBeUndefined();
    expect(implicitHubDestination('index.docker.io/library/web')).toBeUndefined();
    expect(implicitHubDestination('Not/Valid')).toBeUndefined();
  });
});

describe('a new images list', () => {
  it('keeps the objects of unchanged images, so only the rows of changed ones re-render', () => {
    const first = reuseUnchanged({}, all);
    expect(first.images).toEqual(all);
    const webAgain = structuredClone(web);
    const dbUsed = { ...structuredClone(db), containers: [{ id: 'c2', name: 'pg', state: 'exited' }] };
    const fresh = img('ddd', ['new:1']);
    const second = reuseUnchanged(first.byId, [webAgain, dbUsed, fresh]);
    expect(second.images[0]).toBe(first.byId[web.id]);
    expect(second.images[1]).toBe(dbUsed);
    expect(second.images[2]).toBe(fresh);
    expect(Object.keys(second.byId)).toEqual([web.id, db.id, fresh.id]);
    expect(second.byId[db.id]!.containers).toHaveLength(1);
    // A removed image is gone from the index.
    expect(second.byId[none.id]).toBeUndefined();
    // An array that only changed order is a change.
    const reordered = { ...structuredClone(web), tags: ['app/web:latest', 'app/web:1'] };
    expect(reuseUnchanged(second.byId, [reordered]).images[0]).toBe(reordered);
  });
});
