import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuPercentBetween, parseProcStat, parseProcStatus } from './proc-usage.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('parseProcStat', () => {
  it('reads the name and utime + stime of a recorded /proc/<pid>/stat whose name holds a space', () => {
    // Recorded from a real process named "npm test": utime 28, stime 3.
    expect(parseProcStat(fixture('proc-npm-test.stat'))).toEqual({ name: 'npm test', cpuTicks: 31 });
  });

  it('counts fields from the last ")" when the name itself holds parentheses', () => {
    const line = '42 (a) b (c)) S 1 42 42 0 -1 4194560 10 0 0 0 700 55 0 0 20 0 3 0 100 1000 200 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ name: 'a) b (c)', cpuTicks: 755 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseProcStat('no name here')).toThrow(/no "\(name\)"/);
    expect(() => parseProcStat('1 (x) S 1')).toThrow(/utime and stime/);
  });
});

describe('parseProcStatus', () => {
  it('reads VmRSS of a recorded /proc/<pid>/status, in bytes', () => {
    expect(parseProcStatus(fixture('proc-npm-test.status'))).toBe(55640 * 1024);
  });

  it('is 0 for a process without resident memory (a zombie has no VmRSS line)', () => {
    expect(parseProcStatus('Name:\tx\nState:\tZ (zombie)\n')).toBe(0);
  });
});

describe('cpuPercentBetween', () => {
  const s = (cpuTicks: number, at: number) => ({ name: 'dockerd', cpuTicks, rssBytes: 0, at });

  it('is the share of one CPU over the wall time between the reads', () => {
    expect(cpuPercentBetween(s(100, 0), s(150, 1000), 100)).toBe(50);
    // Two busy cores for two seconds.
    expect(cpuPercentBetween(s(0, 0), s(400, 2000), 100)).toBe(200);
  });

  it('is undefined for reads out of order or of a restarted process', () => {
    expect(cpuPercentBetween(s(100, 1000), s(150, 1000), 100)).toBeUndefined();
    expect(cpuPercentBetween(s(100, 0), s(10, 1000), 100)).toBeUndefined();
  });
});
