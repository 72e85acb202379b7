import { createServer, connect, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../contract/index.js';
import { RpcClient } from './client.js';
import { framesOf, PartAssembler, PART_CHARS, parsePartFrame } from './frame-parts.js';
import { socketCarrier } from './node-carriers.js';
import { MAX_FRAME_BYTES, RpcError, type ServerMessage } from './protocol.js';
import { Router, untilAborted, type Handlers } from './router.js';

/** `n` container rows of about `labelBytes` of labels each, with quotes, backslashes and characters outside ASCII. */
function rows(n: number, labelBytes: number): ContainerSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i.toString(16).padStart(64, '0'),
    name: `row-${i}`,
    image: 'busybox',
    imageId: 'sha256:' + 'b'.repeat(64),
    command: 'sh -c "echo \\"hi\\""',
    state: 'exited',
    status: 'Exited (0) 1 second ago',
    observedAt: 1,
    created: 1000 + i,
    ports: [],
    labels: { note: `${i} "quoted" \\ 😀 ünï`.padEnd(labelBytes, 'é') },
  }));
}

/** What a client reads from these frames, each carried as UTF-8 (as every carrier does). */
const reassemble = (frames: string[]) => {
  const parts = new PartAssembler();
  let whole: string | RpcError | undefined;
  for (const sent of frames) {
    const f = Buffer.from(sent, 'utf8').toString('utf8');
    const part = parsePartFrame(f);
    whole = part ? parts.take(part) : f;
  }
  return whole;
};

describe('messages in parts', () => {
  it('reads only well-formed part headers as parts', () => {
    expect(parsePartFrame('#part 12 0 {"t"')).toEqual({ id: 12, last: false, text: '{"t"' });
    expect(parsePartFrame('#part null 1 x')).toEqual({ id: null, last: true, text: 'x' });
    expect(parsePartFrame('#part 1.5 1 x')).toBeNull();
    expect(parsePartFrame('{"t":"end","id":1}')).toBeNull();
  });

  it('sends a short message as one frame, as before', () => {
    const msg: ServerMessage = { t: 'result', id: 3, value: ['a'] };
    expect(framesOf(msg)).toEqual([JSON.stringify(msg)]);
  });

  it('cuts a long message into parts that each fit a frame, and puts it together identically', () => {
    const msg: ServerMessage = { t: 'next', id: 7, value: { kind: 'rows', containers: rows(1500, 900) } };
    const frames = framesOf(msg);
    expect(frames.length).toBeGreaterThan(10);
    for (const f of frames) {
      expect(Buffer.byteLength(f)).toBeLessThan(MAX_FRAME_BYTES / 2);
      expect(f).not.toContain('\n');
    }
    expect(JSON.parse(reassemble(frames) as string)).toEqual(msg);
  });

  it('never cuts a character in two between parts (UTF-8 could not carry the halves)', () => {
    // A surrogate pair straddling the boundary of the first part.
    const prefix = JSON.stringify({ t: 'result', id: 1, value: '' }).length - 2;
    const value = 'x'.repeat(PART_CHARS - prefix - 1) + '😀'.repeat(PART_CHARS);
    const msg: ServerMessage = { t: 'result', id: 1, value };
    expect((JSON.parse(reassemble(framesOf(msg)) as string) as { value: string }).value).toBe(value);
  });

  it('drops a message that grows past the assembled limit, with an error naming it', () => {
    const parts = new PartAssembler(10);
    expect(parts.take({ id: 1, text: '{"t":"res', last: false })).toBeUndefined();
    const refused = parts.take({ id: 1, text: 'ult","id":1,"value":1}', last: true });
    expect(refused).toBeInstanceOf(RpcError);
    expect((refused as RpcError).code).toBe('too_large');
    // The next message of that id starts afresh.
    expect(parts.take({ id: 1, text: '{}', last: true })).toBe('{}');
  });
});

describe('over a real control socket (its line ceiling is twice MAX_FRAME_BYTES)', () => {
  let server: Server | undefined;
  let dir = '';
  afterEach(() => {
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function connectTo(handlers: Partial<Handlers>): Promise<RpcClient> {
    dir = mkdtempSync(join(tmpdir(), 'parts-'));
    const path = join(dir, 's.sock');
    const router = new Router(handlers as Handlers);
    server = createServer((s) => router.serve(socketCarrier(s)));
    await new Promise<void>((r) => server!.listen(path, r));
    const socket = connect(path);
    await new Promise((r) => socket.once('connect', r));
    return new RpcClient(socketCarrier(socket));
  }

  it('a reply and a stream event of several times the ceiling arrive whole, and the connection stays usable', async () => {
    const big = rows(2500, 1024);
    expect(JSON.stringify(big).length).toBeGreaterThan(2 * MAX_FRAME_BYTES);
    const client = await connectTo({
      'containers.list': () => big,
      'engine.logs': () => ['small'],
      'containers.watch': async (_i, sink) => {
        sink.emit({ kind: 'snapshot-rows', containers: big });
        sink.emit({ kind: 'snapshot-end' });
        await untilAborted(sink.signal);
      },
    });
    expect(await client.call('containers.list', { all: true })).toEqual(big);
    const events: string[] = [];
    const sub = client.stream('containers.watch', {}, { next: (d) => events.push(d.kind === 'snapshot-rows' ? `rows ${d.containers.length}` : d.kind) });
    await expect.poll(() => events, { timeout: 30_000 }).toEqual(['rows 2500', 'snapshot-end']);
    sub.cancel();
    expect(await client.call('engine.logs', { lines: 1 })).toEqual(['small']);
    client.close();
  }, 60_000);
});
