import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../util/rng.js';
import { socketRelay } from './node-carriers.js';

let dir: string | undefined;
let server: Server | undefined;
afterEach(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A connected pair of unix sockets: what is written to `writer` arrives at `reader`. */
async function socketPair(): Promise<{ writer: Socket; reader: Socket }> {
  dir = mkdtempSync(join(tmpdir(), 'relay-'));
  const path = join(dir, 's.sock');
  const accepted = new Promise<Socket>((resolve) => {
    server = createServer((s) => resolve(s));
  });
  await new Promise<void>((r) => server!.listen(path, r));
  const writer = connect(path);
  await new Promise((r) => writer.once('connect', r));
  return { writer, reader: await accepted };
}

describe('socketRelay', () => {
  it('passes on every frame as the bytes it was, however the stream is cut (seeded)', async () => {
    const rng = new Rng(2023);
    const { writer, reader } = await socketPair();
    const got: string[] = [];
    const relay = socketRelay(reader, (frame) => got.push(frame.toString('utf8')));
    const frames = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ t: 'next', id: i, value: 'é😀"\\'.repeat(rng.int(0, 3000)) + 'x'.repeat(rng.int(0, 50)) }),
    );
    const bytes = Buffer.from(frames.map((f) => f + '\n').join('') + '\n', 'utf8');
    // Written in random pieces, cut anywhere (inside a character's bytes too), with a turn between some of them.
    for (let at = 0; at < bytes.length;) {
      const n = rng.int(1, 20_000);
      writer.write(bytes.subarray(at, at + n));
      at += n;
      if (rng.chance(0.3)) await new Promise((r) => setImmediate(r));
    }
    for (let i = 0; i < 200 && got.length < frames.length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual(frames);
    // Frames sent the other way go out as lines of text.
    const back = new Promise<string>((resolve) => writer.once('data', (d: Buffer) => resolve(d.toString('utf8'))));
    relay.send('{"t":"ack","id":1,"n":1}');
    expect(await back).toBe('{"t":"ack","id":1,"n":1}\n');
    writer.destroy();
  });

  it('closes a connection whose frame grows past the limit', async () => {
    const { writer, reader } = await socketPair();
    const relay = socketRelay(reader, () => undefined, 1000);
    const closed = new Promise<void>((resolve) => relay.onClose(resolve));
    writer.write('x'.repeat(600));
    writer.write('y'.repeat(600));
    await closed;
    expect(reader.destroyed).toBe(true);
    writer.destroy();
  });
});
