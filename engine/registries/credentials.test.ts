import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialStore, FileKeyProvider, SealError, seal, unseal } from './credentials.js';

const PASSWORD = 'correct horse battery staple';
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'berth-cred-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('seal', () => {
  it('round-trips, with a fresh IV each time', () => {
    const key = randomBytes(32);
    const a = seal(key, Buffer.from(PASSWORD));
    const b = seal(key, Buffer.from(PASSWORD));
    expect(a.equals(b)).toBe(false);
    expect(unseal(key, a).toString()).toBe(PASSWORD);
    expect(a.includes(Buffer.from(PASSWORD))).toBe(false);
  });

  it('refuses a wrong key and any changed byte with a clear error', () => {
    const key = randomBytes(32);
    const sealed = seal(key, Buffer.from(PASSWORD));
    expect(() => unseal(randomBytes(32), sealed)).toThrow(new SealError('the key does not match it, or its bytes were changed'));
    for (const at of [12, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[at]! ^= 1;
      expect(() => unseal(key, altered)).toThrow(SealError);
    }
    expect(() => unseal(key, Buffer.from('{"plain":"json"}'))).toThrow('not a Berth secrets file');
    expect(() => seal(Buffer.alloc(16), Buffer.from('x'))).toThrow('a key has 32 bytes');
  });
});

describe('credential store on disk', () => {
  it('keeps logins sealed, 0600 files in a 0700 folder, no plain password anywhere', async () => {
    const dir = join(tempDir(), 'secrets');
    const store = CredentialStore.forDir(dir);
    await store.put('127.0.0.1:5000', { username: 'alice', secret: PASSWORD, savedAt: 1 });
    await store.put('docker.io', { username: 'bob', secret: 'tok-123456', savedAt: 2 });

    expect(mode(dir)).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual(['key', 'registries.enc']);
    expect(mode(join(dir, 'key'))).toBe(0o600);
    expect(mode(join(dir, 'registries.enc'))).toBe(0o600);
    const onDisk = readFileSync(join(dir, 'registries.enc'));
    for (const secret of [PASSWORD, 'tok-123456', 'alice']) {
      expect(onDisk.includes(Buffer.from(secret))).toBe(false);
      expect(onDisk.includes(Buffer.from(Buffer.from(secret).toString('base64')))).toBe(false);
    }

    // A second store (a new backend) reads the same logins with the same key.
    const again = CredentialStore.forDir(dir);
    expect(await again.get('127.0.0.1:5000')).toEqual({ username: 'alice', secret: PASSWORD, savedAt: 1 });
    expect(await again.list()).toEqual([
      { server: '127.0.0.1:5000', username: 'alice' },
      { server: 'docker.io', username: 'bob' },
    ]);
    expect(JSON.stringify(await again.list())).not.toContain(PASSWORD);
    expect(await again.remove('docker.io')).toBe(true);
    expect(await again.remove('docker.io')).toBe(false);
    expect(await store.get('docker.io')).toBeUndefined();
  });

  it('says what to do when the key no longer matches the store', async () => {
    const dir = tempDir();
    await CredentialStore.forDir(dir).put('r.example', { username: 'u', secret: PASSWORD, savedAt: 1 });
    writeFileSync(join(dir, 'key'), randomBytes(32));
    await expect(CredentialStore.forDir(dir).list()).rejects.toThrow(
      `Berth cannot read its stored registry logins in ${join(dir, 'registries.enc')}: the key does not match it, or its bytes were changed. If the key at ${join(dir, 'key')} was replaced, delete ${join(dir, 'registries.enc')} and log in again.`,
    );
  });

  it('makes one key even when asked twice at once, and refuses a damaged key file', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all([new FileKeyProvider(dir).key(), new FileKeyProvider(dir).key()]);
    expect(a.equals(b)).toBe(true);
    writeFileSync(join(dir, 'key'), 'short');
    await expect(new FileKeyProvider(dir).key()).rejects.toThrow('is damaged (5 bytes, not 32)');
  });

  it('serialises concurrent changes so none is lost', async () => {
    const store = CredentialStore.forDir(tempDir());
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.put(`r${i}.example`, { username: `u${i}`, secret: `s${i}`, savedAt: i })));
    expect((await store.list()).map((l) => l.server).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `r${i}.example`));
  });
});
