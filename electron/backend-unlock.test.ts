import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { layout } from '../engine/engine/paths.js';
import { provideKey } from '../engine/registries/secrets.js';
import { socketCarrier } from '../engine/rpc/node-carriers.js';
import { Router, type Handlers } from '../engine/rpc/router.js';
import { CredentialStore } from '../engine/registries/credentials.js';
import { UnlockableKeyProvider } from '../engine/registries/unlockable-key.js';
import { unlockBackend } from './backend-unlock.js';
import type { Keychain } from './keychain.js';

const LOGIN = { username: 'alice', secret: 'pw-secret-2', savedAt: 1 };

/** A test keychain: XOR with a fixed pad (not the key in plain), or unavailable. */
function testKeychain(available: boolean): Keychain {
  const pad = Buffer.alloc(32, 0xa5);
  const xor = async (b: Buffer) => Buffer.from(b.map((x, i) => x ^ pad[i % 32]!));
  return {
    describe: 'the test keychain',
    available: async () => available,
    problem: async () => (available ? undefined : 'the test says no'),
    encrypt: xor,
    decrypt: xor,
  };
}

let home = '';
let server: Server | undefined;
afterEach(() => {
  server?.close();
  rmSync(home, { recursive: true, force: true });
});

/**
 * A backend that serves only the secrets methods, with the real key provider
 * and store; its log is returned. `again` replaces the running one in the same
 * home, as a restarted backend process that holds no key yet.
 */
async function startBackend(again = false): Promise<{ store: CredentialStore; keys: UnlockableKeyProvider; log: string[] }> {
  if (again) server?.close();
  else home = mkdtempSync('/tmp/bt-unlock-');
  const l = layout(home);
  mkdirSync(l.runDir, { recursive: true });
  rmSync(l.controlSocket, { force: true });
  const log: string[] = [];
  const keys = new UnlockableKeyProvider(l.secretsDir, (line) => log.push(line));
  const store = CredentialStore.forDir(l.secretsDir, keys);
  const handlers: Partial<Handlers> = {
    'secrets.provideKey': ({ key }) => provideKey(store, keys, key),
    'secrets.keychainUnavailable': ({ reason }) => keys.keychainUnavailable(reason),
  };
  const router = new Router(handlers as Handlers);
  server = createServer((s) => router.serve(socketCarrier(s)));
  server.listen(l.controlSocket);
  await once(server, 'listening');
  return { store, keys, log };
}

describe('unlockBackend', () => {
  it('moves a plain key into key.safe and hands the same key to the backend, which then reads the logins', async () => {
    const { store: before } = await startBackend();
    await before.put('reg.example', LOGIN); // sealed with a plain key file, as a CLI-only Berth did
    const { secretsDir } = layout(home);
    expect(readdirSync(secretsDir).sort()).toEqual(['key', 'registries.enc']);

    const { store, log } = await startBackend(true);
    expect(await unlockBackend(home, testKeychain(true))).toEqual({ kind: 'unlocked', migrated: true });
    expect(readdirSync(secretsDir).sort()).toEqual(['key.safe', 'registries.enc']);
    expect(await store.get('reg.example')).toEqual(LOGIN);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^Berth: registry logins unlocked with the key kept in the system keychain/);
  });

  it('keeps the key file when the keychain cannot be used, and the backend says so once', async () => {
    const { store, log } = await startBackend();
    const outcome = await unlockBackend(home, testKeychain(false));
    expect(outcome).toEqual({ kind: 'file-key', reason: 'The system keychain cannot be used (the test says no).' });
    await store.put('reg.example', LOGIN);
    expect(readdirSync(layout(home).secretsDir).sort()).toEqual(['key', 'registries.enc']);
    expect(log).toEqual([
      `Berth: The system keychain cannot be used (the test says no). Registry logins are sealed with the key file ${join(layout(home).secretsDir, 'key')} (mode 0600) instead.`,
    ]);
  });

  it('leaves the logins locked, with the reason, when key.safe cannot be unwrapped', async () => {
    const { keys } = await startBackend();
    const { secretsDir } = layout(home);
    mkdirSync(secretsDir, { recursive: true });
    writeFileSync(join(secretsDir, 'key.safe'), randomBytes(5));
    const outcome = await unlockBackend(home, testKeychain(true));
    expect(outcome.kind).toBe('locked');
    const reason = outcome.kind === 'locked' ? outcome.reason : '';
    expect(reason).toMatch(new RegExp(`^Berth cannot unwrap its registry key ${join(secretsDir, 'key.safe')}: it holds 5 bytes`));
    await expect(keys.key()).rejects.toThrow(`Registry logins are locked in the system keychain: ${reason}`);
  });

  it('says so when no backend answers', async () => {
    home = mkdtempSync('/tmp/bt-unlock-');
    await expect(unlockBackend(home, testKeychain(true))).rejects.toThrow('Berth could not hand the registry key to its backend: the backend does not answer.');
  });
});
