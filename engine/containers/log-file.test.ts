import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../util/rng.js';
import { fixedNanos, INDEX_STEP, indexLogFile, parseLogFileLine, readLogRange } from './log-file.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-logfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A log as dockerd's json-file driver writes it: one object per line, the text with its newline, RFC 3339 nano times. */
function jsonFileLog(rng: Rng, n: number): { path: string; lines: Array<{ stream: string; text: string; ts: string }> } {
  const path = join(dir, `log-${rng.int(0, 1e9)}.json`);
  const lines: Array<{ stream: string; text: string; ts: string }> = [];
  const words = ['GET /health 200', 'ünïcödé ✓', 'tab\there', '"quoted" \\ back', '\x1b[32mgreen\x1b[0m', '', 'x'.repeat(300)];
  let out = '';
  for (let i = 0; i < n; i++) {
    const stream = rng.chance(0.2) ? 'stderr' : 'stdout';
    const text = `${i} ${rng.pick(words)}`;
    const ts = `2026-12-07T22:${String(Math.floor(i / 60000) % 60).padStart(2, '0')}:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}.${String(i % 1000).padStart(9, '0')}Z`;
    lines.push({ stream, text, ts });
    out += `${JSON.stringify({ log: `${text}${rng.chance(0.05) ? '\r' : ''}\n`, stream, time: ts })}\n`;
  }
  writeFileSync(path, out);
  return { path, lines };
}

describe('a log file read by range', () => {
  it('reads any range of a 20,000-line log as reading the whole file and cutting it would, seeded', async () => {
    const rng = new Rng(4242);
    const { path, lines } = jsonFileLog(rng, 20_000);
    const index = await indexLogFile(path);
    expect(index.lines).toBe(20_000);
    expect(index.offsets.length).toBe(Math.floor(20_000 / INDEX_STEP) + 1);
    for (let i = 0; i < 200; i++) {
      const from = rng.weighted<number>([
        [rng.int(0, 19_999), 6],
        [rng.int(0, 19) * INDEX_STEP + rng.int(-1, 1), 2],
        [rng.int(19_990, 20_010), 1],
      ]);
      const count = rng.int(1, 2000);
      const got = await readLogRange(index, Math.max(0, from), count, true);
      const want = lines.slice(Math.max(0, from), Math.max(0, from) + count);
      expect(got.map((l) => [l.stream, l.text, l.ts])).toEqual(want.map((l) => [l.stream, l.text, l.ts]));
    }
    expect(await readLogRange(index, 20_000, 10, false)).toEqual([]);
    expect((await readLogRange(index, 5, 1, false))[0]).not.toHaveProperty('ts');
  });

  it('counts only whole lines: a last line still being written is not one yet', async () => {
    const { path, lines } = jsonFileLog(new Rng(7), 3000);
    appendFileSync(path, '{"log":"half a li');
    const index = await indexLogFile(path);
    expect(index.lines).toBe(3000);
    expect((await readLogRange(index, 2998, 10, false)).map((l) => l.text)).toEqual(lines.slice(2998).map((l) => l.text));
  });

  it('writes times with nine digits of fraction, as the engine’s API does', () => {
    expect(fixedNanos('2026-12-07T22:30:00.1234Z')).toBe('2026-12-07T22:30:00.123400000Z');
    expect(fixedNanos('2026-12-07T22:30:00Z')).toBe('2026-12-07T22:30:00.000000000Z');
    expect(fixedNanos('2026-12-07T22:30:00.123456789+01:00')).toBe('2026-12-07T22:30:00.123456789+01:00');
    expect(fixedNanos('yesterday')).toBe('yesterday');
  });

  it('shows a line that is not one of the driver’s objects as it is', () => {
    expect(parseLogFileLine('not json', false)).toEqual({ stream: 'stdout', text: 'not json' });
    expect(parseLogFileLine('{"log":"partial, no newline","stream":"stderr","time":"T"}', true)).toEqual({
      stream: 'stderr',
      text: 'partial, no newline',
      ts: 'T',
    });
  });

  it('reads the engine’s entries as JSON.parse does, whatever their text (seeded)', () => {
    const rng = new Rng(2212);
    const pieces = ['"', '\\', '","stream":"', ',"time":"', '"}', '\n', '\r\n', '\r', '\t', '\u0000', '\u2028', 'ü', '😀', '\x1b[31m', 'a', ' ', '{"log":"'];
    const reference = (raw: string, timestamps: boolean) => {
      const o = JSON.parse(raw) as { log: string; stream: string; time: string };
      const text = o.log.endsWith('\n') ? o.log.slice(0, o.log.endsWith('\r\n') ? -2 : -1) : o.log;
      return { stream: o.stream === 'stderr' ? 'stderr' : 'stdout', text, ...(timestamps ? { ts: fixedNanos(o.time) } : {}) };
    };
    for (let i = 0; i < 3000; i++) {
      let log = '';
      for (let k = rng.int(0, 8); k > 0; k--) log += rng.pick(pieces);
      if (rng.chance(0.8)) log += rng.chance(0.9) ? '\n' : '\r\n';
      const time = rng.pick(['2026-12-08T01:02:03.123456789Z', '2026-12-08T01:02:03.1Z', '2026-12-08T01:02:03Z', '2026-12-08T01:02:03.5+01:00']);
      const entry: Record<string, unknown> = { log, stream: rng.pick(['stdout', 'stderr']) };
      if (rng.chance(0.2)) entry.attrs = { time: rng.pick(pieces), tag: rng.pick(pieces) };
      entry.time = time;
      const raw = JSON.stringify(entry);
      const timestamps = rng.chance(0.5);
      expect(parseLogFileLine(raw, timestamps), raw).toEqual(reference(raw, timestamps));
    }
  });
});
