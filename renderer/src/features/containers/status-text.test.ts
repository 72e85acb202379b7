import { describe, expect, it } from 'vitest';
import { currentStatus, humanDuration, parseHumanDuration } from './status-text';

describe('status lines that stay true', () => {
  it('reads docker durations', () => {
    expect(parseHumanDuration('Less than a second')).toBe(0);
    expect(parseHumanDuration('About a minute')).toBe(60);
    expect(parseHumanDuration('About an hour')).toBe(3600);
    expect(parseHumanDuration('3 hours')).toBe(10800);
    expect(parseHumanDuration('soon')).toBeUndefined();
  });
  it('says durations as the docker CLI does', () => {
    expect(humanDuration(0.2)).toBe('Less than a second');
    expect(humanDuration(42)).toBe('42 seconds');
    expect(humanDuration(90)).toBe('About a minute');
    expect(humanDuration(300)).toBe('5 minutes');
    expect(humanDuration(3600)).toBe('About an hour');
    expect(humanDuration(3 * 86400)).toBe('3 days');
  });
  it('moves the status on with time, keeping health and exit codes', () => {
    const t0 = 1_000_000;
    expect(currentStatus('Up Less than a second', t0, t0 + 5000)).toBe('Up 5 seconds');
    expect(currentStatus('Up 3 seconds (healthy)', t0, t0 + 300_000)).toBe('Up 5 minutes (healthy)');
    expect(currentStatus('Up 2 minutes (Paused)', t0, t0 + 60_000)).toBe('Up 3 minutes (Paused)');
    expect(currentStatus('Exited (137) 2 seconds ago', t0, t0 + 3_600_000)).toBe('Exited (137) About an hour ago');
    expect(currentStatus('Created', t0, t0 + 10_000)).toBe('Created');
  });
});

describe('health', async () => {
  const { healthOf } = await import('./status-text');
  it('reads the health check from the status line', () => {
    expect(healthOf('Up 5 minutes (healthy)')).toBe('healthy');
    expect(healthOf('Up 1 second (health: starting)')).toBe('starting');
    expect(healthOf('Up 2 hours (unhealthy)')).toBe('unhealthy');
    expect(healthOf('Up 2 hours')).toBeUndefined();
  });
});
