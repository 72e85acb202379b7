/**
 * Unlocking the registry logins of a running backend: the main process
 * unwraps the data key from the system keychain (or moves a plain key file
 * there first) and hands it over its own control-socket connection, so the
 * key never touches disk in plain text and never sits in argv or the
 * environment. Pages cannot do this: their carriers refuse internal methods.
 */
import { connectBackend } from '../engine/backend/launch.js';
import { layout } from '../engine/engine/paths.js';
import type { RpcClient } from '../engine/rpc/client.js';
import { resolveDataKey } from '../engine/registries/data-key.js';
import type { Keychain } from './keychain.js';

/** How an unlock ended: the key handed over, the plain key file kept, or the logins left locked (with why). */
export type UnlockOutcome =
  | { readonly kind: 'unlocked'; readonly migrated: boolean }
  | { readonly kind: 'file-key'; readonly reason: string }
  | { readonly kind: 'locked'; readonly reason: string };

/** Most characters of a reason the backend takes (its input schema's limit). */
const MAX_REASON = 1000;

/**
 * Hand the backend of `home` its data key from `keychain`. When that cannot
 * be done, the backend is told why instead, so it logs it once and says it
 * when the logins are asked for; the outcome never holds the key.
 */
export async function unlockBackend(
  home: string,
  keychain: Keychain,
  connect: (home: string) => Promise<RpcClient | null> = connectBackend,
): Promise<UnlockOutcome> {
  const client = await connect(home);
  if (!client) throw new Error('Berth could not hand the registry key to its backend: the backend does not answer.');
  try {
    return await unlockWith(client, layout(home).secretsDir, keychain);
  } finally {
    client.close();
  }
}

async function unlockWith(client: RpcClient, secretsDir: string, keychain: Keychain): Promise<UnlockOutcome> {
  const tell = async (reason: string) => {
    await client.call('secrets.keychainUnavailable', { reason: reason.slice(0, MAX_REASON) });
  };
  let key: Buffer | undefined;
  try {
    const resolved = await resolveDataKey(secretsDir, keychain);
    if (resolved.source === 'file') {
      const reason = `The system keychain cannot be used (${(await keychain.problem()) ?? 'no reason given'}).`;
      await tell(reason);
      return { kind: 'file-key', reason };
    }
    key = resolved.key;
    await client.call('secrets.provideKey', { key: key.toString('base64') });
    return { kind: 'unlocked', migrated: resolved.migrated };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await tell(reason).catch(() => undefined);
    return { kind: 'locked', reason };
  } finally {
    key?.fill(0);
  }
}
