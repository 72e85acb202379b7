import { describe, expect, it } from 'vitest';
import { contract, isInternalMethod, METHOD_ACCESS, type MethodName } from '../contract/index.js';
import { screenPageFrame } from './page-frames.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('screenPageFrame', () => {
  it('lets ordinary calls, pushes and cancels through untouched', () => {
    expect(screenPageFrame(JSON.stringify({ t: 'call', id: 1, method: 'registries.list', input: {} }))).toBeNull();
    expect(screenPageFrame(JSON.stringify({ t: 'push', id: 2, data: 'ls\r' }))).toBeNull();
    expect(screenPageFrame(JSON.stringify({ t: 'cancel', id: 2 }))).toBeNull();
    expect(screenPageFrame(JSON.stringify({ t: 'ack', id: 2, n: 1 }))).toBeNull();
    // An unknown method is the backend's to refuse (not_found), as before.
    expect(screenPageFrame(JSON.stringify({ t: 'call', id: 3, method: 'no.such', input: {} }))).toBeNull();
  });

  it('refuses internal methods from a page, however the method name is spelled in JSON', () => {
    for (const frame of [
      JSON.stringify({ t: 'call', id: 5, method: 'secrets.provideKey', input: { key: KEY } }),
      `{"t":"call","id":5,"method":"secrets\\u002eprovideKey","input":{"key":"${KEY}"}}`,
      JSON.stringify({ t: 'call', id: 5, method: 'secrets.keychainUnavailable', input: { reason: 'x' } }),
    ]) {
      const reply = JSON.parse(screenPageFrame(frame) ?? 'null') as { t: string; id: number; error: { code: string; message: string } };
      expect(reply).toMatchObject({
        t: 'error',
        id: 5,
        error: { code: 'bad_request', message: expect.stringMatching(/^secrets\.\w+ is for the Berth app itself; a page may not call it\.$/) },
      });
      expect(JSON.stringify(reply)).not.toContain(KEY);
    }
  });

  it('answers a malformed frame itself instead of forwarding it', () => {
    expect(JSON.parse(screenPageFrame('not json') ?? 'null')).toMatchObject({ t: 'error', id: null, error: { code: 'bad_request' } });
    expect(JSON.parse(screenPageFrame(JSON.stringify({ t: 'call', id: 1 })) ?? 'null')).toMatchObject({ t: 'error', id: null });
  });

  it('knows which methods are internal', () => {
    expect(isInternalMethod('secrets.provideKey')).toBe(true);
    expect(isInternalMethod('secrets.keychainUnavailable')).toBe(true);
    expect(isInternalMethod('backend.handover')).toBe(true);
    expect(isInternalMethod('registries.login')).toBe(false);
    expect(isInternalMethod('toString')).toBe(false);
    expect(isInternalMethod('__proto__')).toBe(false);
  });

  it('has an access decision for every method of the contract, and only for those', () => {
    expect(Object.keys(METHOD_ACCESS).sort()).toEqual(Object.keys(contract).sort());
    // Changing who may call what is a decision to review: it changes this list.
    expect(Object.keys(contract).filter(isInternalMethod).sort()).toEqual([
      'backend.handover',
      'desktop.noticeClicked',
      'desktop.watchNotices',
      'secrets.keychainUnavailable',
      'secrets.provideKey',
    ]);
  });

  it('refuses a page frame calling each internal method, and lets each page method through', () => {
    let id = 100;
    for (const method of Object.keys(contract) as MethodName[]) {
      const frame = JSON.stringify({ t: 'call', id: ++id, method, input: {} });
      const refusal = screenPageFrame(frame);
      if (METHOD_ACCESS[method] === 'internal') {
        expect(JSON.parse(refusal ?? 'null'), method).toEqual({
          t: 'error',
          id,
          error: { code: 'bad_request', message: `${method} is for the Berth app itself; a page may not call it.` },
        });
      } else {
        expect(refusal, method).toBeNull();
      }
    }
  });
});
