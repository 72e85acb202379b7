/**
 * The backend's data key: handed over in memory by the Electron app when the
 * key is kept in the system keychain (`key.safe`, which only Electron's
 * `safeStorage` can unwrap), else the plain key file. While `key.safe`
 * exists and no key was handed over, the logins are locked: nothing is read,
 * and no new plain key is made (that would orphan the stored logins).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FileKeyProvider, type KeyProvider } from './credentials.js';

/** The name of the keychain-wrapped key in the secrets folder. */
export const WRAPPED_KEY_FILE = 'key.safe';

/** The logins are sealed with a key in the system keychain, and no Berth app handed it over yet. */
export class LoginsLockedError extends Error {
  override name = 'LoginsLockedError';
}

/** A KeyProvider that prefers a key handed over by the Electron app; see the module comment. */
export class UnlockableKeyProvider implements KeyProvider {
  private provided?: Buffer;
  private keychainProblem?: string;
  private readonly file: FileKeyProvider;
  private readonly said = new Set<string>();

  constructor(
    private readonly dir: string,
    /** Where the once-only notes go (the backend log); never given a secret. */
    private readonly log: (line: string) => void = (line) => console.log(line),
  ) {
    this.file = new FileKeyProvider(dir);
  }

  get describe(): string {
    return this.provided || this.wrapped() ? `${join(this.dir, WRAPPED_KEY_FILE)} (in the system keychain)` : this.file.describe;
  }

  key(): Promise<Buffer> {
    if (this.provided) return Promise.resolve(Buffer.from(this.provided));
    if (this.wrapped()) {
      const why = this.keychainProblem ? `: ${this.keychainProblem}` : '; open the Berth app to unlock them.';
      return Promise.reject(new LoginsLockedError(`Registry logins are locked in the system keychain${why}`));
    }
    return this.file.key();
  }

  /** Use `key` (32 bytes, copied) from now on; the caller checked it opens the stored logins. */
  provide(key: Buffer): void {
    if (key.length !== 32) throw new RangeError(`a data key has 32 bytes, not ${key.length}`);
    this.provided?.fill(0);
    this.provided = Buffer.from(key);
    this.keychainProblem = undefined;
    this.once(`Berth: registry logins unlocked with the key kept in the system keychain (${join(this.dir, WRAPPED_KEY_FILE)}).`);
  }

  /**
   * The Electron app cannot use the system keychain; `reason` is its sentence
   * saying why and what to do. Noted once in the log, and given as the reason
   * the logins are locked while `key.safe` exists.
   */
  keychainUnavailable(reason: string): void {
    this.keychainProblem = reason;
    this.once(
      this.wrapped()
        ? `Berth: ${reason} Registry logins stay locked in ${join(this.dir, WRAPPED_KEY_FILE)} until the app can unlock them.`
        : `Berth: ${reason} Registry logins are sealed with the key file ${this.file.describe} (mode 0600) instead.`,
    );
  }

  private wrapped(): boolean {
    return existsSync(join(this.dir, WRAPPED_KEY_FILE));
  }

  private once(line: string): void {
    if (this.said.has(line)) return;
    this.said.add(line);
    this.log(line);
  }
}
