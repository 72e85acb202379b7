import { describe, expect, it } from 'vitest';
import { formatBytes, formatUptime, relativeTime } from './format';

describe('formatting', () => {
  it('formats uptime', () => {
    expect(formatUptime(12)).toBe('12 s');
    expect(formatUptime(185)).toBe('3 min 05 s');
    expect(formatUptime(3720)).toBe('1 h 02 min');
    expect(formatUptime(90000)).toBe('1 d 1 h');
  });
  it('formats bytes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(25_125_343_232)).toBe('23.4 GiB');
  });
  it('says how long ago', () => {
    const now = 1_800_000_000_000;
    expect(relativeTime(now / 1000 - 10, now)).toBe('just now');
    expect(relativeTime(now / 1000 - 300, now)).toBe('5 minutes ago');
    expect(relativeTime(now / 1000 - 3600, now)).toBe('1 hour ago');
    expect(relativeTime(now / 1000 - 86400 * 3, now)).toBe('3 days ago');
  });
});
