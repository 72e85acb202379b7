import { describe, expect, it } from 'vitest';
import { rates } from './rates';

const s = (at: number, netRx: number) => ({ id: 'x', cpuPercent: 0, memUsage: 0, memLimit: 0, netRx, netTx: 0, blockRead: 0, blockWrite: 0, pids: 0, at });

describe('rates', () => {
  it('turns counters into bytes per second, treating resets as zero', () => {
    expect(rates([s(0, 0), s(1000, 500), s(3000, 1500), s(4000, 10)], 'netRx')).toEqual([500, 500, 0]);
    expect(rates([s(0, 0)], 'netRx')).toEqual([]);
  });
});
