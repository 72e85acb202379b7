/** Bad input gets a sentence, and nothing is left behind: the run dialog's calls and image names against a real engine. */
import { createSocket, type Socket } from 'node:dgram';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import type { RunSpec } from '../containers/run-spec.js';
import { parseImageRef } from '../images/image-ref.js';
import { engineMessage } from '../engine/engine-errors.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, removeHomes, startTestEngine, tempHome } from './harness.js';
import { plainRunSpec } from '../containers/run-spec-random.js';

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

const spec = (over: Partial<RunSpec>): RunSpec => plainRunSpec(BUSYBOX_IMAGE, over);

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
      await expect(rpc.call('images.tag', { ref: BUSYBOX_IMAGE, target: ref })).rejects.toMatchObject({
        code: 'bad_request',
        message: expect.stringContaining(message),
      });
      await expect(rpc.call('images.inspect', { ref })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining(message) });
      await expect(rpc.call('images.remove', { refs: [ref] })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining(message) });
      await expect(
        new Promise((resolve, reject) => rpc.stream('images.pull', { ref }, { next: () => undefined, end: (e) => (e ? reject(e) : resolve(undefined)) })),
      ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining(message) });
    }
    await expect(rpc.call('images.tag', { ref: BUSYBOX_IMAGE, target: `berth-test/x@sha256:${'a'.repeat(64)}` })).rejects.toMatchObject({
      message: expect.stringMatching(/cannot carry a digest/),
    });
    expect(await images()).toBe(before);
  });

  it('a path the engine answers with a redirect is an error, not a crash of the process calling it', async () => {
    await import('../util/no-redirects.js');
    const client = new Docker({ socketPath: dockerHost.replace(/^unix:\/\//, '') });
    for (const call of [() => client.getImage('a//b').inspect(), () => client.getVolume('../containers/json').remove()]) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(engineMessage(err)).toBe('The engine does not take a name with "//", "./" or "../" in it: check the name.');
    }
  });
});

describe('a run the engine refuses leaves nothing behind', () => {
  it('refuses a busy UDP host port before creating anything', async () => {
    const socket: Socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    try {
      const before = await everything();
      const run = spec({ ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 53, protocol: 'udp' }] });
      const message = `Port ${port}/udp on 127.0.0.1 is already in use on this machine: choose another host port, or leave it empty for a random one.`;
      expect(await rpc.call('containers.validateRun', run)).toEqual([{ field: 'ports', message }]);
      await expect(rpc.call('containers.run', run)).rejects.toMatchObject({ code: 'bad_request', message });
      // All addresses include 127.0.0.1.
      await expect(rpc.call('containers.run', spec({ ports: [{ hostPort: port, containerPort: 53, protocol: 'udp' }] }))).rejects.toMatchObject({
        code: 'bad_request',
      });
      expect(await everything()).toEqual(before);
    } finally {
      socket.close();
    }
  });

  it('removes the container, its anonymous volumes and the named volumes made for it when it does not start', async () => {
    const before = await everything();
    const mounts = [
      { type: 'volume' as const, source: 'made-for-the-run', target: '/data', readOnly: false },
      { type: 'volume' as const, source: '', target: '/scratch', readOnly: false },
    ];
    await expect(rpc.call('containers.run', spec({ name: 'never-started', command: ['/no/such'], mounts }))).rejects.toMatchObject({
      code: 'engine',
      message: 'The command /no/such is not in the image: check the command and the entrypoint. Nothing was kept: fix that and run it again.',
    });
    expect(await everything()).toEqual(before);
    // The name is free again.
    expect(await rpc.call('containers.validateRun', spec({ name: 'never-started' }))).toEqual([]);
  });

  it('keeps a named volume that was there before, and cleans up after a mount and an address the engine refuses at start', async () => {
    await docker(dockerHost, ['volume', 'create', 'kept-volume']);
    const before = await everything();
    await expect(
      rpc.call('containers.run', spec({ command: ['/no/such'], mounts: [{ type: 'volume', source: 'kept-volume', target: '/data', readOnly: false }] })),
    ).rejects.toMatchObject({ code: 'engine' });
    await expect(
      rpc.call('containers.run', spec({ mounts: [{ type: 'bind', source: '/etc/hostname', target: '/bin', readOnly: false }] })),
    ).rejects.toMatchObject({
      code: 'engine',
      message: '/etc/hostname cannot be mounted at /bin: one is a file and the other a folder. Nothing was kept: fix that and run it again.',
    });
    await expect(
      rpc.call('containers.run', spec({ autoRemove: true, ports: [{ hostIp: '192.0.2.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }] })),
    ).rejects.toMatchObject({
      code: 'engine',
      message:
        '192.0.2.1 is not an address of this machine: publish on 127.0.0.1, or leave the address empty for all. Nothing was kept: fix that and run it again.',
    });
    expect(await everything()).toEqual(before);
  });

  it('still runs a good spec', async () => {
    const { id } = await rpc.call(
      'containers.run',
      spec({ name: 'runs-fine', command: ['sleep', '300'], mounts: [{ type: 'bind', source: '/tmp', target: '/host-tmp', readOnly: true }] }),
    );
    expect(await docker(dockerHost, ['inspect', '-f', '{{.State.Status}} {{range .Mounts}}{{.Type}}:{{.Source}}:{{.RW}}{{end}}', id])).toBe(
      'running bind:/tmp:false',
    );
    await docker(dockerHost, ['rm', '-f', id]);
  });
});

describe('text read from the engine in chunks', () => {
  /** Every line of a container's log, followed to its end (so it comes in chunks, not one reply). */
  const wholeLog = (id: string) =>
    new Promise<string[]>((resolve, reject) => {
      const lines: string[] = [];
      rpc.stream(
        'containers.logs',
        { id, tail: 'all', follow: false },
        { next: (b) => lines.push(...b.lines.map((l) => l.text)), end: (e) => (e ? reject(e) : resolve(lines)) },
      );
    });
  // 9 bytes a repeat (2 + 3 + 4): 4,000 lines of 901 bytes, so the chunks the engine sends are cut inside characters. (Lines stay under
  // 16 KiB: the engine's json-file log cuts longer ones into messages itself, turning the character cut there into U+FFFD, as `docker logs` shows.)
  const line = 'é漢😀'.repeat(100);
  const script = `yes '${line}' | head -n 4000`;
  for (const tty of [false, true]) {
    it(`keeps multi-byte characters whole in a container's log${tty ? ' with a TTY' : ''}`, async () => {
      const id = await docker(dockerHost, ['run', '-d', ...(tty ? ['-t'] : []), BUSYBOX_IMAGE, 'sh', '-c', script]);
      // The whole log once written: follow mode bounds its rate, and drops (and counts) lines on a loaded machine, which is not what this tests.
      await docker(dockerHost, ['wait', id]);
      const lines = await wholeLog(id);
      expect(lines.join('\n')).not.toContain('\ufffd');
      expect(lines.length).toBe(4000);
      expect(lines.every((l) => l === line)).toBe(true);
      await docker(dockerHost, ['rm', '-f', id]);
    });
  }
});
