import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyProgress, emptyProgress, type EngineProgressEvent } from './pull-progress.js';

const events = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as EngineProgressEvent);

describe('pull progress (recorded pull from a local registry)', () => {
  it('tracks every layer to the end', () => {
    const fractions: number[] = [];
    const final = events('pull-registry.ndjson').reduce((p, e) => {
      const next = applyProgress(p, e);
      fractions.push(next.fraction);
      return next;
    }, emptyProgress);
    expect(final.layers.map((l) => `${l.id}:${l.phase}`)).toEqual(['bacc7a2dfa8d:exists', '9928ec7f393d:done', '20f0b43b3eea:done']);
    expect(final.fraction).toBe(1);
    expect(final.done).toBe(true);
    expect(final.status).toMatch(/^Status: Downloaded newer image for 127\.0\.0\.1:5055\/team\/app:v1$/);
    // Progress never goes backwards once every layer is known.
    const known = fractions.slice(4);
    expect(known.every((f, i) => i === 0 || f >= known[i - 1]!)).toBe(true);
  });
  it('turns an engine error into a thrown sentence', () => {
    expect(() => events('pull-missing.ndjson').reduce(applyProgress, emptyProgress)).toThrow(/manifest for 127\.0\.0\.1:5055\/team\/app:nope not found/);
  });
  it('says which layer the engine is retrying when the registry goes away, then fails with the engine’s words', () => {
    const all = events('pull-outage.ndjson');
    const retrying = all.slice(0, all.findIndex((e) => e.status === 'Retrying in 5 seconds') + 1).reduce(applyProgress, emptyProgress);
    expect(retrying.status).toBe('Layer 7840a8d3566b: the registry stopped answering; retrying in 5 seconds.');
    expect(retrying.layers.find((l) => l.id === '7840a8d3566b')?.phase).toBe('retrying');
    expect(() => all.reduce(applyProgress, emptyProgress)).toThrow(/connect: connection refused/);
  });
});
