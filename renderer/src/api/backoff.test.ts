import { describe, expect, it } from 'vitest';
import { nextDelay } from './backoff';

describe('reconnect backoff', () => {
  it('starts at half a second and doubles', () => {
    expect([0, 1, 2, 3, 4].map(nextDelay)).toEqual([500, 1000, 2000, 4000, 8000]);
  });
  it('never waits more than ten seconds', () => {
    expect(nextDelay(5)).toBe(10_000);
    expect(nextDelay(60)).toBe(10_000);
  });
});
