import { describe, expect, it } from 'vitest';
import { keychainName, safeStorageKeychain, type SafeStorageLike } from './keychain.js';

/** Stands in for safeStorage: "encrypts" by reversing the text, so the test can see what was handed to it. */
function fakeSafeStorage(available: boolean, store = 'gnome_libsecret'): SafeStorageLike & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (text) => {
      seen.push(text);
      return Buffer.from([...text].reverse().join(''));
    },
    decryptStringAsync: async (b) => ({ result: [...b.toString()].reverse().join('') }),
    getSelectedStorageBackend: () => store,
  };
}

describe('safeStorageKeychain', () => {
  it('wraps the 32 key bytes as base64 text and unwraps them back', async () => {
    const ss = fakeSafeStorage(true);
    const keychain = safeStorageKeychain(ss, 'linux');
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7));
    const wrapped = await keychain.encrypt(key);
    expect(ss.seen).toEqual([key.toString('base64')]);
    expect((await keychain.decrypt(wrapped)).equals(key)).toBe(true);
    expect(await keychain.available()).toBe(true);
    expect(keychain.describe).toBe('the system keyring (libsecret)');
  });

  it('counts Linux’s basic_text store, an unknown store and no encryption as unavailable, saying why', async () => {
    const basic = safeStorageKeychain(fakeSafeStorage(true, 'basic_text'), 'linux');
    expect(await basic.available()).toBe(false);
    expect(await basic.problem()).toBe('Linux offers no secret store (libsecret or KWallet), so safeStorage would keep the key in plain text');
    expect(await safeStorageKeychain(fakeSafeStorage(true, 'unknown'), 'linux').available()).toBe(false);
    const none = safeStorageKeychain(fakeSafeStorage(false), 'darwin');
    expect(await none.available()).toBe(false);
    expect(await none.problem()).toBe('Electron’s safeStorage reports that encryption is not available');
  });

  it('asks for the Linux store only on Linux', async () => {
    const ss = fakeSafeStorage(true, 'basic_text');
    ss.getSelectedStorageBackend = () => {
      throw new Error('not on this platform');
    };
    const mac = safeStorageKeychain(ss, 'darwin');
    expect(await mac.available()).toBe(true);
    expect(mac.describe).toBe('the macOS Keychain');
  });
});

describe('keychainName', () => {
  it('names the keychain of each platform', () => {
    expect(keychainName('win32')).toBe('Windows data protection (DPAPI)');
    expect(keychainName('linux', 'kwallet6')).toBe('KWallet');
    expect(keychainName('linux', 'unknown')).toBe('the system keychain');
  });
});
