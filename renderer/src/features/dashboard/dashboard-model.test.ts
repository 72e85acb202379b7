import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../../engine/contract/dto';
import { exitCodeOf, needingAttention, nothingToClean, otherEngineFacts, percentOf } from './dashboard-model';

const base: ContainerSummary = {
  id: 'a',
  name: 'web',
  image: 'busybox',
  imageId: 'sha256:1',
  command: 'sh',
  state: 'running',
  status: 'Up 3 seconds',
  observedAt: 0,
  created: 0,
  ports: [],
  labels: {},
};

describe('dashboard model', () => {
  it('reads exit codes from status lines', () => {
    expect(exitCodeOf('Exited (137) 5 minutes ago')).toBe(137);
    expect(exitCodeOf('Exited (0) About a minute ago')).toBe(0);
    expect(exitCodeOf('Up 3 seconds')).toBeUndefined();
    expect(exitCodeOf('Created')).toBeUndefined();
  });

  it('lists containers that exited non-zero or crash-loop, crash loops first', () => {
    const list = needingAttention([
      base,
      { ...base, id: 'b', name: 'ok', state: 'exited', status: 'Exited (0) 1 second ago' },
      { ...base, id: 'c', name: 'broken', state: 'exited', status: 'Exited (2) 1 second ago' },
      { ...base, id: 'd', name: 'looping', state: 'restarting', status: 'Restarting (1) 2 seconds ago', crashLoop: { exits: 5, windowMinutes: 5 } },
      { ...base, id: 'e', name: 'created', state: 'created', status: 'Created' },
    ]);
    expect(list.map((a) => [a.name, a.exitCode, a.crashLoop])).toEqual([
      ['looping', undefined, true],
      ['broken', 2, false],
    ]);
  });

  it('rounds shares down, and says 0% of nothing', () => {
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(5, 0)).toBe(0);
    expect(percentOf(10, 10)).toBe(100);
  });
});

describe('nothingToClean', () => {
  it('says why when no bytes are reclaimable and every item is in use', () => {
    expect(nothingToClean({ kind: 'containers', count: 2, active: 2, reclaimable: 0 })).toBe('Nothing to clean up: there are no stopped containers.');
    expect(nothingToClean({ kind: 'volumes', count: 0, active: 0, reclaimable: 0 })).toMatch(/no volumes no container uses/);
  });
  it('lets the clean-up run when something is unused, even with no bytes to free', () => {
    expect(nothingToClean({ kind: 'containers', count: 3, active: 2, reclaimable: 0 })).toBeUndefined();
    expect(nothingToClean({ kind: 'buildCache', count: 4, active: 4, reclaimable: 1024 })).toBeUndefined();
  });
});

describe('otherEngineFacts', () => {
  it('tells what the health check knows, and plainly what is not known', () => {
    expect(otherEngineFacts({ name: 'lab' }, { kind: 'ssh', health: { state: 'up', version: '27.1.0' } })).toEqual({
      name: 'lab',
      mode: 'From the Engines list (ssh)',
      state: 'running',
      version: '27.1.0',
      uptime: 'not known for an engine Berth did not start',
    });
    expect(otherEngineFacts({ name: 'lab' }, { kind: 'tcp', health: { state: 'down' } })).toMatchObject({ state: 'unreachable', version: '—' });
    expect(otherEngineFacts({ name: 'lab' }, undefined)).toMatchObject({ state: 'checking…', mode: 'From the Engines list' });
  });
});
