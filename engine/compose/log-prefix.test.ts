import { describe, expect, it } from 'vitest';
import type { ComposeLogLine } from './contract.js';
import { LOG_COLOURS, LogPrefixer, wantColour } from './log-prefix.js';
import { mergeByTime } from './logs.js';

const line = (service: string, number: number, text: string, ts?: string): ComposeLogLine => ({
  service,
  number,
  container: `p-${service}-${number}`,
  stream: 'stdout',
  line: text,
  ...(ts ? { ts } : {}),
});

describe('the merged log on a terminal', () => {
  it('prefixes each line with <service>-<n> | , padded to the widest label so far, without colour off a terminal', () => {
    const p = new LogPrefixer(false);
    expect(p.format(line('db', 1, 'ready'))).toBe('db-1 | ready\n');
    expect(p.format(line('worker', 2, 'go'))).toBe('worker-2 | go\n');
    expect(p.format(line('db', 1, 'again'))).toBe('db-1     | again\n');
  });

  it('gives each container its own colour in the order they first speak, the same colour every time', () => {
    const p = new LogPrefixer(true);
    const a = p.format(line('web', 1, 'x'));
    const b = p.format(line('web', 2, 'y'));
    expect(a).toBe(`\x1b[${LOG_COLOURS[0]}mweb-1 | \x1b[0mx\n`);
    expect(b).toBe(`\x1b[${LOG_COLOURS[1]}mweb-2 | \x1b[0my\n`);
    expect(p.format(line('web', 1, 'z'))).toBe(`\x1b[${LOG_COLOURS[0]}mweb-1 | \x1b[0mz\n`);
    for (let i = 0; i < LOG_COLOURS.length; i++) p.colourOf(`s-${i}`);
    expect(p.colourOf('s-10')).toBe(LOG_COLOURS[(10 + 2) % LOG_COLOURS.length]);
  });

  it('shows timestamps after the label when asked, and drops the label with no prefix', () => {
    expect(new LogPrefixer(false, { timestamps: true, prefix: true }).format(line('db', 1, 'up', '2026-01-01T00:00:00.000000001Z'))).toBe(
      'db-1 | 2026-01-01T00:00:00.000000001Z up\n',
    );
    expect(new LogPrefixer(true, { timestamps: false, prefix: false }).format(line('db', 1, 'up'))).toBe('up\n');
  });

  it('colours only on a terminal without --no-color or NO_COLOR', () => {
    expect(wantColour({ noColor: false, isTTY: true, env: {} })).toBe(true);
    expect(wantColour({ noColor: false, isTTY: false, env: {} })).toBe(false);
    expect(wantColour({ noColor: true, isTTY: true, env: {} })).toBe(false);
    expect(wantColour({ noColor: false, isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
  });

  it('merges finished logs by time, keeping each container’s own order', () => {
    const a = [line('a', 1, 'a1', '2026-01-01T00:00:01.000000000Z'), line('a', 1, 'a2', '2026-01-01T00:00:03.000000000Z')];
    const b = [line('b', 1, 'b1', '2026-01-01T00:00:02.000000000Z'), line('b', 1, 'b2', '2026-01-01T00:00:02.000000000Z')];
    expect(mergeByTime([a, b]).map((l) => l.line)).toEqual(['a1', 'b1', 'b2', 'a2']);
  });
});
