/** The backend's side of unlocking the registry logins with a key the Electron app unwrapped from the system keychain. */
import { RpcError } from '../rpc/protocol.js';
import type { CredentialStore } from './credentials.js';
import type { UnlockableKeyProvider } from './unlockable-key.js';

/**
 * Handle `secrets.provideKey`: use the 32-byte key (base64) from now on when
 * it opens the stored logins. A key that does not is refused and changes
 * nothing. The key is never logged and never part of an error.
 */
export async function provideKey(store: CredentialStore, keys: UnlockableKeyProvider, base64: string): Promise<void> {
  const key = Buffer.from(base64, 'base64');
  try {
    if (key.length !== 32) throw new RpcError('bad_request', `A data key has 32 bytes; this one has ${key.length}.`);
    const fits = await store.adoptKeyIfItFits(key, () => keys.provide(key));
    if (!fits) {
      throw new RpcError(
        'bad_request',
        `The key from the system keychain does not open the registry logins in ${store.file}; they stay locked. ` +
          `If the keychain entry was reset, delete ${store.file} and log in to your registries again.`,
      );
    }
  } finally {
    key.fill(0);
  }
}
