import { afterEach, describe, expect, it, vi } from 'vitest';
import { clockUsers, holdClock, useClock } from './clock';

afterEach(() => vi.useRealTimers());

describe('the shared clock', () => {
  it('ticks only while a view holds it, and catches up when taken again', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    expect(clockUsers()).toEqual({ shown: 0, ticking: false });
    const releaseA = holdClock();
    const releaseB = holdClock();
    expect(clockUsers()).toEqual({ shown: 2, ticking: true });
    vi.advanceTimersByTime(10_000);
    expect(useClock.getState().now).toBe(1_010_000);
    releaseA();
    expect(clockUsers().ticking).toBe(true);
    releaseB();
    expect(clockUsers()).toEqual({ shown: 0, ticking: false });
    // Nothing holds it: a minute passes without a tick (no timer is left).
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(useClock.getState().now).toBe(1_010_000);
    // Taken again: the time shown is brought up to now at once, then ticks again.
    const releaseC = holdClock();
    expect(useClock.getState().now).toBe(1_070_000);
    vi.advanceTimersByTime(10_000);
    expect(useClock.getState().now).toBe(1_080_000);
    releaseC();
    expect(vi.getTimerCount()).toBe(0);
  });
});
