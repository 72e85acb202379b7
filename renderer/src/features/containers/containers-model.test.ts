import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { toSummary } from '../../../../engine/containers/containers';
import type { ContainerDelta, ContainerSummary } from '../../../../engine/contract/dto';
import { applyDelta, countText, emptyModel, filterIds, findContainer, formatPort, uniquePorts, type ContainersModel } from './containers-model';

// Recorded from a real dockerd (see engine/containers/fixtures).
const all = (
  JSON.parse(readFileSync(new URL('../../../../engine/containers/fixtures/containers-list.json', import.meta.url), 'utf8')) as Docker.ContainerInfo[]
).map((c) => toSummary(c));
const recorded = all.filter((c) => c.name === 'web' || c.name === 'made');
const web = recorded.find((c) => c.name === 'web')!;
const made = recorded.find((c) => c.name === 'made')!;

/** A snapshot as the engine sends it: begin, rows in pieces of `per`, end. */
function snapshotDeltas(containers: readonly ContainerSummary[], per = 1): ContainerDelta[] {
  const pieces: ContainerDelta[] = [];
  for (let i = 0; i < containers.length; i += per) pieces.push({ kind: 'snapshot-rows', containers: containers.slice(i, i + per) });
  return [{ kind: 'snapshot-begin', total: containers.length }, ...pieces, { kind: 'snapshot-end' }];
}
const snapshot = (m: ContainersModel, containers: readonly ContainerSummary[], per = 1) => snapshotDeltas(containers, per).reduce(applyDelta, m);

describe('containers model', () => {
  it('takes a snapshot, newest first', () => {
    const m = snapshot(emptyModel, recorded);
    expect(m.loaded).toBe(true);
    expect(m.ids).toEqual([made.id, web.id]);
  });

  it('patches one container in place, keeping the others identical', () => {
    const m = snapshot(emptyModel, recorded);
    const stopped = { ...web, state: 'exited' as const, status: 'Exited (0) 1 second ago' };
    const m2 = applyDelta(m, { kind: 'upsert', container: stopped });
    expect(m2.byId[web.id]!.state).toBe('exited');
    expect(m2.byId[made.id]).toBe(m.byId[made.id]);
    expect(m2.ids).toBe(m.ids);
  });

  it('adds new containers in order and removes gone ones', () => {
    let m = snapshot(emptyModel, [web]);
    m = applyDelta(m, { kind: 'upsert', container: { ...made, id: 'new', created: web.created + 10 } });
    expect(m.ids).toEqual(['new', web.id]);
    m = applyDelta(m, { kind: 'remove', id: web.id });
    expect(m.ids).toEqual(['new']);
    expect(applyDelta(m, { kind: 'remove', id: 'unknown' })).toBe(m);
  });

  it('keeps the list while the engine is away, and replaces it on the next snapshot', () => {
    let m = snapshot(emptyModel, recorded);
    m = applyDelta(m, { kind: 'unavailable', reason: 'The engine is stopped.' });
    expect(m.unavailable).toBe('The engine is stopped.');
    expect(m.ids).toHaveLength(2);
    m = snapshot(m, [web]);
    expect(m.unavailable).toBeUndefined();
    expect(m.ids).toEqual([web.id]);
  });

  it('shows the first snapshot piece by piece, in order, while the rest arrives', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...web, id: `c${i}`, name: `c${i}`, created: (i * 7) % 13 }));
    const deltas = snapshotDeltas(many, 4);
    let m = applyDelta(emptyModel, deltas[0]!);
    expect(m.loaded).toBe(false);
    m = applyDelta(m, deltas[1]!);
    expect(m.loaded).toBe(true);
    expect(m.ids).toEqual(snapshot(emptyModel, many.slice(0, 4)).ids);
    m = applyDelta(m, deltas[2]!);
    expect(m.ids).toEqual(snapshot(emptyModel, many.slice(0, 8)).ids);
    m = deltas.slice(3).reduce(applyDelta, m);
    expect(m.ids).toEqual(snapshot(emptyModel, many, 30).ids);
    expect(m.incoming).toBeUndefined();
  });

  it('keeps the list on screen until a later snapshot has ended, then replaces it (unchanged rows keep their identity)', () => {
    const before = snapshot(emptyModel, recorded);
    const deltas = snapshotDeltas([{ ...web }], 1);
    let m = deltas.slice(0, 2).reduce(applyDelta, before);
    expect(m.ids).toBe(before.ids);
    expect(m.byId).toBe(before.byId);
    m = applyDelta(m, deltas[2]!);
    expect(m.ids).toEqual([web.id]);
    expect(m.byId[web.id]).toBe(before.byId[web.id]);
  });

  it('applies a change that comes between the pieces of a snapshot to what is shown and to what is arriving', () => {
    const stopped = { ...web, state: 'exited' as const };
    const deltas: ContainerDelta[] = [
      { kind: 'snapshot-begin', total: 2 },
      { kind: 'snapshot-rows', containers: [web] },
      { kind: 'upsert', container: stopped },
      { kind: 'snapshot-rows', containers: [made] },
      { kind: 'remove', id: made.id },
      { kind: 'snapshot-end' },
    ];
    for (const start of [emptyModel, snapshot(emptyModel, recorded)]) {
      const m = deltas.reduce(applyDelta, start);
      expect(m.byId[web.id]!.state).toBe('exited');
      expect(m.ids).toEqual([web.id]);
    }
  });

  it('finds the container an address names: name first, then id prefix', () => {
    expect(findContainer(recorded, 'web')).toBe(web);
    expect(findContainer(recorded, made.id.slice(0, 12))).toBe(made);
    expect(findContainer(recorded, made.id.slice(0, 2))).toBeUndefined();
    expect(findContainer(recorded, 'nope')).toBeUndefined();
  });

  it('filters by name, image, id prefix and running state', () => {
    const m = snapshot(emptyModel, recorded);
    expect(filterIds(m, { query: 'WE', runningOnly: false })).toEqual([web.id]);
    expect(filterIds(m, { query: 'busybox', runningOnly: false })).toHaveLength(2);
    expect(filterIds(m, { query: made.id.slice(0, 6), runningOnly: false })).toEqual([made.id]);
    expect(filterIds(m, { query: '', runningOnly: true })).toEqual([web.id]);
    expect(filterIds(m, { query: 'role=web', runningOnly: false })).toEqual([web.id]);
  });
});

