import { describe, expect, it } from 'vitest';
import { addLogBatch, linesOfService, logPrefix, MAX_LINES } from './project-log';

const line = (ts: string, text: string) => ({ stream: 'stdout' as const, text, ts });

describe('a project’s log', () => {
  it('interleaves containers’ lines by time, each with its service', () => {
    let log = addLogBatch([], 'db', 'db', [line('2026-01-01T00:00:01.000000001Z', 'db up'), line('2026-01-01T00:00:03.000000000Z', 'db ready')]);
    log = addLogBatch(log, 'web', 'web', [line('2026-01-01T00:00:02.500000000Z', 'web up'), line('2026-01-01T00:00:04.000000000Z', 'web serving')]);
    expect(log.map((l) => l.text)).toEqual(['db | db up', 'web | web up', 'db | db ready', 'web | web serving']);
    // One service's lines, for its row's Logs; all of them when none is chosen.
    expect(linesOfService(log, 'web').map((l) => l.text)).toEqual(['web | web up', 'web | web serving']);
    expect(linesOfService(log, undefined)).toBe(log);
    expect(linesOfService(log, 'cache')).toEqual([]);
  });

  it('keeps the last lines only', () => {
    const many = Array.from({ length: MAX_LINES + 10 }, (_, i) => line(`2026-01-01T00:00:${String(i).padStart(6, '0')}Z`, `n${i}`));
    const log = addLogBatch([], 'web', 'web', many);
    expect(log).toHaveLength(MAX_LINES);
    expect(log[0]!.text).toBe('web | n10');
  });

  it('names a container by its service, with its number when the service has several', () => {
    expect(logPrefix('web', 2, true)).toBe('web-2');
    expect(logPrefix('web', 1, false)).toBe('web');
  });
});
