/**
 * Nothing a client sends can stop the web host: seeded batches of generated
 * requests (broken paths, odd headers, methods, WebSocket handshakes and
 * frames of every shape) go to a real `startWebHost` in a process of its own,
 * bridged to a real backend. After each batch the host must still serve the
 * page and a token-bearing RPC call, reaching the same backend (a page cannot
 * make it leave). Replay a failure with BERTH_FUZZ_SEED=<seed>.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ensureBackend } from '../backend/launch.js';
import { RpcClient } from '../rpc/client.js';
import { wsCarrier } from '../rpc/node-carriers.js';
import { batch, type FuzzCase, type Target } from './web-fuzz.js';
import { removeHomes, tempHome } from './harness.js';

const SEED = Number(process.env.BERTH_FUZZ_SEED ?? Date.now() % 1_000_000);
const BATCHES = 10;
const BATCH_SIZE = 25;
/** How long a case's socket may stay quiet before the client leaves (not an assertion: the next case just goes on). */
const QUIET_MS = 400;

const home = tempHome('fuzz');
const ui = join(home, 'ui');
let child: ChildProcess;
let died: string | undefined;
let exited: Promise<void>;
let target: Target;

beforeAll(async () => {
  mkdirSync(ui, { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Berth</title>');
  await ensureBackend(home);
  child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'web-host-process.ts'), home, ui], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      died = `the web host exited (${signal ?? `code ${code}`}):\n${stderr.slice(-3000)}`;
      resolve();
    }),
  );
  target = await new Promise<Target>((resolve, reject) => {
    child.stdout!.once('data', (c: Buffer) => resolve(JSON.parse(c.toString()) as Target));
    child.once('exit', () => reject(new Error(died)));
  });
});
afterAll(async () => {
  child?.kill();
  await removeHomes();
});

/** Why the host could not be reached: its own last words when it died (waiting a moment for them to arrive). */
async function unreachable(err: Error): Promise<string> {
  await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  return `${err.message}; ${died ?? 'the web host process is still there'}`;
}

/** Send one case over a raw socket and leave as it says; never fails (the host's answers are not judged here). */
function send(c: FuzzCase): Promise<void> {
  return new Promise((resolve) => {
    const sock = connect(target.port, '127.0.0.1');
    let quiet: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(quiet);
      sock.destroy();
      resolve();
    };
    const wait = () => {
      clearTimeout(quiet);
      quiet = setTimeout(done, QUIET_MS);
    };
    sock.on('error', done);
    sock.on('close', done);
    sock.on('data', wait);
    sock.once('connect', () => {
      for (const chunk of c.chunks) if (!sock.destroyed) sock.write(chunk);
      if (c.ending === 'reset') return void sock.resetAndDestroy();
      if (c.ending === 'half') sock.end();
      wait();
    });
  });
}

function getIndex(): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: target.port, path: '/', headers: { Host: `127.0.0.1:${target.port}` } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

async function hello(): Promise<number> {
  const ws = new WebSocket(`ws://127.0.0.1:${target.port}/rpc?token=${target.token}`, { headers: { Origin: `http://127.0.0.1:${target.port}` } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const rpc = new RpcClient(wsCarrier(ws));
  try {
    const h = await rpc.call('backend.hello', {});
    expect(h.app).toBe('berth');
    return h.pid;
  } finally {
    rpc.close();
  }
}

describe('web host under generated requests', () => {
  it(`stays up and keeps serving (seed ${SEED})`, async () => {
    const backendPid = await hello();
    for (let b = 0; b < BATCHES; b++) {
      const seed = SEED * 1000 + b;
      const cases = batch(seed, target, BATCH_SIZE);
      await Promise.all(cases.map(send));
      const where = `batch ${b} (BERTH_FUZZ_SEED=${SEED}, batch seed ${seed}); its cases:\n${cases.map((c) => c.label).join('\n')}`;
      expect(died, `${died}\nafter ${where}`).toBeUndefined();
      const page = await getIndex().catch(async (err: Error) => ({ status: 0, body: await unreachable(err) }));
      expect(page, where).toMatchObject({ status: 200, body: expect.stringContaining('<title>Berth</title>') });
      const pid = await hello().catch(unreachable);
      expect(pid, `the backend changed (a page made it leave) after ${where}`).toBe(backendPid);
    }
  });
});
