import { describe, expect, it } from 'vitest';
import { stripAnsi, terminalChunks, toPlain, toTerminal } from './log-format';

describe('log formatting', () => {
  it('marks stderr and keeps colours, resetting them after a line that set some', () => {
    expect(toTerminal({ stream: 'stdout', text: '\x1b[32mgreen' }, false)).toBe(' \x1b[32mgreen\x1b[0m\r\n');
    expect(toTerminal({ stream: 'stderr', text: 'oops', ts: '2026-11-23T05:00:00Z' }, true)).toBe(
      '\x1b[31m▌\x1b[0m\x1b[2m2026-11-23T05:00:00Z\x1b[0m oops\r\n',
    );
  });
  it('cuts a batch into bounded writes, every line once and in order', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => ({ stream: 'stdout' as const, text: `line ${i} ${'x'.repeat(i % 50)}` }));
    const chunks = terminalChunks(lines, false, 1024);
    expect(chunks.join('')).toBe(lines.map((l) => toTerminal(l, false)).join(''));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(1024);
    expect(chunks.length).toBeGreaterThan(20);
    const long = { stream: 'stdout' as const, text: 'y'.repeat(5000) };
    expect(terminalChunks([lines[0]!, long, lines[1]!], false, 1024).map((c) => c.length)).toEqual([
      toTerminal(lines[0]!, false).length,
      5003,
      toTerminal(lines[1]!, false).length,
    ]);
  });
  it('makes plain text for copies', () => {
    expect(stripAnsi('\x1b[1;32mok\x1b[0m \x1b]0;title\x07done')).toBe('ok done');
    expect(toPlain({ stream: 'stderr', text: '\x1b[31mbad\x1b[0m', ts: 'T' })).toBe('T stderr: bad');
  });
});
