/**
 * A build remembers the image its tag named before it (the tag moves when the
 * build ends), against the real engine: the same tag built twice, the history
 * read through the RPC, checked against `docker image inspect`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent } from '../contract/index.js';
import type { RpcClient } from '../rpc/client.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('buildprev');
const TAG = 'prev/app:1';
let dockerHost = '';
let rpc: RpcClient;
let dir = '';

/** Build the context with TAG; resolves with the image id, or rejects with why it did not end well. */
function build(): Promise<string> {
  return new Promise((resolve, reject) => {
    let end: BuildEvent | undefined;
    rpc.stream(
      'builds.start',
      { context: dir, tags: [TAG] },
      {
        next: (e) => {
          if (e.t === 'done' || e.t === 'failed') end = e;
        },
        end: (err) => (end?.t === 'done' ? resolve(end.imageId) : reject(err ?? new Error(JSON.stringify(end)))),
      },
    );
  });
}

/** The image a name points at, as the docker CLI reads it. */
const idOf = async (ref: string) => (await docker(dockerHost, ['image', 'inspect', '-f', '{{.Id}}', ref])).trim();

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  dir = mkdtempSync('/tmp/berth-buildprev-');
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nCOPY v.txt /v.txt\n`);
}, 120_000);
afterAll(async () => {
  rpc?.close();
  rmSync(dir, { recursive: true, force: true });
  await removeHomes();
});

describe('the image a build’s tag named before it', () => {
  it('is kept at build time and offered for comparison; a rebuild to the same image has none; a deleted one is marked gone', async () => {
    writeFileSync(join(dir, 'v.txt'), 'one\n');
    const first = await build();
    expect(first).toBe(await idOf(TAG));
    let [latest] = await rpc.call('builds.list', {});
    // The tag named nothing before the first build.
    expect(latest).toMatchObject({ result: 'done', imageId: first });
    expect(latest!.previous).toBeUndefined();

    writeFileSync(join(dir, 'v.txt'), 'two\n');
    const second = await build();
    expect(second).not.toBe(first);
    expect(await idOf(TAG)).toBe(second);
    // The first image lost its tag but is still on the engine.
    expect(await idOf(first)).toBe(first);
    [latest] = await rpc.call('builds.list', {});
    expect(latest).toMatchObject({ imageId: second, previous: { tag: TAG, imageId: first } });
    expect(latest!.previous!.gone).toBeUndefined();
    expect(latest!.imageGone).toBeUndefined();
    expect((await rpc.call('builds.get', { id: latest!.id })).previousImages).toEqual({ [TAG]: first });

    // What the history's button opens: the previous image against the new one, file by file.
    const d = await rpc.call('layers.diff', { a: latest!.previous!.imageId.slice(7, 19), b: second.slice(7, 19) });
    expect(d.entries.map((e) => `${e.status} ${e.path}`)).toEqual(['changed v.txt']);

    // Built again unchanged: the same image, so nothing to compare with.
    expect(await build()).toBe(second);
    [latest] = await rpc.call('builds.list', {});
    expect(latest).toMatchObject({ imageId: second });
    expect(latest!.previous).toBeUndefined();

    await docker(dockerHost, ['rmi', first]);
    const history = await rpc.call('builds.list', {});
    expect(history.map((b) => [b.previous?.imageId ?? '', b.previous?.gone ?? false])).toEqual([
      ['', false],
      [first, true],
      ['', false],
    ]);
  }, 180_000);
});
