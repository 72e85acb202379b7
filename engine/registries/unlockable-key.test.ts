import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcError } from '../rpc/protocol.js';
import { provideKey } from './secrets.js';
import { CredentialStore } from './credentials.js';
import { LoginsLockedError, UnlockableKeyProvider } from './unlockable-key.js';

const LOCKED = 'Registry logins are locked in the system keychain; open the Berth app to unlock them.';
const LOGIN = { username: 'alice', secret: 'pw-secret-1', savedAt: 1 };

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
/** A secrets folder; with `wrapped`, a key.safe in it (its contents are Electron's business). */
const secretsDir = (wrapped = false) => {
  const d = mkdtempSync(join(tmpdir(), 'berth-unlock-'));
  dirs.push(d);
  const dir = join(d, 'secrets');
  mkdirSync(dir, { mode: 0o700 });
  if (wrapped) writeFileSync(join(dir, 'key.safe'), 'wrapped by the keychain', { mode: 0o600 });
  return dir;
};
const setup = (wrapped: boolean) => {
  const dir = secretsDir(wrapped);
  const log: string[] = [];
  const keys = new UnlockableKeyProvider(dir, (l) => log.push(l));
  return { dir, log, keys, store: CredentialStore.forDir(dir, keys) };
};

describe('UnlockableKeyProvider', () => {
  it('uses (and makes) the plain key file when there is no key.safe', async () => {
    const { dir, keys, store } = setup(false);
    await store.put('reg.example', LOGIN);
    expect(readdirSync(dir).sort()).toEqual(['key', 'registries.enc']);
    expect(keys.describe).toBe(join(dir, 'key'));
    expect(await store.get('reg.example')).toEqual(LOGIN);
  });

  it('is locked while key.safe exists and no key was handed over, and makes no plain key', async () => {
    const { dir, keys, store } = setup(true);
    await expect(keys.key()).rejects.toEqual(new LoginsLockedError(LOCKED));
    await expect(store.put('reg.example', LOGIN)).rejects.toThrow(LOCKED);
    expect(readdirSync(dir)).toEqual(['key.safe']);
    // Nothing stored yet: reading needs no key.
    expect(await store.list()).toEqual([]);
  });

  it('uses the handed-over key, logging that once and never the key', async () => {
    const { dir, log, keys, store } = setup(true);
    const key = randomBytes(32);
    expect(await provideKey(store, keys, key.toString('base64'))).toBeUndefined();
    expect(await provideKey(store, keys, key.toString('base64'))).toBeUndefined();
    await store.put('reg.example', LOGIN);
    expect(await store.get('reg.example')).toEqual(LOGIN);
    expect(existsSync(join(dir, 'key'))).toBe(false);
    expect(keys.describe).toBe(`${join(dir, 'key.safe')} (in the system keychain)`);
    expect(log).toEqual([`Berth: registry logins unlocked with the key kept in the system keychain (${join(dir, 'key.safe')}).`]);
    expect(log.join('\n')).not.toContain(key.toString('base64'));
    expect(log.join('\n')).not.toContain(key.toString('hex'));

    // A second backend (restarted) is locked again until the key comes back, then reads the same logins.
    const next = new UnlockableKeyProvider(dir, () => undefined);
    const again = CredentialStore.forDir(dir, next);
    await expect(again.list()).rejects.toThrow(LOCKED);
    await provideKey(again, next, key.toString('base64'));
    expect(await again.list()).toEqual([{ server: 'reg.example', username: 'alice' }]);
  });

  it('refuses a key that does not open the stored logins, and stays as it was', async () => {
    const { dir, keys, store } = setup(true);
    const key = randomBytes(32);
    await provideKey(store, keys, key.toString('base64'));
    await store.put('reg.example', LOGIN);
    const wrong = randomBytes(32).toString('base64');
    const err = await provideKey(store, keys, wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({
      code: 'bad_request',
      message: `The key from the system keychain does not open the registry logins in ${join(dir, 'registries.enc')}; they stay locked. If the keychain entry was reset, delete ${join(dir, 'registries.enc')} and log in to your registries again.`,
    });
    expect((err as Error).message).not.toContain(wrong);
    expect(await store.get('reg.example')).toEqual(LOGIN);

    const fresh = new UnlockableKeyProvider(dir, () => undefined);
    await expect(provideKey(CredentialStore.forDir(dir, fresh), fresh, wrong)).rejects.toMatchObject({ code: 'bad_request' });
    await expect(fresh.key()).rejects.toThrow(LOCKED);
  });

  it('says once in the log that the keychain cannot be used, and why the logins are locked', async () => {
    const plain = setup(false);
    plain.keys.keychainUnavailable('The system keychain cannot be used (Linux has no secret store).');
    plain.keys.keychainUnavailable('The system keychain cannot be used (Linux has no secret store).');
    expect(plain.log).toEqual([
      `Berth: The system keychain cannot be used (Linux has no secret store). Registry logins are sealed with the key file ${join(plain.dir, 'key')} (mode 0600) instead.`,
    ]);
    await plain.store.put('reg.example', LOGIN);

    const locked = setup(true);
    locked.keys.keychainUnavailable('The keychain is locked: unlock it and start Berth again.');
    expect(locked.log).toEqual([
      `Berth: The keychain is locked: unlock it and start Berth again. Registry logins stay locked in ${join(locked.dir, 'key.safe')} until the app can unlock them.`,
    ]);
    await expect(locked.keys.key()).rejects.toThrow(
      'Registry logins are locked in the system keychain: The keychain is locked: unlock it and start Berth again.',
    );
  });

  it('refuses a key that is not 32 bytes', async () => {
    const { keys, store } = setup(true);
    await expect(provideKey(store, keys, randomBytes(16).toString('base64'))).rejects.toMatchObject({ message: 'A data key has 32 bytes; this one has 16.' });
    await expect(keys.key()).rejects.toThrow(LOCKED);
  });
});
