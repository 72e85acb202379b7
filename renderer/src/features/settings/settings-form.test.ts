import { describe, expect, it } from 'vitest';
import { fromForm } from './settings-form';

describe('the VM settings form', () => {
  it('sends what was typed, leaving unset what means "the default"', () => {
    expect(fromForm({ cpus: '', memoryMiB: '3072', diskGiB: '64', share: '', shareDefault: true, accel: 'auto' })).toEqual({
      cpus: undefined,
      memoryMiB: 3072,
      diskGiB: 64,
      share: undefined,
      accel: 'auto',
    });
    expect(fromForm({ cpus: ' 2 ', memoryMiB: '1024', diskGiB: '80', share: ' /srv/code ', shareDefault: false, accel: 'tcg' })).toEqual({
      cpus: 2,
      memoryMiB: 1024,
      diskGiB: 80,
      share: '/srv/code',
      accel: 'tcg',
    });
    // An empty shared folder, chosen on purpose, shares nothing; a word is sent as NaN for the engine to refuse.
    expect(fromForm({ cpus: 'two', memoryMiB: '2048', diskGiB: '64', share: '', shareDefault: false, accel: 'auto' })).toMatchObject({ cpus: NaN, share: '' });
  });
});
