import { describe, expect, it } from 'vitest';
import { summarise } from './volumes.js';

describe('volumes summary', () => {
  it('joins volumes with the containers mounting them, named first', () => {
    const anon = 'de1debfc44a7446cf7ddc1419eac00eab3bd5404a7f86e4a25d07c38591ced09';
    const list = summarise(
      [
        { Name: anon, Driver: 'local', Mountpoint: '/x' },
        { Name: 'namedvol', Driver: 'local', Mountpoint: '/y', Labels: null },
        { Name: 'spare', Driver: 'local', Mountpoint: '/z' },
      ],
      [{ Id: 'c1', Names: ['/rich'], Mounts: [{ Type: 'volume', Name: 'namedvol' }, { Type: 'volume', Name: anon }, { Type: 'bind' }] as never }],
    );
    expect(list.map((v) => [v.name.slice(0, 8), v.anonymous, v.usedBy.map((u) => u.name)])).toEqual([
      ['namedvol', false, ['rich']],
      ['spare', false, []],
      ['de1debfc', true, ['rich']],
    ]);
  });
});
