/** Registry logins, catalogue and authenticated pull/push: a real engine and real registries (one with htpasswd basic auth). */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { startRegistry, type Registry } from '../../e2e/fixtures/registry.js';
import type { RpcClient } from '../rpc/client.js';
import { resolveDataKey, type KeyWrapper } from '../registries/data-key.js';
import { readCatalog } from '../registries/registries.js';
import { RegistryError, RegistrySession } from '../registries/registry-http.js';
import { docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const USER = 'alice';
const PASSWORD = 'pw-Zq8!registry';
const home = tempHome('reg');
let dockerHost = '';
let rpc: RpcClient;
let secured: Registry;
let open: Registry;

const streamDone = (method: 'images.pull' | 'images.push', ref: string) =>
  new Promise<void>((resolve, reject) => rpc.stream(method, { ref }, { next: () => undefined, end: (e) => (e ? reject(e) : resolve()) }));
const secretsFile = () => join(home, 'secrets', 'registries.enc');
/** Stands in for the system keychain (Electron's safeStorage cannot run here): XOR with a fixed pad. */
const xorKeychain: KeyWrapper = {
  describe: 'the test keychain',
  available: async () => true,
  encrypt: async (b) => Buffer.from(b.map((x) => x ^ 0x5c)),
  decrypt: async (b) => Buffer.from(b.map((x) => x ^ 0x5c)),
};

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  [secured, open] = await Promise.all([startRegistry({ auth: { username: USER, password: PASSWORD } }), startRegistry()]);
});
afterAll(async () => {
  rpc?.close();
  await Promise.all([secured?.stop(), open?.stop()]);
  await removeHomes();
});

