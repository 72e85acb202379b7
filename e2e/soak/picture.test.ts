import { describe, expect, it } from 'vitest';
import { agrees, mismatches, pictureOf } from './picture.js';
import { portsText, steadyStatus, type Picture } from './truth.js';

const truth = (at: number, entries: Record<string, string>, up = true): Picture => ({
  at,
  up,
  values: new Map(Object.entries({ engine: up ? 'running' : 'down', ...entries })),
});
const row = (name: string, state: string, status: string, ports: string[] = [], pending = false) => ({ name, state, status, pending, ports });

describe("the soak's reading of statuses and ports", () => {
  it('keeps the part of a status that does not age', () => {
    expect(steadyStatus('Up 3 seconds')).toBe('Up');
    expect(steadyStatus('Up About a minute (Paused)')).toBe('Up (Paused)');
    expect(steadyStatus('Up 2 hours (healthy)')).toBe('Up');
    expect(steadyStatus('Exited (137) 5 seconds ago')).toBe('Exited (137)');
    expect(steadyStatus('Restarting (1) Less than a second ago')).toBe('Restarting (1)');
    expect(steadyStatus('Created')).toBe('Created');
  });

  it('reads ports the way the page shows them and the engine lists them alike', () => {
    const page = pictureOf(
      { engine: 'running', containers: { waiting: false, rows: [row('web', 'running', 'Up 1 second', ['127.0.0.1:49153→80/tcp', '53/udp'])] } },
      0,
    );
    expect(page.values.get('c:web')).toBe(
      `running|Up|${portsText([
        { publicPort: 49153, privatePort: 80, type: 'tcp' },
        { privatePort: 53, type: 'udp' },
      ])}`,
    );
  });
});

describe("the soak's verdict", () => {
  const page = (rows: ReturnType<typeof row>[], engine = 'running') => pictureOf({ engine, containers: { waiting: false, rows } }, 2000);

  it('a row still running after the engine said exited for over a second is a difference', () => {
    const found = mismatches(page([row('quick', 'running', 'Up 3 seconds')]), [
      truth(1000, { 'c:quick': 'exited|Exited (3)|' }),
      truth(1900, { 'c:quick': 'exited|Exited (3)|' }),
    ]);
    expect(found).toEqual([{ key: 'c:quick', shown: 'running|Up|', truth: ['exited|Exited (3)|', 'exited|Exited (3)|'] }]);
  });

  it('a page that shows what the engine said at any reading of the last second agrees', () => {
    expect(
      mismatches(page([row('quick', 'running', 'Up 3 seconds')]), [
        truth(1000, { 'c:quick': 'running|Up|' }),
        truth(1900, { 'c:quick': 'exited|Exited (3)|' }),
      ]),
    ).toEqual([]);
  });

  it('a container the page lacks, or one the engine no longer has, is a difference', () => {
    expect(mismatches(page([]), [truth(1500, { 'c:new': 'created|Created|' })]).map((m) => m.key)).toEqual(['c:new']);
    expect(mismatches(page([row('gone', 'exited', 'Exited (0) 1 second ago')]), [truth(1500, {})]).map((m) => m.key)).toEqual(['c:gone']);
  });

  it("while an action runs its row may say so, but the state must still be the engine's", () => {
    expect(agrees('c:a', 'running|*|', truth(0, { 'c:a': 'running|Up|' }))).toBe(true);
    expect(agrees('c:a', 'exited|*|', truth(0, { 'c:a': 'running|Up|' }))).toBe(false);
  });

  it('while the engine is away nothing may say running, and the indicator may not say the engine runs', () => {
    const away = truth(1500, {}, false);
    expect(mismatches(page([row('a', 'unknown', 'Last seen running'), row('b', 'exited', 'Exited (0) 1 minute ago')], 'stopped'), [away])).toEqual([]);
    expect(mismatches(page([row('a', 'running', 'Up 1 minute')], 'stopped'), [away]).map((m) => m.key)).toEqual(['c:a']);
    expect(mismatches(page([], 'running'), [away]).map((m) => m.key)).toEqual(['engine']);
    expect(mismatches(page([], 'stopped'), [truth(1500, {})]).map((m) => m.key)).toEqual(['engine']);
    expect(mismatches(page([], 'starting'), [truth(1500, {})]).map((m) => m.key)).toEqual(['engine']);
    // dockerd answers while it stops its containers.
    expect(mismatches(page([], 'stopping'), [truth(1500, {})])).toEqual([]);
  });

  it('a list still loading while the engine answers is a difference; off-screen sections are not judged', () => {
    const loading = pictureOf({ engine: 'running', images: { waiting: true, rows: [] } }, 2000);
    expect(mismatches(loading, [truth(1500, { 'i:a:1': 'tag', 'i:<dangling>': '0' })]).map((m) => m.key)).toEqual(['i:<list>']);
    expect(mismatches(pictureOf({ engine: 'running' }, 2000), [truth(1500, { 'c:x': 'running|Up|', 'i:a:1': 'tag' })])).toEqual([]);
  });
});
