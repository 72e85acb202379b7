import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkHostKey, fingerprintOf, hostKeySentence, keyTypeOf, patternsMatch } from './known-hosts.js';

/** An ssh-ed25519 key blob as ssh puts it on the wire. */
function ed25519Blob(): Buffer {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b: Buffer) => {
    const n = Buffer.alloc(4);
    n.writeUInt32BE(b.length, 0);
    return Buffer.concat([n, b]);
  };
  return Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
}

const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
  const key = ed25519Blob();
  const other = ed25519Blob();
  const line = (hosts: string, blob: Buffer) => `${hosts} ssh-ed25519 ${blob.toString('base64')}`;

  it('reads the key type and fingerprint like ssh-keygen -l', () => {
    expect(keyTypeOf(key)).toBe('ssh-ed25519');
    expect(fingerprintOf(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('matches plain, wildcard, negated and hashed patterns, with [host]:port off port 22', () => {
    expect(patternsMatch('build,10.0.0.2', 'build')).toBe(true);
    expect(patternsMatch('*.lan,!evil.lan', 'box.lan')).toBe(true);
    expect(patternsMatch('*.lan,!evil.lan', 'evil.lan')).toBe(false);
    expect(patternsMatch(hashed('[build]:2222'), '[build]:2222')).toBe(true);
    expect(patternsMatch(hashed('build'), '[build]:2222')).toBe(false);
  });

  it('trusts the known key, refuses an unknown host, a changed key and a revoked one', () => {
    expect(checkHostKey(line('build', key), 'build', 22, key)).toEqual({ ok: true });
    expect(checkHostKey(`# comment\n${line(hashed('[build]:2222'), key)}\n`, 'build', 2222, key)).toEqual({ ok: true });
    expect(checkHostKey(line('elsewhere', key), 'build', 22, key)).toMatchObject({ ok: false, reason: 'unknown' });
    expect(checkHostKey(line('build', other), 'build', 22, key)).toMatchObject({ ok: false, reason: 'changed', fingerprint: fingerprintOf(key) });
    expect(checkHostKey(`${line('build', key)}\n@revoked ${line('build', key)}`, 'build', 22, key)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('says what to do, with the fingerprint', () => {
    const v = checkHostKey('', 'build', 2222, key);
    if (v.ok) throw new Error('expected a refusal');
    expect(hostKeySentence(v, 'build', 2222, '~/.ssh/known_hosts')).toContain(`[build]:2222 (ssh-ed25519 ${fingerprintOf(key)}) is not in ~/.ssh/known_hosts`);
  });
});
