import { describe, expect, it } from 'vitest';
import { parseDetachKeys } from './terminal-model.js';

describe('detach keys, read as Docker reads them', () => {
  it('turns named control keys and single characters into the bytes that trigger them', () => {
    expect(parseDetachKeys('ctrl-p,ctrl-q')).toEqual({ ok: true, bytes: [0x10, 0x11], label: 'Ctrl+P Ctrl+Q' });
    expect(parseDetachKeys('ctrl-a,a')).toEqual({ ok: true, bytes: [1, 0x61], label: 'Ctrl+A a' });
    expect(parseDetachKeys('ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_')).toMatchObject({ ok: true, bytes: [0, 27, 28, 29, 30, 31] });
    expect(parseDetachKeys('x')).toMatchObject({ ok: true, bytes: [0x78] });
  });

  it('refuses what Docker would, naming the key', () => {
    expect(parseDetachKeys('ctrl-1')).toEqual({ ok: false, message: expect.stringContaining('“ctrl-1” is not a detach key') });
    expect(parseDetachKeys('ctrl-p,,ctrl-q')).toEqual({ ok: false, message: expect.stringContaining('An empty key') });
    expect(parseDetachKeys('')).toMatchObject({ ok: false });
    expect(parseDetachKeys('ctrl-p ctrl-q')).toMatchObject({ ok: false });
    expect(parseDetachKeys('é')).toMatchObject({ ok: false });
  });
});
