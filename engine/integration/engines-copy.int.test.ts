/**
 * Copying an image between real engines: Berth's own and a second dockerd the test
 * starts, reached directly and through a socket gate that stalls or drops the
 * copy at a known byte. What arrived is read with the docker CLI on the target.
 * Then `berth engines` and `berth image copy` as a user runs them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveProgress } from '../contract/index.js';
import type { RpcClient } from '../rpc/client.js';
import type { RpcError } from '../rpc/protocol.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { startSecondEngine, type SecondEngine } from '../../e2e/fixtures/second-engine.js';
import { berth, client, docker, removeHomes, startTestEngine, tempHome } from './harness.js';
import { startSocketGate, type SocketGate } from './socket-gate.js';

const home = tempHome('ecp');
const IMAGE = 'berth-test/copy-me:1';
/** The random bytes in the copied image's top layer: enough that a copy is still going when the gate trips. */
const BLOB = 24 * 1024 * 1024;
const dir = mkdtempSync(join('/tmp', 'bt-ecp-'));
let dockerHost = '';
let rpc: RpcClient;
let second: SecondEngine;
let gate: SocketGate;
let secondId = '';
let gateId = '';
let imageId = '';

/** Run a copy to its end: every progress event, and the error it ended with, if any. */
function copy(input: { ref: string; to: string; from?: string }, onEvent?: (p: ArchiveProgress, cancel: () => void) => void) {
  return new Promise<{ events: ArchiveProgress[]; error?: RpcError; cancelled: boolean }>((resolve) => {
    const events: ArchiveProgress[] = [];
    const sub = rpc.stream('images.copyTo', input, {
      next: (p) => {
        events.push(p);
        onEvent?.(p, () => {
          sub.cancel();
          resolve({ events, cancelled: true });
        });
      },
      end: (error) => resolve({ events, error, cancelled: false }),
    });
  });
}

/** The ids of the images on an engine with that name, as the docker CLI lists them. */
const idsOn = async (host: string, ref: string) => (await docker(host, ['images', '-q', '--no-trunc', ref])).split('\n').filter(Boolean);

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  second = await startSecondEngine();
  gate = await startSocketGate(second.socket, join(dir, 'gate.sock'));
  const c = await docker(dockerHost, ['run', '-d', '--network', 'none', BUSYBOX_IMAGE, 'sh', '-c', `head -c ${BLOB} /dev/urandom > /blob`]);
  await docker(dockerHost, ['wait', c]);
  imageId = await docker(dockerHost, ['commit', c, IMAGE]);
  await docker(dockerHost, ['rm', c]);
  const added = await rpc.call('engines.add', { name: 'second', host: second.dockerHost });
  const gated = await rpc.call('engines.add', { name: 'gated', host: gate.dockerHost });
  secondId = added.engine!.id;
  gateId = gated.engine!.id;
}, 180_000);
afterAll(async () => {
  rpc?.close();
  await gate?.close();
  await second?.stop();
  await removeHomes();
  rmSync(dir, { recursive: true, force: true });
});

