import { describe, expect, it, vi } from 'vitest';

vi.stubGlobal('window', { matchMedia: () => ({ matches: false, addEventListener: () => undefined }) });
vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
const { resolveTheme } = await import('./theme');

describe('theme', () => {
  it('follows the system until the user has chosen', () => {
    expect(resolveTheme(null, true)).toBe('dark');
    expect(resolveTheme(null, false)).toBe('light');
  });
  it('keeps the choice the user made', () => {
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
  it('ignores a saved value it does not know', () => {
    expect(resolveTheme('sepia', true)).toBe('dark');
  });
});