describe('registries', () => {
  it('refuses a wrong password with a sentence and stores nothing', async () => {
    await expect(rpc.call('registries.login', { server: secured.host, username: USER, secret: 'wrong' })).rejects.toMatchObject({
      code: 'bad_request',
      message: `${secured.host} refused the user ${USER}: wrong user name or password.`,
    });
    expect(existsSync(secretsFile())).toBe(false);
    expect((await rpc.call('registries.list', {})).find((r) => r.server === secured.host)).toBeUndefined();
  });

  it('asks for a login before pushing to or reading a registry that wants one', async () => {
    const ref = `${secured.host}/team/app:v1`;
    await docker(dockerHost, ['tag', BUSYBOX_IMAGE, ref]);
    await expect(streamDone('images.push', ref)).rejects.toMatchObject({
      message: `${secured.host} requires you to log in: open Registries and log in to ${secured.host}.`,
    });
    await expect(rpc.call('registries.catalog', { server: secured.host })).rejects.toMatchObject({
      message: `${secured.host} requires you to log in: use Log in… on the Registries page for ${secured.host}.`,
    });
  });

  it('logs in, keeps the login sealed on disk, and uses it to push, list and pull', async () => {
    const summary = await rpc.call('registries.login', { server: `http://${secured.host}/`, username: USER, secret: PASSWORD });
    expect(summary).toMatchObject({ server: secured.host, username: USER, loggedIn: true, localImages: 1 });
    expect(JSON.stringify(summary)).not.toContain(PASSWORD);

    const dir = join(home, 'secrets');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual(['key', 'registries.enc']);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    const sealed = readFileSync(secretsFile());
    expect(sealed.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(sealed.includes(Buffer.from(Buffer.from(PASSWORD).toString('base64')))).toBe(false);
    expect(readFileSync(join(home, 'logs', 'backend.log'), 'utf8')).not.toContain(PASSWORD);

    for (const repo of ['team/app', 'team/web', 'zz/last']) {
      const ref = `${secured.host}/${repo}:v1`;
      await docker(dockerHost, ['tag', BUSYBOX_IMAGE, ref]);
      await streamDone('images.push', ref);
    }
    expect(await rpc.call('registries.catalog', { server: secured.host })).toEqual({
      server: secured.host,
      repositories: ['team/app', 'team/web', 'zz/last'],
      truncated: false,
    });
    expect(await rpc.call('registries.tags', { server: secured.host, repository: 'team/app' })).toEqual({
      server: secured.host,
      repository: 'team/app',
      tags: ['v1'],
    });
    await expect(rpc.call('registries.tags', { server: secured.host, repository: 'team/nothing' })).rejects.toMatchObject({
      code: 'not_found',
      message: `${secured.host} has no repository named team/nothing.`,
    });

    await docker(dockerHost, ['rmi', `${secured.host}/team/app:v1`]);
    await streamDone('images.pull', `${secured.host}/team/app:v1`);
    expect(await docker(dockerHost, ['images', '-q', `${secured.host}/team/app:v1`])).not.toBe('');
  });

  it('follows catalogue pages and stops at the cap with a note', async () => {
    const login = { username: USER, secret: PASSWORD };
    const all = await readCatalog(new RegistrySession(secured.host, login), 1);
    expect(all.repositories).toEqual(['team/app', 'team/web', 'zz/last']);
    const capped = await readCatalog(new RegistrySession(secured.host, login), 1, 2);
    expect(capped).toMatchObject({ repositories: ['team/app', 'team/web'], truncated: true, note: expect.stringContaining('more than 2 repositories') });
  });

  it('moves the key into the keychain: the logins are locked, not lost, until the app hands the key over', async () => {
    const dir = join(home, 'secrets');
    const plain = readFileSync(join(dir, 'key'));
    expect(await resolveDataKey(dir, xorKeychain)).toEqual({ source: 'keychain', key: plain, migrated: true });
    expect(readdirSync(dir).sort()).toEqual(['key.safe', 'registries.enc']);

    // Until the key comes (as under `berth web` alone), the backend neither reads the logins nor makes a new key.
    const locked = { code: 'conflict', message: 'Registry logins are locked in the system keychain; open the Berth app to unlock them.' };
    await expect(rpc.call('registries.list', {})).rejects.toMatchObject(locked);
    await expect(streamDone('images.pull', `${secured.host}/team/web:v1`)).rejects.toMatchObject(locked);
    expect(readdirSync(dir).sort()).toEqual(['key.safe', 'registries.enc']);

    await expect(rpc.call('secrets.provideKey', { key: randomBytes(32).toString('base64') })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/^The key from the system keychain does not open the registry logins in /),
    });
    const unwrapped = await resolveDataKey(dir, xorKeychain);
    expect(unwrapped).toEqual({ source: 'keychain', key: plain, migrated: false });
    await rpc.call('secrets.provideKey', { key: plain.toString('base64') });
    expect((await rpc.call('registries.list', {})).find((r) => r.server === secured.host)).toMatchObject({ loggedIn: true, username: USER });
    await docker(dockerHost, ['rmi', `${secured.host}/team/web:v1`]);
    await streamDone('images.pull', `${secured.host}/team/web:v1`);
    const log = readFileSync(join(home, 'logs', 'backend.log'), 'utf8');
    expect(log).toContain(`Berth: registry logins unlocked with the key kept in the system keychain (${join(dir, 'key.safe')}).`);
    expect(log).not.toContain(plain.toString('base64'));
  });

  it('logs out, after which a pull asks for a login again', async () => {
    await rpc.call('registries.logout', { server: secured.host });
    const after = (await rpc.call('registries.list', {})).find((r) => r.server === secured.host);
    expect(after?.loggedIn).toBe(false);
    expect(after?.username).toBeUndefined();
    await docker(dockerHost, ['rmi', `${secured.host}/team/app:v1`]);
    await expect(streamDone('images.pull', `${secured.host}/team/app:v1`)).rejects.toMatchObject({
      message: `${secured.host} requires you to log in: open Registries and log in to ${secured.host}.`,
    });
  });

  it('lists an open registry’s catalogue without a login', async () => {
    const ref = `${open.host}/open/one:v2`;
    await docker(dockerHost, ['tag', BUSYBOX_IMAGE, ref]);
    await streamDone('images.push', ref);
    expect((await rpc.call('registries.catalog', { server: open.host })).repositories).toEqual(['open/one']);
    expect((await rpc.call('registries.list', {})).map((r) => r.server)).toEqual(expect.arrayContaining(['docker.io', open.host, secured.host]));
  });

  it('says when a server offers no catalogue, does not answer, or is not there', async () => {
    await expect(rpc.call('registries.catalog', { server: 'docker.io' })).rejects.toMatchObject({
      message: expect.stringMatching(/^Docker Hub does not offer a catalogue/),
    });

    const notRegistry: Server = createHttpServer((_req, res) => res.writeHead(404).end('no'));
    await new Promise<void>((r) => notRegistry.listen(0, '127.0.0.1', r));
    const silent = createTcpServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const host = `127.0.0.1:${(notRegistry.address() as { port: number }).port}`;
      await expect(rpc.call('registries.catalog', { server: host })).rejects.toMatchObject({
        message: `${host} does not offer a catalogue of its repositories (GET /v2/_catalog answered 404). Type a repository name, like team/app, to list its tags.`,
      });
      const quiet = `127.0.0.1:${(silent.address() as { port: number }).port}`;
      // The session's own 300 ms timer ends it (a server that never answers would otherwise hold it until the test's timeout).
      await expect(readCatalog(new RegistrySession(quiet, undefined, 300))).rejects.toEqual(
        new RegistryError('timeout', `${quiet} did not answer within 300 ms`),
      );
    } finally {
      notRegistry.close();
      silent.close();
    }
    const closed = createTcpServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const gone = `127.0.0.1:${(closed.address() as { port: number }).port}`;
    await new Promise((r) => closed.close(r));
    await expect(rpc.call('registries.catalog', { server: gone })).rejects.toMatchObject({
      code: 'unavailable',
      message: `Berth could not reach ${gone} (nothing listens there); check that the registry runs and that the address is right.`,
    });
    await expect(rpc.call('registries.login', { server: gone, username: USER, secret: PASSWORD })).rejects.toMatchObject({
      message: expect.stringMatching(new RegExp(`^Logging in to ${gone} failed: .*connection refused. Check the address and that the registry runs.$`)),
    });
  });
});