describe('copying an image between engines', () => {
  it('streams save into load: the target has the same image ID under the same name, with byte progress up to done', async () => {
    const { events, error } = await copy({ ref: IMAGE, to: secondId });
    expect(error).toBeUndefined();
    expect(await idsOn(second.dockerHost, IMAGE)).toEqual([imageId]);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ done: true, fraction: 1, images: [IMAGE] });
    expect(last.message).toMatch(/^Copied berth-test\/copy-me:1 to "second" \([0-9a-f]{12}, [\d.]+ MiB\)\.$/);
    // Bytes only grow, against the image's size as the total, and the running share stays below 100%.
    const running = events.filter((e) => !e.done);
    expect(running.map((e) => e.bytes)).toEqual([...running.map((e) => e.bytes)].sort((a, b) => a - b));
    expect(running.every((e) => e.fraction <= 0.99 && e.estimated)).toBe(true);
    expect(running[0]!.total).toBe(Number(await docker(dockerHost, ['image', 'inspect', '-f', '{{.Size}}', IMAGE])));
    expect(last.bytes).toBeGreaterThan(BLOB);
  });

  it('a second copy of the same image says it is already there', async () => {
    const { events, error } = await copy({ ref: IMAGE, to: secondId });
    expect(error).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ done: true, message: `${IMAGE} is already on "second" (same image ID); nothing to copy.` });
  });

  it('a cancel mid-copy leaves nothing tagged on the target', async () => {
    await docker(second.dockerHost, ['rmi', IMAGE]);
    gate.setMode('hold', 4 * 1024 * 1024);
    const tripped = gate.tripped();
    let sawBytes = false;
    const r = await copy({ ref: IMAGE, to: gateId }, (p, cancel) => {
      if (p.bytes > 0) sawBytes = true;
      // Cancel once the target holds part of the tar and the copy is stalled mid-way.
      if (sawBytes) void tripped.then(cancel);
    });
    expect(r.cancelled).toBe(true);
    const lastBytes = r.events.at(-1)!.bytes;
    expect(lastBytes).toBeGreaterThan(0);
    expect(lastBytes).toBeLessThan(BLOB);
    gate.setMode('pass');
    // The engine ends the load it was reading once the connection is gone; then the target is asked.
    await expect(docker(second.dockerHost, ['image', 'inspect', IMAGE])).rejects.toThrow();
    expect((await docker(second.dockerHost, ['images', '-aq', '--no-trunc'])).split('\n')).not.toContain(imageId);
  });

  it('a connection that drops mid-way ends with a sentence, and nothing on the target', async () => {
    gate.setMode('cut', 4 * 1024 * 1024);
    const { error } = await copy({ ref: IMAGE, to: gateId });
    gate.setMode('pass');
    expect(error?.code).toBe('unavailable');
    expect(error?.message).toMatch(
      /^The connection to "gated" dropped after [\d.]+ MiB of about [\d.]+ MiB of berth-test\/copy-me:1 .*nothing was loaded on the target\. Check that "gated" is running, then copy again\.$/,
    );
    await expect(docker(second.dockerHost, ['image', 'inspect', IMAGE])).rejects.toThrow();
  });

  it('a build on an engine whose connection drops during the upload fails with a sentence naming it; built again, it works', async () => {
    await docker(second.dockerHost, ['rmi', '-f', IMAGE]).catch(() => '');
    // The copied image is the base here: copied before, so the build needs nothing else on the target.
    await copy({ ref: IMAGE, to: secondId });
    const ctx = mkdtempSync(join('/tmp', 'bt-ecp-build-'));
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${IMAGE}\nCOPY big.bin /big.bin\n`);
    writeFileSync(join(ctx, 'big.bin'), randomBytes(16 * 1024 * 1024));
    const windowed = await client(home);
    const build = () =>
      new Promise<{ failed?: string; done: boolean; error?: RpcError }>((resolve) => {
        let failed: string | undefined;
        let done = false;
        windowed.stream('builds.start', { context: ctx, tags: ['berth-test/built-far:1'] } as never, {
          next: (e) => {
            const ev = e as { t: string; message?: string };
            if (ev.t === 'failed') failed = ev.message;
            if (ev.t === 'done') done = true;
          },
          end: (error) => resolve({ failed, done, error: error as RpcError | undefined }),
        });
      });
    try {
      await windowed.call('engines.use', { id: gateId });
      gate.setMode('cut', 4 * 1024 * 1024);
      const cut = await build();
      gate.setMode('pass');
      expect(cut.done).toBe(false);
      expect(cut.failed ?? cut.error?.message).toMatch(
        /^The connection to "gated" dropped while the build context was sent \([\d.]+ MiB of [\d.]+ MiB\)\. Check that "gated" is running, then build again\.$/,
      );
      await expect(docker(second.dockerHost, ['image', 'inspect', 'berth-test/built-far:1'])).rejects.toThrow();
      const again = await build();
      expect(again.failed ?? again.error?.message).toBeUndefined();
      expect(again.done).toBe(true);
      expect(await docker(second.dockerHost, ['image', 'inspect', '-f', '{{.Size}}', 'berth-test/built-far:1'])).toMatch(/^\d+$/);
    } finally {
      windowed.close();
      rmSync(ctx, { recursive: true, force: true });
    }
  });

  it('a target that is down gets its sentence before anything is read', async () => {
    await gate.close();
    const { events, error } = await copy({ ref: IMAGE, to: gateId });
    expect(events).toEqual([]);
    expect(error).toMatchObject({
      code: 'unavailable',
      message: `Could not copy ${IMAGE} to "gated": there is no socket at ${join(dir, 'gate.sock')}: check the path, and that the engine is running.`,
    });
  });

  it('refuses an image the source does not have, and a copy to the engine it comes from', async () => {
    expect((await copy({ ref: 'berth-test/nowhere:1', to: secondId })).error).toMatchObject({
      code: 'not_found',
      message: 'There is no image berth-test/nowhere:1 on "Berth".',
    });
    expect((await copy({ ref: IMAGE, to: 'berth' })).error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('already on "Berth"') });
  });
});

describe('berth engines and berth image copy, as a user runs them', () => {
  it('refuses a bad add with a sentence per field and stores nothing', async () => {
    const r = await berth(home, ['engines', 'add', 'bad', join(dir, 'no.sock'), '--tlscacert', 'nope.pem']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`HOST: There is no socket at ${join(dir, 'no.sock')}.`);
    expect(r.stderr).toContain('HOST: TLS certificates go with a tcp:// address');
    expect(r.stderr).toContain(`--tlscacert: There is no file at ${join(process.cwd(), 'nope.pem')}.`);
    expect(r.stderr).toContain('--tlskey: Choose the client key file.');
    expect((await rpc.call('engines.list', {})).map((e) => e.name)).not.toContain('bad');
  });

  it('adds, lists (table and JSON), copies with progress, and removes only with --yes', async () => {
    await rpc.call('engines.remove', { id: secondId });
    const add = await berth(home, ['engines', 'add', 'spare', second.dockerHost]);
    expect(add.code).toBe(0);
    expect(add.stderr).toMatch(/^Added "spare" \(unix:\/\/.*\): Docker \S+ on linux\//);
    const ls = await berth(home, ['engines']);
    expect(ls.code).toBe(0);
    const [head, ...rows] = ls.stdout.split('\n');
    expect(head).toMatch(/^NAME\s+ADDRESS\s+STATE\s+VERSION\s+OS\/ARCH\s+CONTAINERS$/);
    expect(rows.find((l) => l.startsWith('spare '))).toMatch(new RegExp(`^spare\\s+${second.dockerHost}\\s+up\\s+\\S+\\s+linux/\\w+\\s+0 \\(0 running\\)$`));
    const json = JSON.parse((await berth(home, ['engines', 'ls', '--json'])).stdout) as Array<{ name: string; health: { state: string } }>;
    expect(json.find((e) => e.name === 'spare')?.health.state).toBe('up');

    const cp = await berth(home, ['image', 'copy', BUSYBOX_IMAGE, '--to', 'SPARE']);
    expect(cp.code).toBe(0);
    expect(cp.stdout).toBe(`${BUSYBOX_IMAGE}\n`);
    expect(cp.stderr).toMatch(/Copied berth-test\/busybox:latest to "spare"/);
    expect(await idsOn(second.dockerHost, BUSYBOX_IMAGE)).toEqual(await idsOn(dockerHost, BUSYBOX_IMAGE));
    const nowhere = await berth(home, ['image', 'copy', BUSYBOX_IMAGE, '--to', 'staging']);
    expect(nowhere).toMatchObject({ code: 1, stderr: expect.stringContaining('There is no engine "staging" in the Engines list') });

    // No terminal to ask at: --yes is needed; Berth's own engine is never removed.
    const unasked = await berth(home, ['engines', 'rm', 'spare']);
    expect(unasked.code).toBe(2);
    expect(unasked.stderr).toContain('Removing "spare" needs --yes when there is no terminal to ask at');
    expect((await berth(home, ['engines', 'rm', 'Berth', '--yes'])).stderr).toContain("Berth's own engine stays in the list");
    const rm = await berth(home, ['engines', 'rm', 'spare', '-y']);
    expect(rm).toMatchObject({ code: 0, stderr: 'Removed "spare" from the Engines list.\n' });
    expect((await rpc.call('engines.list', {})).map((e) => e.name)).not.toContain('spare');
  });
});
