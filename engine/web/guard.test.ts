import { describe, expect, it } from 'vitest';
import { hostAllowed, originAllowed, refuseReason, tokenMatches } from './guard.js';

describe('web host guard', () => {
  const port = 4790;
  const token = 'abcDEF123_-xyz';
  it('accepts only its own Host (DNS rebinding)', () => {
    expect(hostAllowed('127.0.0.1:4790', port)).toBe(true);
    expect(hostAllowed('localhost:4790', port)).toBe(true);
    expect(hostAllowed('evil.example:4790', port)).toBe(false);
    expect(hostAllowed('127.0.0.1:4791', port)).toBe(false);
    expect(hostAllowed(undefined, port)).toBe(false);
  });
  it('accepts only its own Origin when one is sent', () => {
    expect(originAllowed('http://127.0.0.1:4790', port)).toBe(true);
    expect(originAllowed(undefined, port)).toBe(true);
    expect(originAllowed('http://evil.example', port)).toBe(false);
    expect(originAllowed('https://127.0.0.1:4790', port)).toBe(false);
    expect(originAllowed('null', port)).toBe(false);
  });
  it('compares tokens exactly', () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token.slice(1), token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(null, token)).toBe(false);
  });
  it('says why a request is refused', () => {
    const ok = { host: '127.0.0.1:4790', origin: 'http://127.0.0.1:4790', token };
    expect(refuseReason(ok, port, token)).toBeNull();
    expect(refuseReason({ ...ok, token: null }, port, token)).toMatch(/token is required/);
    expect(refuseReason({ ...ok, token: 'nope' }, port, token)).toMatch(/wrong/);
    expect(refuseReason({ ...ok, origin: 'http://evil.example' }, port, token)).toMatch(/Origin/);
    expect(refuseReason({ ...ok, host: 'rebind.example:4790' }, port, token)).toMatch(/Host/);
  });
});
