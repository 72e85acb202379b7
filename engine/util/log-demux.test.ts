import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LogDemuxer, MAX_LINE, type LogLine } from './log-demux.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** Feed a buffer in chunks of `size` bytes (cutting frames and characters anywhere). */
function demux(bytes: Buffer, multiplexed: boolean, timestamps: boolean, size = bytes.length): LogLine[] {
  const d = new LogDemuxer(multiplexed, timestamps);
  const out: LogLine[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...d.push(bytes.subarray(i, i + size)));
  return [...out, ...d.end()];
}

describe('log demux (recorded from dockerd 20.10)', () => {
  // sh -c 'echo out-1; echo err-1 >&2; printf "\033[32mgreen\033[0m\n"; echo "ünïcödé ✓"; printf "no-newline-at-end"'
  const expected: LogLine[] = [
    { stream: 'stdout', text: 'out-1' },
    { stream: 'stdout', text: '\u001b[32mgreen\u001b[0m' },
    { stream: 'stdout', text: 'ünïcödé ✓' },
    { stream: 'stderr', text: 'err-1' },
    { stream: 'stdout', text: 'no-newline-at-end' },
  ];

  it('separates stdout and stderr of a multiplexed stream', () => {
    expect(demux(fixture('logs-multiplexed.bin'), true, false)).toEqual(expected);
  });

  it('gives the same lines however the bytes are cut', () => {
    const bytes = fixture('logs-multiplexed.bin');
    for (const size of [1, 3, 7, 9, 64]) expect(demux(bytes, true, false, size)).toEqual(expected);
  });

  it('gives the same lines wherever one cut falls, inside a character too', () => {
    const bytes = fixture('logs-multiplexed.bin');
    const d = (at: number) => {
      const demuxer = new LogDemuxer(true, false);
      return [...demuxer.push(bytes.subarray(0, at)), ...demuxer.push(bytes.subarray(at)), ...demuxer.end()];
    };
    for (let at = 0; at <= bytes.length; at++) expect(d(at), `cut at byte ${at}`).toEqual(expected);
  });

  it('splits off timestamps', () => {
    const lines = demux(fixture('logs-multiplexed-ts.bin'), true, true, 5);
    expect(lines.map(({ stream, text }) => ({ stream, text }))).toEqual(expected);
    for (const l of lines) expect(l.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
  });

  it('reads a TTY stream raw, dropping the carriage returns', () => {
    expect(demux(fixture('logs-tty.bin'), false, false, 4)).toEqual([
      { stream: 'stdout', text: 'tty-out' },
      { stream: 'stdout', text: 'tty-err' },
    ]);
  });

  it('cuts an endless line into bounded pieces', () => {
    const d = new LogDemuxer(false, false);
    const lines = d.push(Buffer.alloc(MAX_LINE * 2 + 10, 'x'));
    expect(lines.map((l) => l.text.length)).toEqual([MAX_LINE, MAX_LINE]);
    expect(d.end()[0]!.text.length).toBe(10);
  });
});
