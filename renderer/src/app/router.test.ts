import { describe, expect, it, vi } from 'vitest';

vi.stubGlobal('window', { location: { hash: '' }, addEventListener: () => undefined });
const { routeOf, paramOf } = await import('./router');

describe('routes', () => {
  it('maps hashes to pages', () => {
    expect(routeOf('#/engine')).toBe('engine');
    expect(routeOf('#/compose/shop')).toBe('compose');
    expect(routeOf('#/images/abc')).toBe('images');
    expect(routeOf('#/registries/127.0.0.1%3A5000')).toBe('registries');
    expect(routeOf('#/containers')).toBe('containers');
    expect(routeOf('#/dashboard')).toBe('dashboard');
    expect(routeOf('')).toBe('dashboard');
    expect(routeOf('#/')).toBe('dashboard');
    expect(routeOf('#/nowhere')).toBe('dashboard');
  });
  it('reads the item of a page', () => {
    expect(paramOf('#/containers/abc123')).toBe('abc123');
    expect(paramOf('#/containers')).toBeUndefined();
    expect(paramOf('#/compose/my-app')).toBe('my-app');
    expect(paramOf('#/containers/my%20box?tab=logs')).toBe('my box');
    expect(paramOf('#/registries/127.0.0.1%3A5000')).toBe('127.0.0.1:5000');
  });
});
