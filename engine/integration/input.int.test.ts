/** Bad input gets a sentence: the run dialog's calls and image names against a real engine. */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import type { RunSpec } from '../contract/run-spec.js';
import { parseImageRef } from '../contract/image-ref.js';
import { engineMessage } from '../services/engine-errors.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('input');
let dockerHost = '';
let rpc: RpcClient;

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

const spec = (over: Partial<RunSpec>): RunSpec => ({
  image: BUSYBOX_IMAGE,
  ports: [],
  publishAll: false,
  env: [],
  mounts: [],
  restart: { name: 'no' },
  autoRemove: false,
  labels: {},
  interactive: false,
  tty: false,
  ...over,
});

/** Every container and volume of the engine, read with the docker CLI. */
const everything = async () => ({
  containers: await docker(dockerHost, ['ps', '-aq']),
  volumes: await docker(dockerHost, ['volume', 'ls', '-q']),
});

const refMessage = (ref: string) => {
  const r = parseImageRef(ref);
  if (r.ok) throw new Error(`${ref} parses`);
  return r.message;
};

describe('invalid image references', () => {
  const bad = ['Busy Box', 'busybox:', 'a//b', 'UPPER/case', 'x@sha256:zz', 'büsybox', '漢字', 'busybox:😀', ' ../../containers/json'];

  it('get Berth’s sentence from validateRun (on the image field) and from run, and nothing is created', async () => {
    const before = await everything();
    for (const image of bad) {
      const message = refMessage(image.trim());
      expect(await rpc.call('containers.validateRun', spec({ image }))).toEqual([{ field: 'image', message }]);
      await expect(rpc.call('containers.run', spec({ image }))).rejects.toMatchObject({ code: 'bad_request', message });
    }
    expect(await rpc.call('engine.status', {})).toMatchObject({ state: 'running' });
    expect(await everything()).toEqual(before);
  });

  it('get the sentence from the image calls, before anything reaches the engine', async () => {
    const images = () => docker(dockerHost, ['images', '--format', '{{.Repository}}:{{.Tag}}']);
    const before = await images();
    for (const ref of bad) {
      const message = refMessage(ref.trim()).replace(/\.$/, '');
      await expect(rpc.call('images.tag', { ref: BUSYBOX_IMAGE, target: ref })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining(message) });
      await expect(rpc.call('images.inspect', { ref })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining(message) });
      await expect(rpc.call('images.remove', { refs: [ref] })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining(message) });
      await expect(
        new Promise((resolve, reject) => rpc.stream('images.pull', { ref }, { next: () => undefined, end: (e) => (e ? reject(e) : resolve(undefined)) })),
      ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining(message) });
    }
    await expect(rpc.call('images.tag', { ref: BUSYBOX_IMAGE, target: `berth-test/x@sha256:${'a'.repeat(64)}` })).rejects.toMatchObject({ message: expect.stringMatching(/cannot carry a digest/) });
    expect(await images()).toBe(before);
  });

  it('a path the engine answers with a redirect is an error, not a crash of the process calling it', async () => {
    await import('../util/no-redirects.js');
    const client = new Docker({ socketPath: dockerHost.replace(/^unix:\/\//, '') });
    for (const call of [() => client.getImage('a//b').inspect(), () => client.getVolume('../containers/json').remove()]) {
      const err = await call().then(() => undefined, (e: unknown) => e);
      expect(engineMessage(err)).toBe('The engine does not take a name with "//", "./" or "../" in it: check the name.');
    }
  });
});
