import { describe, expect, it } from 'vitest';
import { formatBytes, formatUptime } from './format';

describe('engine formatting', () => {
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
});
