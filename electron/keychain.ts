/**
 * The system keychain as Berth uses it: Electron's safeStorage (macOS
 * Keychain, Windows DPAPI, libsecret or KWallet on Linux) behind the
 * KeyWrapper that resolveDataKey takes. This module takes safeStorage as an
 * argument instead of importing electron, so it is tested with a fake.
 */
import type { KeyWrapper } from '../engine/registries/data-key.js';

/** The part of Electron's safeStorage Berth uses (its asynchronous API; the synchronous one is deprecated). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string }>;
  /** Linux only: which secret store Chromium picked. */
  getSelectedStorageBackend(): string;
}

/** A KeyWrapper that can also say why it is not available. */
export interface Keychain extends KeyWrapper {
  /** Why the keychain cannot be used now, as a clause; undefined when it can. */
  problem(): Promise<string | undefined>;
}

/**
 * The keychain over `safeStorage`; call after the app's `ready` event (before
 * it, Linux reports no secret store). On Linux, the `basic_text` store (a
 * key hard-coded in Chromium) counts as unavailable: it would not protect the
 * key any better than the key file's mode does.
 */
export function safeStorageKeychain(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Keychain {
  const problem = async (): Promise<string | undefined> => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'Electron’s safeStorage reports that encryption is not available';
    if (platform !== 'linux') return undefined;
    const store = safeStorage.getSelectedStorageBackend();
    if (store === 'basic_text') return 'Linux offers no secret store (libsecret or KWallet), so safeStorage would keep the key in plain text';
    if (store === 'unknown') return 'Electron could not tell which secret store Linux uses';
    return undefined;
  };
  return {
    get describe() {
      return keychainName(platform, platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined);
    },
    problem,
    available: async () => (await problem()) === undefined,
    // The key travels as base64 text: safeStorage encrypts strings.
    encrypt: (plain) => safeStorage.encryptStringAsync(plain.toString('base64')),
    decrypt: async (wrapped) => Buffer.from((await safeStorage.decryptStringAsync(wrapped)).result, 'base64'),
  };
}

/** Pure: the keychain's name in messages. */
export function keychainName(platform: NodeJS.Platform, linuxStore?: string): string {
  switch (platform) {
    case 'darwin':
      return 'the macOS Keychain';
    case 'win32':
      return 'Windows data protection (DPAPI)';
    default:
      if (linuxStore === 'gnome_libsecret') return 'the system keyring (libsecret)';
      if (linuxStore?.startsWith('kwallet')) return 'KWallet';
      return 'the system keychain';
  }
}