describe('formatting', () => {
  it('formats ports as docker ps does', () => {
    expect(formatPort(web.ports[0]!)).toBe('127.0.0.1:18081→80/tcp');
    expect(formatPort({ privatePort: 53, type: 'udp' })).toBe('53/udp');
    expect(formatPort({ ip: '0.0.0.0', privatePort: 80, publicPort: 8080, type: 'tcp' })).toBe('8080→80/tcp');
    expect(
      uniquePorts([
        { ip: '0.0.0.0', privatePort: 80, publicPort: 8080, type: 'tcp' },
        { ip: '::', privatePort: 80, publicPort: 8080, type: 'tcp' },
      ]),
    ).toHaveLength(1);
  });
  it('counts what the list shows', () => {
    expect(countText(9, 9)).toBe('9 containers');
    expect(countText(1, 1)).toBe('1 container');
    expect(countText(3, 1209)).toBe('3 of 1,209 containers');
    expect(countText(5000, 5000)).toBe('5,000 containers');
  });
});

describe('compose applications', async () => {
  const { groupItems } = await import('./containers-model');
  const c = (id: string, created: number, project?: string, service?: string, state: 'running' | 'exited' = 'running') => ({
    ...web,
    id,
    name: id,
    created,
    state,
    labels: (project ? { 'com.docker.compose.project': project, 'com.docker.compose.service': service ?? id } : {}) as Record<string, string>,
  });
  const m = snapshot(emptyModel, [c('solo', 50), c('shop-web', 40, 'shop', 'web'), c('shop-db', 45, 'shop', 'db', 'exited'), c('old', 10)]);
  it('groups a project where its newest container stands, collapsed', () => {
    const items = groupItems(m, m.ids, new Set());
    expect(items.map((i) => i.key)).toEqual(['solo', 'group:shop', 'old']);
    expect(items[1]).toMatchObject({ kind: 'group', project: 'shop', ids: ['shop-db', 'shop-web'] });
  });
  it('lists the services under an expanded project, by service name', () => {
    const items = groupItems(m, m.ids, new Set(['shop']));
    expect(items.map((i) => i.key)).toEqual(['solo', 'group:shop', 'shop-db', 'shop-web', 'old']);
  });
  it('keeps a group for the matching members only', () => {
    const items = groupItems(m, ['shop-web'], new Set(), true);
    expect(items.map((i) => i.key)).toEqual(['group:shop', 'shop-web']);
  });
});

describe('the containers store', () => {
  it('a fresh snapshot after the engine was away clears "not live" (the store merges what it is given)', async () => {
    const { receiveDelta, useContainers, selectLive } = await import('./containers-store');
    snapshotDeltas(recorded).forEach(receiveDelta);
    receiveDelta({ kind: 'unavailable', reason: 'The engine is not reachable (the engine is stopping).' });
    expect(selectLive(useContainers.getState())).toBe(false);
    snapshotDeltas(recorded).forEach(receiveDelta);
    expect(useContainers.getState().unavailable).toBeUndefined();
    expect(selectLive(useContainers.getState())).toBe(true);
  });
});
