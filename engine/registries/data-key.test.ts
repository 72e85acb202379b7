import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seal } from './credentials.js';
import { DataKeyError, resolveDataKey, type KeyWrapper } from './data-key.js';

/** Stands in for safeStorage: AES-256-GCM under a fixed test key, so what it wraps is not the key in plain. */
class TestWrapper implements KeyWrapper {
  readonly describe = 'the test keychain';
  encrypts = 0;
  constructor(
    private readonly on = true,
    private readonly secret = Buffer.alloc(32, 0x5a),
  ) {}
  async available(): Promise<boolean> {
    return this.on;
  }
  async encrypt(plain: Buffer): Promise<Buffer> {
    this.encrypts++;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.secret, iv);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  async decrypt(wrapped: Buffer): Promise<Buffer> {
    const d = createDecipheriv('aes-256-gcm', this.secret, wrapped.subarray(0, 12));
    d.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([d.update(wrapped.subarray(28)), d.final()]);
  }
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const secretsDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'berth-datakey-'));
  dirs.push(d);
  return join(d, 'secrets');
};
const mode = (path: string) => statSync(path).mode & 0o777;
const writeKey = (dir: string, key: Buffer) => {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'key'), key, { mode: 0o600 });
};

describe('resolveDataKey', () => {
  it('makes a fresh key in key.safe (0600, wrapped) and no plain key file', async () => {
    const dir = secretsDir();
    const r = await resolveDataKey(dir, new TestWrapper());
    if (r.source !== 'keychain') throw new Error('expected the keychain');
    expect(r.key).toHaveLength(32);
    expect(r.migrated).toBe(false);
    expect(readdirSync(dir)).toEqual(['key.safe']);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'key.safe'))).toBe(0o600);
    expect(readFileSync(join(dir, 'key.safe')).includes(r.key)).toBe(false);
    // The next start unwraps the same key.
    const again = await resolveDataKey(dir, new TestWrapper());
    expect(again).toEqual({ source: 'keychain', key: r.key, migrated: false });
  });

  it('moves a plain key into key.safe and deletes the plain file', async () => {
    const dir = secretsDir();
    const plain = randomBytes(32);
    writeKey(dir, plain);
    const r = await resolveDataKey(dir, new TestWrapper());
    expect(r).toEqual({ source: 'keychain', key: plain, migrated: true });
    expect(readdirSync(dir)).toEqual(['key.safe']);
    expect(mode(join(dir, 'key.safe'))).toBe(0o600);
    expect(readFileSync(join(dir, 'key.safe')).includes(plain)).toBe(false);
  });

  it('unwraps an existing key.safe without writing it again', async () => {
    const dir = secretsDir();
    const first = await resolveDataKey(dir, new TestWrapper());
    const before = readFileSync(join(dir, 'key.safe'));
    const wrapper = new TestWrapper();
    const r = await resolveDataKey(dir, wrapper);
    expect(r).toMatchObject({ source: 'keychain', migrated: false });
    expect(r.source === 'keychain' && r.key.equals(first.source === 'keychain' ? first.key : Buffer.alloc(0))).toBe(true);
    expect(wrapper.encrypts).toBe(0);
    expect(readFileSync(join(dir, 'key.safe')).equals(before)).toBe(true);
  });

  it('finishes a move cut short: key.safe and the same plain key leave key.safe alone', async () => {
    const dir = secretsDir();
    const plain = randomBytes(32);
    writeKey(dir, plain);
    writeFileSync(join(dir, 'key.safe'), await new TestWrapper().encrypt(plain), { mode: 0o600 });
    expect(await resolveDataKey(dir, new TestWrapper())).toEqual({ source: 'keychain', key: plain, migrated: false });
    expect(readdirSync(dir)).toEqual(['key.safe']);
  });

  it('keeps whichever of two different keys opens the stored logins', async () => {
    const dir = secretsDir();
    const inUse = randomBytes(32);
    const stray = randomBytes(32);
    writeKey(dir, inUse);
    writeFileSync(join(dir, 'registries.enc'), seal(inUse, Buffer.from('{"version":1,"logins":{}}')), { mode: 0o600 });
    writeFileSync(join(dir, 'key.safe'), await new TestWrapper().encrypt(stray), { mode: 0o600 });
    expect(await resolveDataKey(dir, new TestWrapper())).toEqual({ source: 'keychain', key: inUse, migrated: false });
    expect(readdirSync(dir).sort()).toEqual(['key.safe', 'registries.enc']);
    expect(await resolveDataKey(dir, new TestWrapper())).toEqual({ source: 'keychain', key: inUse, migrated: false });
  });

  it('leaves the plain key file alone when the keychain is not available', async () => {
    const dir = secretsDir();
    const plain = randomBytes(32);
    writeKey(dir, plain);
    expect(await resolveDataKey(dir, new TestWrapper(false))).toEqual({ source: 'file' });
    expect(readdirSync(dir)).toEqual(['key']);
    expect(readFileSync(join(dir, 'key')).equals(plain)).toBe(true);
    expect(await resolveDataKey(secretsDir(), new TestWrapper(false))).toEqual({ source: 'file' });
  });

  it('says the logins are locked when key.safe exists but the keychain is not available', async () => {
    const dir = secretsDir();
    await resolveDataKey(dir, new TestWrapper());
    const err = await resolveDataKey(dir, new TestWrapper(false)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataKeyError);
    expect((err as Error).message).toBe(
      `Berth's registry logins are locked in ${join(dir, 'key.safe')}, and the test keychain cannot be used now to unlock them. ` +
        `Unlock or set up the test keychain and start Berth again, or delete ${join(dir, 'key.safe')} and ${join(dir, 'registries.enc')} and log in to your registries again.`,
    );
    expect(existsSync(join(dir, 'key'))).toBe(false);
  });

  it('refuses a corrupt key.safe with an error naming the file, and keeps a plain key beside it', async () => {
    const dir = secretsDir();
    const plain = randomBytes(32);
    writeKey(dir, plain);
    writeFileSync(join(dir, 'key.safe'), Buffer.from('not what the keychain wrote, at all'), { mode: 0o600 });
    await expect(resolveDataKey(dir, new TestWrapper())).rejects.toThrow(
      new RegExp(
        `^Berth cannot unwrap its registry key ${join(dir, 'key.safe')}: the test keychain could not decrypt it \\(.+\\)\\. If the system keychain was reset, delete`,
      ),
    );
    expect(readFileSync(join(dir, 'key')).equals(plain)).toBe(true);

    // Wrapped by another keychain secret (a reset keychain): same error.
    const other = secretsDir();
    await resolveDataKey(other, new TestWrapper(true, Buffer.alloc(32, 1)));
    await expect(resolveDataKey(other, new TestWrapper())).rejects.toBeInstanceOf(DataKeyError);

    // Unwraps, but not to 32 bytes.
    const short = secretsDir();
    mkdirSync(short, { recursive: true });
    writeFileSync(join(short, 'key.safe'), await new TestWrapper().encrypt(Buffer.alloc(16)));
    await expect(resolveDataKey(short, new TestWrapper())).rejects.toThrow(
      `Berth cannot unwrap its registry key ${join(short, 'key.safe')}: it holds 16 bytes, not a 32-byte key.`,
    );
  });

  it('keeps the plain key when the keychain does not give back what it wrapped', async () => {
    const dir = secretsDir();
    const plain = randomBytes(32);
    writeKey(dir, plain);
    const liar = new TestWrapper();
    liar.decrypt = async () => randomBytes(32);
    await expect(resolveDataKey(dir, liar)).rejects.toThrow(
      `the test keychain did not give back the key Berth wrapped into ${join(dir, 'key.safe')}; the plain key file was kept.`,
    );
    expect(readdirSync(dir)).toEqual(['key']);
    expect(readFileSync(join(dir, 'key')).equals(plain)).toBe(true);
  });
});
