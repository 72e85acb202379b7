import { describe, expect, it } from 'vitest';
import type { EngineEntry } from '../../../../engine/contract/index';
import { copyMenuReason, copyTargets } from './copy-targets';

const entry = (id: string, name: string, up: boolean): EngineEntry => ({
  id,
  name,
  kind: id === 'berth' ? 'berth' : 'unix',
  source: id === 'berth' ? 'berth' : 'added',
  host: `unix:///run/${id}.sock`,
  health: up ? { state: 'up', checkedAt: 0 } : { state: 'down', error: 'Nothing answers there.', checkedAt: 0 },
});

describe('copy targets', () => {
  const list = [entry('berth', 'Berth', true), entry('e-1', 'build', false), entry('e-2', 'lab', true)];

  it('offers every engine but the window’s, the ones that answer first, a down one with its reason', () => {
    expect(copyTargets(list, 'berth')).toEqual([
      { id: 'e-2', name: 'lab', host: 'unix:///run/e-2.sock', up: true, why: undefined },
      { id: 'e-1', name: 'build', host: 'unix:///run/e-1.sock', up: false, why: 'Nothing answers there.' },
    ]);
    expect(copyTargets(list, 'e-2').map((t) => t.name)).toEqual(["Berth's engine", 'build']);
  });

  it('turns the menu item off, saying why, when Berth’s engine is the only one', () => {
    expect(copyMenuReason([entry('berth', 'Berth', true)], 'berth')).toBe('Add another engine on the Engines page to copy images to it');
    expect(copyMenuReason(undefined, 'berth')).toBeDefined();
    expect(copyMenuReason(list, 'berth')).toBeUndefined();
  });
});
