import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ndjsonSplitter, readNdjson, Utf8Streams } from './text-stream.js';

// Recorded from dockerd 20.10's /events: `docker run -l 'note=é 漢 😀 ünïcödé' … true`, then its removal.
const events = readFileSync(new URL('./fixtures/events-utf8.ndjson', import.meta.url));
const whole = events
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as unknown);
const NOTE = 'é 漢 😀 ünïcödé';
/** Every offset that falls inside a multi-byte character (a continuation byte follows it). */
const insideCharacters = [...events.keys()].filter((i) => (events[i]! & 0xc0) === 0x80);

describe('UTF-8 read in chunks', () => {
  it('the recording holds multi-byte characters to cut', () => {
    expect(whole.length).toBe(7);
    expect(JSON.stringify(whole)).toContain(NOTE);
    expect(insideCharacters.length).toBe(50);
  });

  it('splits NDJSON into the same objects wherever the bytes are cut, inside characters too', () => {
    for (let at = 0; at <= events.length; at++) {
      const got: unknown[] = [];
      const split = ndjsonSplitter((o) => got.push(o));
      split(events.subarray(0, at));
      split(events.subarray(at));
      expect(got, `cut at byte ${at}`).toEqual(whole);
    }
  });

  it('reads an NDJSON reply that comes a byte at a time', async () => {
    const got: unknown[] = [];
    await readNdjson(Readable.from([...events].map((b) => Buffer.from([b]))), (o) => got.push(o));
    expect(got).toEqual(whole);
    expect(JSON.stringify(got)).not.toContain('\ufffd');
  });

  it('keeps one decoder per stream, so interleaved streams do not mix their cut characters', () => {
    const utf8 = new Utf8Streams();
    const a = Buffer.from('漢字', 'utf8');
    const b = Buffer.from('😀!', 'utf8');
    let outA = '';
    let outB = '';
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      outA += utf8.decode('a', a.subarray(i, i + 1));
      outB += utf8.decode('b', b.subarray(i, i + 1));
    }
    expect([outA, outB]).toEqual(['漢字', '😀!']);
    expect(utf8.decode('c', Buffer.from([0xe6, 0xbc]))).toBe('');
    expect(utf8.end('c')).toBe('\ufffd');
  });
});
