import { describe, expect, it } from 'vitest';
import { stripAnsi, toPlain, toTerminal } from './log-format';

describe('log formatting', () => {
  it('marks stderr and keeps colours, resetting them after a line that set some', () => {
    expect(toTerminal({ stream: 'stdout', text: '\x1b[32mgreen' }, false)).toBe(' \x1b[32mgreen\x1b[0m\r\n');
    expect(toTerminal({ stream: 'stderr', text: 'oops', ts: '2026-11-23T05:00:00Z' }, true)).toBe(
      '\x1b[31m▌\x1b[0m\x1b[2m2026-11-23T05:00:00Z\x1b[0m oops\r\n',
    );
  });
  it('makes plain text for copies', () => {
    expect(stripAnsi('\x1b[1;32mok\x1b[0m \x1b]0;title\x07done')).toBe('ok done');
    expect(toPlain({ stream: 'stderr', text: '\x1b[31mbad\x1b[0m', ts: 'T' })).toBe('T stderr: bad');
  });
});
