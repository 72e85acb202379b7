import { describe, expect, it } from 'vitest';
import { checkHostname, formatDuration, formatMemory, parseAddHost, parseCapability, parseDuration, parsePidsLimit, parseRetries } from './run-options.js';
import { parseCpus, parseMemory } from './run-spec.js';

describe('advanced run flags, as the docker CLI takes them', () => {
  it('reads memory and CPUs, and says what a size looks like', () => {
    expect(parseMemory('512m')).toEqual({ ok: true, value: 512 * 1024 ** 2 });
    expect(parseMemory('2g')).toEqual({ ok: true, value: 2 * 1024 ** 3 });
    expect(parseMemory('lots')).toEqual({ ok: false, message: 'Memory must be a size like 512m or 2g ("lots" is not).' });
    expect(parseMemory('1m')).toMatchObject({ ok: false, message: expect.stringMatching(/at least 6m/) });
    expect(parseCpus('0')).toEqual({ ok: false, message: 'CPUs must be a number above 0, like 0.5 or 2 ("0" is not).' });
  });
  it('writes sizes and durations back exactly', () => {
    expect(formatMemory(512 * 1024 ** 2)).toBe('512m');
    expect(formatMemory(3 * 1024 ** 3)).toBe('3g');
    expect(formatMemory(6 * 1024 ** 2 + 1)).toBe('6291457b');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(1500)).toBe('1s500ms');
    expect(formatDuration(3_600_000)).toBe('1h');
    for (const ms of [1, 999, 1000, 61_001, 7_322_123]) expect(parseDuration(formatDuration(ms), 'x')).toEqual({ ok: true, value: ms });
  });
  it('reads durations as Go writes them', () => {
    expect(parseDuration('30s', 'Interval')).toEqual({ ok: true, value: 30_000 });
    expect(parseDuration('1m30s', 'Interval')).toEqual({ ok: true, value: 90_000 });
    expect(parseDuration('1.5s', 'Interval')).toEqual({ ok: true, value: 1500 });
    expect(parseDuration('250ms', 'Interval')).toEqual({ ok: true, value: 250 });
    expect(parseDuration('30', 'The health interval')).toEqual({
      ok: false,
      message: 'The health interval must be a duration like 30s, 1m or 1m30s ("30" is not).',
    });
    expect(parseDuration('0s', 'Timeout')).toMatchObject({ ok: false, message: expect.stringMatching(/at least 1ms/) });
    expect(parseDuration('0.5ms', 'Timeout')).toMatchObject({ ok: false, message: expect.stringMatching(/whole milliseconds/) });
  });
  it('checks capabilities against the kernel list', () => {
    expect(parseCapability('net_admin')).toEqual({ ok: true, value: 'CAP_NET_ADMIN' });
    expect(parseCapability('CAP_SYS_TIME')).toEqual({ ok: true, value: 'CAP_SYS_TIME' });
    expect(parseCapability('all')).toEqual({ ok: true, value: 'ALL' });
    expect(parseCapability('NET_FLY')).toEqual({
      ok: false,
      message: '"NET_FLY" is not a Linux capability: use a name like NET_ADMIN or SYS_TIME, or ALL.',
    });
  });
  it('reads --add-host entries as name:ip', () => {
    expect(parseAddHost('db.local:10.0.0.5')).toEqual({ ok: true, value: 'db.local:10.0.0.5' });
    expect(parseAddHost('db=10.0.0.5')).toEqual({ ok: true, value: 'db:10.0.0.5' });
    expect(parseAddHost('v6:::1')).toEqual({ ok: true, value: 'v6:::1' });
    expect(parseAddHost('v6:[fe80::1]')).toEqual({ ok: true, value: 'v6:fe80::1' });
    expect(parseAddHost('gw:host-gateway')).toEqual({ ok: true, value: 'gw:host-gateway' });
    expect(parseAddHost('db')).toEqual({ ok: false, message: '"db" is not a host entry: write name:ip, like db.local:10.0.0.5.' });
    expect(parseAddHost('db:10.0.0.256')).toMatchObject({ ok: false, message: expect.stringMatching(/"10.0.0.256" is not an IP address/) });
    expect(parseAddHost('db:1::2::3')).toMatchObject({ ok: false, message: expect.stringMatching(/not an IP address/) });
    expect(parseAddHost('bad_name:10.0.0.1')).toMatchObject({ ok: false, message: expect.stringMatching(/"bad_name" is not a host name/) });
  });
  it('checks host names, process limits and retries', () => {
    expect(checkHostname('web-1')).toBeUndefined();
    expect(checkHostname('db.example.org')).toBeUndefined();
    expect(checkHostname('-web')).toMatch(/is not a host name/);
    expect(checkHostname('a'.repeat(64))).toMatch(/at most 63/);
    expect(parsePidsLimit('100')).toEqual({ ok: true, value: 100 });
    expect(parsePidsLimit('0')).toMatchObject({ ok: false, message: expect.stringMatching(/^The process limit must be a whole number/) });
    expect(parsePidsLimit('1.5')).toMatchObject({ ok: false });
    expect(parseRetries('3')).toEqual({ ok: true, value: 3 });
    expect(parseRetries('x')).toEqual({ ok: false, message: 'Retries must be a whole number above 0, like 3 ("x" is not).' });
  });
});
