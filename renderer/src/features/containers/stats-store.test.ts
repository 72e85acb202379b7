import { describe, expect, it } from 'vitest';
import { HISTORY, mergeStats } from './stats-store';

const sample = (id: string, at: number) => ({ id, cpuPercent: at, memUsage: 1, memLimit: 2, netRx: 0, netTx: 0, blockRead: 0, blockWrite: 0, pids: 1, at });

describe('stats merge', () => {
  it('keeps the latest per container and a bounded history', () => {
    let s = { latest: {}, history: {} };
    for (let i = 0; i < HISTORY + 5; i++) s = mergeStats(s, [sample('a', i)], true);
    expect(s.latest).toMatchObject({ a: { at: HISTORY + 4 } });
    expect((s.history as Record<string, unknown[]>).a).toHaveLength(HISTORY);
    const noHistory = mergeStats({ latest: {}, history: {} }, [sample('b', 1)], false);
    expect(noHistory.history).toEqual({});
  });
});
