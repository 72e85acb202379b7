import { describe, expect, it, vi } from 'vitest';

vi.stubGlobal('window', { location: { hash: '' }, addEventListener: () => undefined });
const { routeOf, paramOf } = await import('./router');
const { appendLines } = await import('../features/engine/engine-store');

describe('routes', () => {
  it('maps hashes to pages', () => {
    expect(routeOf('#/engine')).toBe('engine');
    expect(routeOf('#/images/abc')).toBe('images');
    expect(routeOf('#/registries/127.0.0.1%3A5000')).toBe('registries');
    expect(routeOf('')).toBe('containers');
    expect(routeOf('#/nowhere')).toBe('containers');
  });
  it('reads the item of a page', () => {
    expect(paramOf('#/containers/abc123')).toBe('abc123');
    expect(paramOf('#/containers')).toBeUndefined();
    expect(paramOf('#/containers/my%20box?tab=logs')).toBe('my box');
    expect(paramOf('#/registries/127.0.0.1%3A5000')).toBe('127.0.0.1:5000');
  });
});

describe('engine log buffer', () => {
  it('keeps the newest lines within the bound', () => {
    expect(appendLines(['a', 'b'], ['c'], 3)).toEqual(['a', 'b', 'c']);
    expect(appendLines(['a', 'b'], ['c', 'd'], 3)).toEqual(['b', 'c', 'd']);
  });
});
