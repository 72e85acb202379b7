import { describe, expect, it } from 'vitest';
import type { ActivityItem, ContainerStats } from '../../../../engine/contract/dto';
import { activityHref, containersTotal, engineFigures, formatPercent } from './activity-model';
import { mergeLatest } from './live-store';

const stats = (id: string, cpuPercent: number, memUsage: number): ContainerStats => ({
  id,
  cpuPercent,
  memUsage,
  memLimit: 0,
  netRx: 0,
  netTx: 0,
  blockRead: 0,
  blockWrite: 0,
  pids: 1,
  at: 0,
});

describe('containersTotal', () => {
  it('sums the latest samples of the running containers only', () => {
    const latest = { a: stats('a', 12.5, 1000), b: stats('b', 2.5, 500), gone: stats('gone', 90, 1e9) };
    expect(containersTotal(latest, ['a', 'b', 'c'])).toEqual({ running: 3, sampled: 2, cpuPercent: 15, memBytes: 1500 });
    expect(containersTotal(latest, [])).toEqual({ running: 0, sampled: 0, cpuPercent: 0, memBytes: 0 });
  });

  it('follows a batch replacing a container’s sample', () => {
    const latest = mergeLatest(mergeLatest({}, [stats('a', 1, 10), stats('b', 2, 20)]), [stats('a', 5, 50)]);
    expect(containersTotal(latest, ['a', 'b'])).toMatchObject({ cpuPercent: 7, memBytes: 70 });
  });
});

describe('engineFigures', () => {
  it('shows CPU and memory with units, and what was measured', () => {
    expect(engineFigures({ measurable: true, process: 'dockerd', pid: 7, cpuPercent: 3.14, cpuSeconds: 1, memBytes: 50 * 1024 * 1024, at: 0 })).toEqual({
      cpu: '3.1 %',
      memory: '50.0 MiB',
      note: 'Measured on its process dockerd (pid 7).',
    });
  });

  it('says it is measuring before the second sample, and why not when it cannot', () => {
    expect(engineFigures({ measurable: true, process: 'dockerd', pid: 7, cpuSeconds: 1, memBytes: 1, at: 0 }).cpu).toBe('measuring…');
    expect(engineFigures({ measurable: false, reason: 'External engine.' })).toEqual({ cpu: '—', memory: '—', note: 'External engine.' });
    expect(engineFigures(undefined)).toEqual({ cpu: '—', memory: '—' });
  });
});

describe('formatPercent', () => {
  it('keeps one decimal below 10 % and none above', () => {
    expect([formatPercent(0), formatPercent(0.44), formatPercent(37.4), formatPercent(210.6)]).toEqual(['0.0 %', '0.4 %', '37 %', '211 %']);
  });
});

describe('activityHref', () => {
  const item = (kind: ActivityItem['kind'], id: string): ActivityItem => ({ kind, id, what: id, at: 0, ok: true, outcome: '' });
  it('opens a build on the Builds page, a pull on its image, an exit on its container', () => {
    expect(activityHref(item('build', 'b1'))).toBe('#/builds');
    expect(activityHref(item('pull', 'team/app:1'))).toBe('#/images/team%2Fapp%3A1');
    expect(activityHref(item('exit', 'abc'))).toBe('#/containers/abc');
  });
});
