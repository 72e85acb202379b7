import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DockerEvent } from './events.js';
import { ndjsonSplitter } from '../util/text-stream.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('event stream splitting (recorded /events)', () => {
  const text = fixture('events.ndjson');
  it('yields the same events however the bytes are chunked', () => {
    const whole: DockerEvent[] = [];
    ndjsonSplitter((o) => whole.push(o as DockerEvent))(text);
    expect(whole.map((e) => `${e.Type}:${e.Action}`)).toEqual([
      'container:create',
      'network:connect',
      'container:start',
      'container:kill',
      'container:kill',
      'container:die',
      'network:disconnect',
      'container:stop',
      'container:destroy',
    ]);
    for (const size of [1, 7, 100]) {
      const chunked: DockerEvent[] = [];
      const split = ndjsonSplitter((o) => chunked.push(o as DockerEvent));
      for (let i = 0; i < text.length; i += size) split(text.slice(i, i + size));
      expect(chunked).toEqual(whole);
    }
  });
  it('skips a garbled line and goes on', () => {
    const got: unknown[] = [];
    ndjsonSplitter((o) => got.push(o))('{"a":1}\n{broken\n{"b":2}\n');
    expect(got).toEqual([{ a: 1 }, { b: 2 }]);
  });
});
