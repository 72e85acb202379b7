import { describe, expect, it } from 'vitest';
import { withReading } from './details-store';

describe('a reading of a container', () => {
  it('replaces the value and clears the last error when it succeeds', () => {
    const before = { a: { value: 1, error: 'was down' }, b: { value: 2 } };
    expect(withReading(before, 'a', { value: 3 })).toEqual({ a: { value: 3 }, b: { value: 2 } });
  });
  it('keeps the last value beside the error when it fails', () => {
    expect(withReading({ a: { value: 1 } }, 'a', { error: 'gone' })).toEqual({ a: { value: 1, error: 'gone' } });
    expect(withReading({}, 'a', { error: 'gone' })).toEqual({ a: { error: 'gone' } });
  });
});
