import { describe, expect, it } from 'vitest';
import { takeToken } from './token';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('web host token', () => {
  it('takes the token from the address, keeps it, and strips it from the address bar', () => {
    const store = memoryStorage();
    const replaced: string[] = [];
    const token = takeToken({ href: 'http://127.0.0.1:4790/?token=dpFDrgmcDC2E1vyv&x=1#/engine' }, store, (u) => replaced.push(u));
    expect(token).toBe('dpFDrgmcDC2E1vyv');
    expect(replaced).toEqual(['/?x=1#/engine']);
    expect(store.getItem('berth.token')).toBe('dpFDrgmcDC2E1vyv');
  });
  it('reads the kept token after a reload, without touching the address', () => {
    const store = memoryStorage();
    store.setItem('berth.token', 'kept');
    const replaced: string[] = [];
    expect(takeToken({ href: 'http://127.0.0.1:4790/#/containers' }, store, (u) => replaced.push(u))).toBe('kept');
    expect(replaced).toEqual([]);
  });
  it('has no token when opened without one', () => {
    expect(takeToken({ href: 'http://127.0.0.1:4790/' }, memoryStorage(), () => undefined)).toBeNull();
  });
});
