/**
 * Registry logins at rest: a small store under `<home>/secrets`, sealed with
 * AES-256-GCM, so no password or token is ever on disk in plain text.
 *
 * Files (the folder is 0700, each file 0600, each written atomically):
 * - `key`            32 random bytes, made on first use (FileKeyProvider)
 * - `key.safe`       the same 32 bytes wrapped by the system keychain, in place
 *                    of `key` once the Electron app could use its safeStorage
 * - `registries.enc` the sealed JSON of every login (CredentialStore)
 *
 * The key comes from a KeyProvider, so where it lives can change without
 * touching the store. Only the Electron main process can call safeStorage and
 * the backend is a plain Node process, so: the app unwraps (or first moves a
 * plain `key` into) `key.safe` with `resolveDataKey` (data-key.ts) and hands
 * the key to the backend over its control socket (`secrets.provideKey`, a
 * method pages may not call); the backend's UnlockableKeyProvider
 * (unlockable-key.ts) keeps it in memory only, and while `key.safe` exists
 * without it, the logins are locked rather than given a new key. Without the
 * app, or when the keychain cannot be used, the key file is used, protected by
 * its mode like an SSH private key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/fs.js';

/** Where a store's key comes from; `key()` resolves to exactly 32 bytes. */
export interface KeyProvider {
  key(): Promise<Buffer>;
  /** Where the key lives, named in error messages. */
  readonly describe: string;
}

/** A login as stored: a password, or the identity token a registry gave in exchange for it. */
export interface StoredLogin {
  readonly username: string;
  readonly secret: string;
  readonly identityToken?: string;
  /** Epoch milliseconds. */
  readonly savedAt: number;
}

const MAGIC = Buffer.from('BERTHSEC1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds the ciphertext to its purpose, so a sealed blob of another kind does not open as logins. */
const AAD = Buffer.from('berth/registry-logins/v1');

/** A sealed file that cannot be opened: wrong key, altered bytes or not a Berth file. */
export class SealError extends Error {
  override name = 'SealError';
}

/** Pure: encrypt and authenticate `plain` with a 32-byte key; a fresh IV every time. */
export function seal(key: Buffer, plain: Buffer): Buffer {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

/** Pure: the plain bytes of a sealed blob; throws SealError when the key is wrong or a byte was changed. */
export function unseal(key: Buffer, sealed: Buffer): Buffer {
  checkKey(key);
  if (sealed.length < MAGIC.length + IV_BYTES + TAG_BYTES || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new SealError('it is not a Berth secrets file');
  }
  const iv = sealed.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const tag = sealed.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(AAD);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealError('the key does not match it, or its bytes were changed');
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new SealError(`a key has 32 bytes, this one ${key.length}`);
}

/** The default key: 32 random bytes in `<dir>/key` (0600, folder 0700), made on first use. */
export class FileKeyProvider implements KeyProvider {
  private cached?: Promise<Buffer>;
  constructor(private readonly dir: string) {}

  get describe(): string {
    return join(this.dir, 'key');
  }

  key(): Promise<Buffer> {
    this.cached ??= this.load().catch((err: unknown) => {
      this.cached = undefined;
      throw err;
    });
    return this.cached;
  }

  private async load(): Promise<Buffer> {
    await ensurePrivateDir(this.dir);
    const path = this.describe;
    try {
      // Exclusive create: two processes racing both end up with the one key that won.
      const fh = await fs.open(path, 'wx', 0o600);
      try {
        await fh.writeFile(randomBytes(32));
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    await fs.chmod(path, 0o600);
    const key = await fs.readFile(path);
    if (key.length !== 32) throw new SealError(`the key file ${path} is damaged (${key.length} bytes, not 32)`);
    return key;
  }
}

/** Make a folder only its owner can enter (and tighten it if it exists). */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
}

type Logins = Record<string, StoredLogin>;

/** Every login Berth keeps, by normalised server name; read and written whole, one change at a time. */
export class CredentialStore {
  private queue: Promise<unknown> = Promise.resolve();
  constructor(
    /** The sealed file, named in error messages. */
    readonly file: string,
    private readonly keys: KeyProvider,
  ) {}

  /** The store of a Berth home: `<secretsDir>/registries.enc`, sealed with `<secretsDir>/key` unless told otherwise. */
  static forDir(secretsDir: string, keys: KeyProvider = new FileKeyProvider(secretsDir)): CredentialStore {
    return new CredentialStore(join(secretsDir, 'registries.enc'), keys);
  }

  /**
   * Run `use` when `key` opens the stored logins (or none are stored yet),
   * queued behind any write so that none is sealed with another key in
   * between; resolves false, without running `use`, when it does not.
   */
  adoptKeyIfItFits(key: Buffer, use: () => void): Promise<boolean> {
    const next = this.queue.then(async () => {
      let sealed: Buffer;
      try {
        sealed = await fs.readFile(this.file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        use();
        return true;
      }
      try {
        unseal(key, sealed).fill(0);
      } catch (err) {
        if (err instanceof SealError) return false;
        throw err;
      }
      use();
      return true;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The login for a server, if one is stored. */
  async get(server: string): Promise<StoredLogin | undefined> {
    const all = await this.read();
    return Object.hasOwn(all, server) ? all[server] : undefined;
  }

  /** Server and user name of every stored login; never the secrets. */
  async list(): Promise<Array<{ server: string; username: string }>> {
    return Object.entries(await this.read()).map(([server, l]) => ({ server, username: l.username }));
  }

  /** Store (or replace) the login of a server. */
  put(server: string, login: StoredLogin): Promise<void> {
    return this.change((all) => ({ ...all, [server]: login }));
  }

  /** Forget a server's login; false when there was none. */
  async remove(server: string): Promise<boolean> {
    let had = false;
    await this.change((all) => {
      had = Object.hasOwn(all, server);
      return Object.fromEntries(Object.entries(all).filter(([s]) => s !== server));
    });
    return had;
  }

  private change(edit: (all: Logins) => Logins): Promise<void> {
    const next = this.queue.then(async () => {
      const updated = edit(await this.read());
      const dir = join(this.file, '..');
      await ensurePrivateDir(dir);
      const plain = Buffer.from(JSON.stringify({ version: 1, logins: updated }));
      try {
        await writeFileAtomic(this.file, seal(await this.keys.key(), plain), 0o600);
      } finally {
        plain.fill(0);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Logins> {
    let sealed: Buffer;
    try {
      sealed = await fs.readFile(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    let plain: Buffer;
    try {
      plain = unseal(await this.keys.key(), sealed);
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      throw new SealError(
        `Berth cannot read its stored registry logins in ${this.file}: ${err.message}. ` +
          `If the key at ${this.keys.describe} was replaced, delete ${this.file} and log in again.`,
      );
    }
    const parsed = JSON.parse(plain.toString('utf8')) as { version?: number; logins?: Logins };
    plain.fill(0);
    return parsed.logins ?? {};
  }
}
