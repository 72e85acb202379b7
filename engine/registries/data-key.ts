/**
 * Where the Electron app keeps the data key that seals the registry logins:
 * wrapped by the system keychain in `<secrets>/key.safe` when the keychain can
 * be used, moving a plain `key` there once; else the plain key file stays.
 * The keychain itself sits behind KeyWrapper (Electron's safeStorage in the
 * app, a fake in tests), so this module never imports electron.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/fs.js';
import { ensurePrivateDir, SealError, unseal } from './credentials.js';
import { WRAPPED_KEY_FILE } from './unlockable-key.js';

/** Encrypts small secrets with a key the OS keeps (Keychain, DPAPI, libsecret/kwallet). */
export interface KeyWrapper {
  encrypt(plain: Buffer): Promise<Buffer>;
  decrypt(wrapped: Buffer): Promise<Buffer>;
  /** False when the keychain cannot be used now (or would store the key in plain text). */
  available(): Promise<boolean>;
  /** The keychain's name, for messages. */
  readonly describe: string;
}

/** What resolveDataKey settled on. */
export type DataKey =
  /** The key, unwrapped from `key.safe`; `migrated` when a plain key file was moved there just now. */
  | { readonly source: 'keychain'; readonly key: Buffer; readonly migrated: boolean }
  /** The keychain cannot be used: the plain key file stays (the backend reads or makes it itself). */
  | { readonly source: 'file' };

/** The data key cannot be had: `key.safe` cannot be unwrapped, or the keychain it needs is not available. */
export class DataKeyError extends Error {
  override name = 'DataKeyError';
}

const PLAIN_KEY_FILE = 'key';
const LOGINS_FILE = 'registries.enc';

/**
 * Decide where the data key of `dir` (the home's secrets folder) lives, and
 * move it into the keychain when it can: a fresh key is made there, a plain
 * `key` is wrapped into `key.safe` (written atomically and read back before
 * the plain file is deleted), an existing `key.safe` is unwrapped. Throws
 * DataKeyError, naming the file, when `key.safe` exists but cannot be opened.
 */
export async function resolveDataKey(dir: string, wrapper: KeyWrapper): Promise<DataKey> {
  const safePath = join(dir, WRAPPED_KEY_FILE);
  const plainPath = join(dir, PLAIN_KEY_FILE);
  const wrapped = await readIfExists(safePath);
  if (!(await wrapper.available())) {
    if (wrapped) {
      throw new DataKeyError(
        `Berth's registry logins are locked in ${safePath}, and ${wrapper.describe} cannot be used now to unlock them. ` +
          `Unlock or set up ${wrapper.describe} and start Berth again, or delete ${safePath} and ${join(dir, LOGINS_FILE)} and log in to your registries again.`,
      );
    }
    return { source: 'file' };
  }
  await ensurePrivateDir(dir);
  const plain = await readIfExists(plainPath);
  if (plain && plain.length !== 32)
    throw new DataKeyError(
      `The key file ${plainPath} is damaged (${plain.length} bytes, not 32): delete it and ${join(dir, LOGINS_FILE)}, then log in to your registries again.`,
    );

  if (wrapped) {
    let key = await unwrap(wrapper, wrapped, safePath, dir);
    if (plain) {
      // A move cut short (both files), or a plain key made beside key.safe: keep the key that opens the logins.
      if (!plain.equals(key) && (await opensLogins(dir, plain)) && !(await opensLogins(dir, key))) {
        key.fill(0);
        key = Buffer.from(plain);
        await writeWrapped(wrapper, key, safePath, dir);
      }
      plain.fill(0);
      await fs.rm(plainPath, { force: true });
    }
    return { source: 'keychain', key, migrated: false };
  }
  const key = plain ?? randomBytes(32);
  await writeWrapped(wrapper, key, safePath, dir);
  if (plain) await fs.rm(plainPath, { force: true });
  return { source: 'keychain', key, migrated: plain !== undefined };
}

/** Wrap `key` into `path` atomically, then read it back (removing it if it does not match), so a plain key is never deleted for a key.safe that does not open. */
async function writeWrapped(wrapper: KeyWrapper, key: Buffer, path: string, dir: string): Promise<void> {
  await writeFileAtomic(path, await wrapper.encrypt(key), 0o600);
  const back = await unwrap(wrapper, await fs.readFile(path), path, dir);
  const same = back.equals(key);
  back.fill(0);
  if (!same) {
    await fs.rm(path, { force: true });
    throw new DataKeyError(`${wrapper.describe} did not give back the key Berth wrapped into ${path}; the plain key file was kept.`);
  }
}

async function unwrap(wrapper: KeyWrapper, wrapped: Buffer, path: string, dir: string): Promise<Buffer> {
  let key: Buffer;
  try {
    key = await wrapper.decrypt(wrapped);
  } catch (err) {
    throw damaged(path, dir, `${wrapper.describe} could not decrypt it (${(err as Error).message})`);
  }
  if (key.length !== 32) {
    key.fill(0);
    throw damaged(path, dir, `it holds ${key.length} bytes, not a 32-byte key`);
  }
  return key;
}

function damaged(path: string, dir: string, why: string): DataKeyError {
  return new DataKeyError(
    `Berth cannot unwrap its registry key ${path}: ${why}. ` +
      `If the system keychain was reset, delete ${path} and ${join(dir, LOGINS_FILE)} and log in to your registries again.`,
  );
}

/** True when `key` opens the logins file of `dir`; false when it does not or there is none. */
async function opensLogins(dir: string, key: Buffer): Promise<boolean> {
  const sealed = await readIfExists(join(dir, LOGINS_FILE));
  if (!sealed) return false;
  try {
    unseal(key, sealed).fill(0);
    return true;
  } catch (err) {
    if (err instanceof SealError) return false;
    throw err;
  }
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
