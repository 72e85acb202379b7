import { describe, expect, it } from 'vitest';
import { CAPABILITIES, CAPABILITY_TEXT, DEFAULT_CAPABILITIES, capWords, effectiveCapabilities, withCap } from './capabilities';

describe('capability picker', () => {
  it('has a line for every capability the kernel knows', () => {
    expect(Object.keys(CAPABILITY_TEXT).sort()).toEqual([...CAPABILITIES].sort());
  });
  it('reads the words of a field as typed', () => {
    expect(capWords('net_admin, CAP_SYS_TIME\nall')).toEqual(['NET_ADMIN', 'SYS_TIME', 'ALL']);
    expect(capWords('  ')).toEqual([]);
  });
  it('puts one capability in or out and leaves the other words as they were', () => {
    expect(withCap('net_admin', 'SYS_TIME', true)).toBe('net_admin SYS_TIME');
    expect(withCap('net_admin', 'NET_ADMIN', true)).toBe('net_admin');
    expect(withCap('cap_net_admin, SYS_TIME', 'NET_ADMIN', false)).toBe('SYS_TIME');
    expect(withCap('', 'CHOWN', false)).toBe('');
  });
  it('works out what the container gets: defaults, minus drops, plus adds; ALL on either side', () => {
    expect(effectiveCapabilities([], [])).toEqual(CAPABILITIES.filter((c) => DEFAULT_CAPABILITIES.includes(c)));
    expect(effectiveCapabilities(['CAP_NET_ADMIN'], ['chown'])).toContain('NET_ADMIN');
    expect(effectiveCapabilities(['CAP_NET_ADMIN'], ['chown'])).not.toContain('CHOWN');
    expect(effectiveCapabilities(['NET_BIND_SERVICE'], ['ALL'])).toEqual(['NET_BIND_SERVICE']);
    expect(effectiveCapabilities(['ALL'], ['CHOWN'])).toEqual(CAPABILITIES.filter((c) => c !== 'CHOWN'));
    expect(effectiveCapabilities(['ALL'], ['ALL'])).toEqual([...CAPABILITIES]);
  });
});
