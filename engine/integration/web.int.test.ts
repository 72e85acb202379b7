/** The web host for real: token, Host and Origin checks, and the RPC bridged to a real backend. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { request } from 'node:http';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBackend, stopEngineAndBackend } from '../backend/launch.js';
import { startWebHost, type WebHost } from '../web/host.js';
import { RpcClient } from '../rpc/client.js';
import { seal } from '../registries/credentials.js';
import { wsCarrier } from '../rpc/node-carriers.js';
import { client, removeHomes, tempHome } from './harness.js';

const home = tempHome('web');
const ui = join(home, 'ui');
let host: WebHost;

beforeAll(async () => {
  mkdirSync(ui, { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Berth</title>');
  await ensureBackend(home);
  host = await startWebHost({ home, rendererDir: ui });
});
afterAll(async () => {
  await host.close();
  await removeHomes();
});

/** Try a WebSocket handshake; resolves with the HTTP status of a refusal, or 101 when it opened. */
function handshake(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    ws.once('open', () => resolve({ status: 101, body: '', ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', () => undefined);
  });
}

function get(path: string, hostHeader: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: host.port, path, headers: { Host: hostHeader } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('web host', () => {
  it('binds 127.0.0.1 and prints a URL with a fresh token', async () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
    const second = await startWebHost({ home, rendererDir: ui });
    expect(second.token).not.toBe(host.token);
    await second.close();
  });

  it('refuses an RPC connection without the token or with a wrong one', async () => {
    expect(await handshake('/rpc')).toMatchObject({ status: 403, body: expect.stringMatching(/token is required/) });
    expect(await handshake('/rpc?token=guess')).toMatchObject({ status: 403, body: expect.stringMatching(/wrong/) });
  });

  it('refuses a foreign Origin (cross-site page) even with the token', async () => {
    const r = await handshake(`/rpc?token=${host.token}`, { Origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/Origin/);
  });

  it('refuses a foreign Host (DNS rebinding) for pages and RPC', async () => {
    expect(await get('/', `rebind.example:${host.port}`)).toBe(403);
    expect(await get('/', `127.0.0.1:${host.port}`)).toBe(200);
    const r = await handshake(`/rpc?token=${host.token}`, { Host: `rebind.example:${host.port}` });
    expect(r.status).toBe(403);
  });

  it('serves the RPC to its own origin and survives malformed and oversized frames', async () => {
    const r = await handshake(`/rpc?token=${host.token}`, { Origin: `http://127.0.0.1:${host.port}` });
    expect(r.status).toBe(101);
    const ws = r.ws!;
    const errors: string[] = [];
    ws.on('message', (m) => {
      const f = JSON.parse(m.toString()) as { t: string; id: number | null; error?: { code: string } };
      if (f.t === 'error' && f.id === null) errors.push(f.error!.code);
    });
    ws.send('this is not json');
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'engine.logs', input: 'x'.repeat(2 * 1024 * 1024) }));
    const client = new RpcClient(wsCarrier(ws));
    const hello = await client.call('backend.hello', {});
    expect(hello.app).toBe('berth');
    expect(errors).toEqual(['bad_request', 'too_large']);
    await expect(client.call('engine.logs', { lines: 0 })).rejects.toMatchObject({ code: 'bad_request' });
    expect((await client.call('engine.status', {})).home).toBe(home);
    client.close();
  });

  it('refuses to pass a page’s secrets.provideKey to the backend; only Berth’s own connection may unlock the logins', async () => {
    const secrets = join(home, 'secrets');
    mkdirSync(secrets, { recursive: true, mode: 0o700 });
    const keyBytes = randomBytes(32);
    const key = keyBytes.toString('base64');
    writeFileSync(join(secrets, 'key.safe'), 'wrapped by the system keychain', { mode: 0o600 });
    const logins = { version: 1, logins: { 'reg.example': { username: 'alice', secret: 'pw', savedAt: 1 } } };
    writeFileSync(join(secrets, 'registries.enc'), seal(keyBytes, Buffer.from(JSON.stringify(logins))), { mode: 0o600 });
    const locked = { code: 'conflict', message: 'Registry logins are locked in the system keychain; open the Berth app to unlock them.' };
    const page = new RpcClient(wsCarrier((await handshake(`/rpc?token=${host.token}`)).ws!));
    const own = await client(home);
    try {
      await expect(page.call('registries.list', {})).rejects.toMatchObject(locked);
      await expect(page.call('secrets.provideKey', { key })).rejects.toMatchObject({
        code: 'bad_request',
        message: 'secrets.provideKey is for the Berth app itself; a page may not call it.',
      });
      await expect(page.call('registries.list', {})).rejects.toMatchObject(locked);
      // The same call over the control socket (as the Electron main process makes it) unlocks them.
      await own.call('secrets.provideKey', { key });
      expect((await page.call('registries.list', {})).find((r) => r.server === 'reg.example')).toMatchObject({ loggedIn: true, username: 'alice' });
    } finally {
      page.close();
      own.close();
      for (const f of ['key.safe', 'registries.enc']) rmSync(join(secrets, f));
    }
  });

  it('refuses a page’s backend.handover: a page cannot make the backend leave', async () => {
    const page = new RpcClient(wsCarrier((await handshake(`/rpc?token=${host.token}`)).ws!));
    try {
      const before = await page.call('backend.hello', {});
      await expect(page.call('backend.handover', {})).rejects.toMatchObject({
        code: 'bad_request',
        message: 'backend.handover is for the Berth app itself; a page may not call it.',
      });
      const own = await client(home);
      expect((await own.call('backend.hello', {})).pid).toBe(before.pid);
      own.close();
    } finally {
      page.close();
    }
  });

  it('starts the backend again for a new page after `engine down` stopped it', async () => {
    const first = await handshake(`/rpc?token=${host.token}`);
    const before = await new RpcClient(wsCarrier(first.ws!)).call('backend.hello', {});
    await stopEngineAndBackend(home);
    const again = await handshake(`/rpc?token=${host.token}`);
    expect(again.status).toBe(101);
    const after = await new RpcClient(wsCarrier(again.ws!)).call('backend.hello', {});
    expect(after.pid).not.toBe(before.pid);
    again.ws!.close();
  });

  it('answers a broken path with 400 and a sentence, for pages and RPC, and keeps serving', async () => {
    const raw = (target: string, upgrade: boolean) =>
      new Promise<string>((resolve, reject) => {
        const sock = connect(host.port, '127.0.0.1', () => {
          const ws = upgrade
            ? 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n'
            : 'Connection: close\r\n';
          sock.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n${ws}\r\n`);
        });
        let answer = '';
        sock.on('data', (c: Buffer) => (answer += c.toString()));
        sock.on('end', () => resolve(answer));
        sock.on('error', reject);
      });
    for (const path of ['/%', '/%E0%A4%A']) {
      const answer = await raw(path, false);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain(`The path "${path}" is not valid: each % must start an escape of UTF-8, such as %20.`);
    }
    expect(await raw(`http://127.0.0.1:${host.port}/rpc?token=${host.token}`, true)).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[^]*not a proxy/);
    expect(await raw(`//?token=${host.token}`, true)).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n[^]*Not found\./);
    expect(await get('/', `127.0.0.1:${host.port}`)).toBe(200);
  });

  it('refuses path traversal out of the UI folder', async () => {
    expect(await get('/../../../etc/passwd', `127.0.0.1:${host.port}`)).toBe(404);
    expect(await get('/%2e%2e/%2e%2e/etc/passwd', `127.0.0.1:${host.port}`)).toBe(404);
  });

  it('lets browsers keep hashed files for good, and fetch index.html and unhashed files afresh', async () => {
    writeFileSync(join(ui, 'main-Q7X2KD4M.js'), 'export {};');
    mkdirSync(join(ui, 'chunks'), { recursive: true });
    writeFileSync(join(ui, 'chunks', 'TerminalPanel-ZZ41AB9C.js.map'), '{}');
    writeFileSync(join(ui, 'main.js'), 'export {};');
    const cacheOf = (path: string) =>
      new Promise<string | undefined>((resolve, reject) => {
        request({ host: '127.0.0.1', port: host.port, path }, (res) => {
          res.resume();
          resolve(res.statusCode === 200 ? res.headers['cache-control'] : `status ${res.statusCode}`);
        })
          .on('error', reject)
          .end();
      });
    expect(await cacheOf('/main-Q7X2KD4M.js')).toBe('public, max-age=31536000, immutable');
    expect(await cacheOf('/chunks/TerminalPanel-ZZ41AB9C.js.map')).toBe('public, max-age=31536000, immutable');
    expect(await cacheOf('/')).toBe('no-store');
    expect(await cacheOf('/index.html')).toBe('no-store');
    expect(await cacheOf('/main.js')).toBe('no-store');
  });
});
