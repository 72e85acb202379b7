import { describe, expect, it } from 'vitest';
import { failureSummary, prune, toggle } from './selection';

describe('selection', () => {
  it('toggles ids', () => {
    const a = toggle(new Set(), 'x');
    expect([...a]).toEqual(['x']);
    expect([...toggle(a, 'x')]).toEqual([]);
  });
  it('drops ids of containers that are gone, keeping identity when nothing changed', () => {
    const s = new Set(['a', 'b']);
    expect([...prune(s, { a: 1 })]).toEqual(['a']);
    expect(prune(s, { a: 1, b: 1 })).toBe(s);
  });
  it('summarises failures by name', () => {
    const names: Record<string, string> = { 1: 'web', 2: 'db' };
    expect(failureSummary([{ id: '1', ok: true }], (id) => names[id]!)).toBeUndefined();
    expect(
      failureSummary(
        [
          { id: '1', ok: false, error: 'Container is not running' },
          { id: '2', ok: false, error: 'No such container: 2' },
        ],
        (id) => names[id]!,
      ),
    ).toBe('web: Container is not running; db: No such container: 2');
  });
});
