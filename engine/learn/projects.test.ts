import { describe, expect, it } from 'vitest';
import { LEARN_PROJECTS } from './contract.js';
import { CACHE_FILE, messageText, nextMessage, projectSource } from './projects.js';

describe('projectSource', () => {
  it('builds every project on the base it is given, with each image’s Dockerfile among its files', () => {
    for (const p of LEARN_PROJECTS) {
      const src = projectSource(p, 'base/image:1');
      expect(src.images.length).toBeGreaterThan(0);
      for (const i of src.images) {
        const text = src.files[i.dockerfile]!;
        expect(text).toBeDefined();
        const froms = text.split('\n').filter((l) => l.startsWith('FROM '));
        expect(froms.length).toBeGreaterThan(0);
        for (const f of froms) expect(f.split(' ')[1]).toBe('base/image:1');
        expect(i.tag).toMatch(/^berth-learn\/[a-z]+:latest$/);
      }
    }
  });

  it('copies only files the project has', () => {
    for (const p of LEARN_PROJECTS) {
      const src = projectSource(p, 'b');
      for (const i of src.images) {
        for (const line of src.files[i.dockerfile]!.split('\n').filter((l) => l.startsWith('COPY ') && !l.includes('--from'))) {
          const from = line.split(' ')[1]!.replace(/\/$/, '');
          expect(Object.keys(src.files).some((f) => f === from || f.startsWith(`${from}/`))).toBe(true);
        }
      }
    }
  });

  it('copies the cache walkthrough’s changing file after the steps that do not depend on it', () => {
    const lines = projectSource('cache', 'b').files.Dockerfile!.split('\n');
    const copy = lines.findIndex((l) => l.startsWith(`COPY ${CACHE_FILE}`));
    const run = lines.findIndex((l) => l.startsWith('RUN '));
    const config = lines.findIndex((l) => l.startsWith('COPY config.txt'));
    expect(run).toBeGreaterThan(0);
    expect(config).toBeGreaterThan(run);
    expect(copy).toBeGreaterThan(config);
  });

  it('gives the two stages images different tags, one multi-stage', () => {
    const src = projectSource('stages', 'b');
    expect(new Set(src.images.map((i) => i.tag)).size).toBe(2);
    expect(src.images.map((i) => src.files[i.dockerfile]!.split('\n').filter((l) => l.startsWith('FROM')).length)).toEqual([1, 2]);
  });
});

describe('nextMessage', () => {
  it('counts edits up from the text as written', () => {
    const one = nextMessage(messageText(0));
    expect(one).toBe(messageText(1));
    expect(nextMessage(one)).toBe(messageText(2));
    expect(nextMessage(messageText(41))).toBe(messageText(42));
  });

  it('always changes the text, whatever it is now', () => {
    for (const now of ['', 'something else\n', messageText(0), messageText(7)]) expect(nextMessage(now)).not.toBe(now);
  });
});
