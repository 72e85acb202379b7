/**
 * A stopped container's whole log read by range (containers.logOpen / containers.logRange) from the engine's
 * log file, against the engine's own API read whole: every line at its place, with its stream and time.
 * The reference reads `GET /containers/{id}/logs?stdout=1&stderr=1&timestamps=1` over the engine's socket
 * and takes its multiplexed frames apart itself, with no Berth code on the way.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { Rng } from '../util/rng.js';
import { docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('logfile');
let dockerHost = '';
let rpc: RpcClient;

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

/** The engine's log of a container, frame by frame, as [stream, text, time] per line. */
function apiLog(id: string): Promise<Array<[string, string, string]>> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: dockerHost.replace(/^unix:\/\//, ''), path: `/containers/${id}/logs?stdout=1&stderr=1&timestamps=1` }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const all = Buffer.concat(parts);
        const out: Array<[string, string, string]> = [];
        for (let at = 0; at + 8 <= all.length;) {
          const stream = all[at] === 2 ? 'stderr' : 'stdout';
          const size = all.readUInt32BE(at + 4);
          const frame = all.subarray(at + 8, at + 8 + size).toString('utf8');
          at += 8 + size;
          const space = frame.indexOf(' ');
          out.push([stream, frame.slice(space + 1).replace(/\n$/, ''), frame.slice(0, space)]);
        }
        resolve(out);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

describe('a stopped container’s whole log, by range', () => {
  it('reads any range of a 150,050-line log as the engine’s API gives it whole, seeded', async () => {
    const script = [`seq 1 100000 | sed 's/^/out line /'`, `seq 1 50 | sed 's/^/err ünïcödé /' >&2`, `seq 100001 150000 | sed 's/^/out line /'`].join('; ');
    const id = (await docker(dockerHost, ['run', '-d', '--name', 'bylines', BUSYBOX_IMAGE, 'sh', '-c', script])).trim();
    await eventually(async () => (await docker(dockerHost, ['inspect', '-f', '{{.State.Status}}', id])).trim() === 'exited' || undefined, 60_000);
    const want = await apiLog(id);
    expect(want.length).toBe(150_050);

    const info = await rpc.call('containers.logOpen', { id: 'bylines' });
    expect(info).toMatchObject({ available: true, lines: 150_050 });
    const rng = new Rng(515);
    for (let i = 0; i < 60; i++) {
      const from = rng.chance(0.2) ? rng.int(99_990, 100_060) : rng.int(0, 150_049);
      const count = rng.int(1, 2000);
      const got = await rpc.call('containers.logRange', { id: 'bylines', from, count, timestamps: true });
      expect(
        got.map((l) => [l.stream, l.text, l.ts]),
        `lines ${from}+${count}`,
      ).toEqual(want.slice(from, from + count));
    }
    // The last line, and past the end.
    expect((await rpc.call('containers.logRange', { id, from: 150_049, count: 5 })).map((l) => l.text)).toEqual(['out line 150000']);
    expect(await rpc.call('containers.logRange', { id, from: 150_050, count: 5 })).toEqual([]);
  });

  it('says why a log is read as a stream: a running container, a log kept by another driver', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'still-up', BUSYBOX_IMAGE, 'sleep', '300']);
    expect(await rpc.call('containers.logOpen', { id: 'still-up' })).toEqual({ available: false, reason: 'It is running: its log is followed as it grows.' });
    await docker(dockerHost, ['rm', '-f', 'still-up']);
    await docker(dockerHost, ['run', '--name', 'other-driver', '--log-driver', 'local', BUSYBOX_IMAGE, 'echo', 'hi']);
    expect(await rpc.call('containers.logOpen', { id: 'other-driver' })).toEqual({
      available: false,
      reason: 'The engine keeps this log with the local driver, which Berth reads only as a stream.',
    });
    await expect(rpc.call('containers.logRange', { id: 'other-driver', from: 0, count: 1 })).rejects.toThrow('Open the log first');
  });
});
