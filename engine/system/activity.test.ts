import { describe, expect, it } from 'vitest';
import type { BuildSummary } from '../contract/index.js';
import { activityOfBuild, activityOfEvent, eventsTimestamp, mergeActivity } from './activity.js';

const die = (id: string, name: string, exitCode: string, time: number) => ({
  Type: 'container',
  Action: 'die',
  Actor: { ID: id, Attributes: { name, exitCode, image: 'busybox' } },
  time,
  timeNano: time * 1e9 + 5e8,
});

describe('activityOfEvent', () => {
  it('turns a die event into an exit with its code, ok only for 0', () => {
    expect(activityOfEvent(die('c1', 'web', '3', 100))).toEqual({
      kind: 'exit',
      id: 'c1',
      what: 'web',
      at: 100_500,
      ok: false,
      outcome: 'exit code 3',
      image: 'busybox',
    });
    expect(activityOfEvent(die('c1', 'web', '0', 100))?.ok).toBe(true);
  });

  it('turns an image pull into a pull of that reference, and ignores other events', () => {
    expect(activityOfEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'alpine:3' }, time: 7 })).toEqual({
      kind: 'pull',
      id: 'alpine:3',
      what: 'alpine:3',
      at: 7000,
      ok: true,
      outcome: 'pulled',
    });
    expect(activityOfEvent({ Type: 'container', Action: 'start', Actor: { ID: 'c1' }, time: 7 })).toBeUndefined();
    expect(activityOfEvent({ Type: 'image', Action: 'tag', Actor: { ID: 'x' }, time: 7 })).toBeUndefined();
  });
});

describe('activityOfBuild', () => {
  const build = (patch: Partial<BuildSummary>): BuildSummary =>
    ({
      id: 'b1',
      startedAt: 1,
      endedAt: 2,
      context: '/home/me/shop/',
      dockerfile: 'Dockerfile',
      tags: [],
      result: 'done',
      steps: 3,
      cached: 1,
      ...patch,
    }) as BuildSummary;

  it('names a build by its first tag, else by its context folder, with its result', () => {
    expect(activityOfBuild(build({ tags: ['shop:1', 'shop:latest'] }))).toMatchObject({ kind: 'build', what: 'shop:1', at: 2, ok: true, outcome: 'built' });
    expect(activityOfBuild(build({ result: 'failed' }))).toMatchObject({ what: 'shop', ok: false, outcome: 'failed' });
  });
});

describe('mergeActivity', () => {
  const exit = (id: string, at: number) => activityOfEvent(die(id, id, '1', at))!;

  it('keeps the newest first, at most the limit', () => {
    const list = mergeActivity([], [exit('a', 1), exit('b', 3), exit('c', 2)], 2);
    expect(list.map((i) => i.id)).toEqual(['b', 'c']);
  });

  it('keeps one entry per container: a crash loop takes one line, its latest exit', () => {
    let list = mergeActivity([], [exit('a', 1), exit('b', 2)]);
    list = mergeActivity(list, [exit('a', 5), exit('a', 4)]);
    expect(list.map((i) => [i.id, i.at])).toEqual([
      ['a', 5500],
      ['b', 2500],
    ]);
  });

  it('does not mix a pull and an exit that share an id', () => {
    const pull = activityOfEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'x' }, time: 1 })!;
    expect(mergeActivity([], [pull, exit('x', 2)])).toHaveLength(2);
  });
});

describe('eventsTimestamp', () => {
  it('writes milliseconds as seconds and nine digits of nanoseconds', () => {
    expect(eventsTimestamp(1_700_000_000_123)).toBe('1700000000.123000000');
    expect(eventsTimestamp(1_700_000_000_007)).toBe('1700000000.007000000');
    expect(eventsTimestamp(1_700_000_000_000)).toBe('1700000000.000000000');
  });
});
