/**
 * The list's filter against the filtering it replaced: that one lower-cased
 * every field of every row on each keystroke; now each row's key is prepared
 * once and typing narrows the last answer. On generated rows (seeded:
 * BERTH_FILTER_SEED) and the recorded ones, the ids shown must be the same,
 * in the same order, for every query, however it was typed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import type { ContainerDelta, ContainerState, ContainerSummary } from '../../../../engine/contract/dto';
import { toSummary } from '../../../../engine/containers/containers';
import { Rng } from '../../../../engine/util/rng';
import { applyDelta, emptyModel, filterIds, type ContainerFilter, type ContainersModel } from './containers-model';

/** The filter as it was before keys were prepared: the deliberately simple reference. */
function referenceFilter(m: ContainersModel, f: ContainerFilter): string[] {
  const q = f.query.trim().toLowerCase();
  return m.ids.filter((id) => {
    const c = m.byId[id]!;
    if (f.runningOnly && c.state !== 'running') return false;
    if (!q) return true;
    return (
      c.name.toLowerCase().includes(q) ||
      c.image.toLowerCase().includes(q) ||
      c.id.startsWith(q) ||
      Object.entries(c.labels).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(q))
    );
  });
}

const SEED = Number(process.env.BERTH_FILTER_SEED ?? 22);
// Pieces with case rules that are not one letter to one letter (final sigma, dotted I, sharp s), separators and spaces.
const SYLLABLES = [
  'web',
  'Db',
  'API',
  'cache',
  'ΣΑΣ',
  'İstanbul',
  'straße',
  'ǅ',
  'x_y',
  'a.b',
  'c-d',
  'é',
  'Ω',
  '\0',
  ' ',
  '=',
  'nginx',
  'BusyBox',
  '😀',
  'Kelvin K',
];
const STATES: readonly ContainerState[] = ['running', 'exited', 'created', 'paused'];

function word(rng: Rng, n = rng.int(1, 4)): string {
  return Array.from({ length: n }, () => rng.pick(SYLLABLES)).join('');
}

function rows(rng: Rng, n: number): ContainerSummary[] {
  return Array.from({ length: n }, (_, i) => {
    const labels: Record<string, string> = {};
    for (let k = rng.int(0, 4); k > 0; k--) labels[word(rng, rng.int(1, 2))] = word(rng);
    return {
      id: (i * 2654435761).toString(16).padStart(8, '0').repeat(8),
      name: `${word(rng)}-${i}`,
      image: rng.chance(0.5) ? 'busybox:latest' : word(rng),
      imageId: 'sha256:0',
      command: 'sh',
      state: rng.pick(STATES),
      status: '',
      observedAt: 0,
      created: rng.int(1, 50),
      ports: [],
      labels,
    };
  });
}

/** Queries a user might type: pieces of the rows' own fields in another case, id prefixes, and things that match nothing. */
function queries(rng: Rng, all: readonly ContainerSummary[], n: number): string[] {
  return Array.from({ length: n }, () => {
    const c = rng.pick(all);
    const fields = [c.name, c.image, c.id, ...Object.entries(c.labels).map(([k, v]) => `${k}=${v}`)];
    const f = rng.pick(fields);
    const start = rng.int(0, f.length);
    let q = f.slice(start, start + rng.int(0, 8));
    if (rng.chance(0.3)) q = q.toUpperCase();
    if (rng.chance(0.2)) q = ` ${q} `;
    if (rng.chance(0.1)) q = word(rng);
    return q;
  });
}

const snapshot = (containers: readonly ContainerSummary[]): ContainersModel =>
  ([{ kind: 'snapshot-begin', total: containers.length }, { kind: 'snapshot-rows', containers }, { kind: 'snapshot-end' }] as ContainerDelta[]).reduce(
    applyDelta,
    emptyModel,
  );

describe('filtering with prepared keys gives what the old filtering gave', () => {
  it(`on generated rows, typed one character at a time and pasted whole (seed ${SEED})`, () => {
    const rng = new Rng(SEED);
    let m = snapshot(rows(rng, 400));
    let compared = 0;
    for (const q of queries(rng, Object.values(m.byId), 300)) {
      const runningOnly = rng.chance(0.3);
      // Typed: every prefix in turn (each narrows the last answer), then pasted into a fresh field.
      for (let i = 0; i <= q.length; i++) {
        const f = { query: q.slice(0, i), runningOnly };
        expect(filterIds(m, f), JSON.stringify(f)).toEqual(referenceFilter(m, f));
        compared++;
      }
      // Now and then a row changes between keystrokes (a state, a rename, a new container).
      if (rng.chance(0.3)) {
        const c = rng.pick(Object.values(m.byId));
        m = applyDelta(m, { kind: 'upsert', container: { ...c, name: word(rng), state: rng.pick(STATES) } });
      }
      if (rng.chance(0.1)) m = applyDelta(m, { kind: 'upsert', container: { ...rows(rng, 1)[0]!, id: `new${compared}`.padEnd(64, 'f') } });
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('on the recorded rows', () => {
    const recorded = (
      JSON.parse(readFileSync(new URL('../../../../engine/containers/fixtures/containers-list.json', import.meta.url), 'utf8')) as Docker.ContainerInfo[]
    ).map((c) => toSummary(c));
    const m = snapshot(recorded);
    const fields = recorded.flatMap((c) => [
      c.name,
      c.image,
      c.id.slice(0, 5),
      ...Object.entries(c.labels).flatMap(([k, v]) => [k, v, `${k}=${v}`.slice(2, 9)]),
    ]);
    for (const q of ['', 'WEB', '  role=we ', 'zzz', ...fields]) {
      for (const runningOnly of [false, true]) expect(filterIds(m, { query: q, runningOnly })).toEqual(referenceFilter(m, { query: q, runningOnly }));
    }
  });

  it('gives the same array while nothing changed, so the list is not drawn again', () => {
    const m = snapshot(rows(new Rng(SEED), 50).map((c, i) => ({ ...c, name: `same-${i}` })));
    const all = filterIds(m, { query: '', runningOnly: false });
    expect(filterIds(m, { query: '', runningOnly: false })).toBe(all);
    // Every row holds "same-": a narrower query that leaves all of them in is the same answer.
    expect(filterIds(m, { query: 'sa', runningOnly: false })).toBe(all);
    const one = filterIds(m, { query: 'same-7', runningOnly: false });
    // Asked in turns with the query before it (a deferred query does), both answers stay the same arrays.
    expect(filterIds(m, { query: 'sa', runningOnly: false })).toBe(all);
    expect(filterIds(m, { query: 'same-7', runningOnly: false })).toBe(one);
  });
});
