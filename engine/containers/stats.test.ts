import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toStats, type RawStats } from './stats.js';

// Recorded from a container spinning a shell loop; `docker stats` showed "99.67% 508KiB" for it.
const busy = JSON.parse(readFileSync(new URL('./fixtures/stats-busy.json', import.meta.url), 'utf8')) as RawStats;

describe('container stats', () => {
  it('computes CPU and memory as the docker CLI does', () => {
    const s = toStats('x', busy, 1);
    expect(s.cpuPercent.toFixed(2)).toBe('99.67');
    expect(s.memUsage).toBe(508 * 1024);
    expect(s.memLimit).toBeGreaterThan(0);
    expect(s.netRx).toBe(516);
    expect(s.blockRead).toBe(0);
  });
  it('stays a finite number on a first sample, which has no previous one', () => {
    const s = toStats('x', { cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 10, online_cpus: 2 }, precpu_stats: {} }, 1);
    expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(s.cpuPercent)).toBe(true);
  });
});
