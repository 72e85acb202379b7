import { describe, expect, it } from 'vitest';
import { memoryPair } from './carrier.js';
import { RpcClient } from './client.js';
import { Router, untilAborted, type Handlers } from './router.js';
import { MAX_FRAME_BYTES, RpcError } from './protocol.js';
import { parseClientFrame } from './client-frames.js';
import type { EngineStatus } from '../contract/index.js';

const status: EngineStatus = { mode: 'native', state: 'running', restarts: 0, home: '/h' };

/** A router whose handlers record what they saw; the protocol code under test is the real one. */
function setup(overrides: Partial<Handlers> = {}) {
  const seen = { cancelled: 0, logsLines: 0 };
  const handlers = {
    'backend.hello': () => ({ app: 'berth', version: 't', pid: 1, home: '/h', platform: 'linux' }),
    'engine.status': () => status,
    'engine.start': () => status,
    'engine.stop': () => status,
    'engine.restart': () => status,
    'engine.info': () => {
      throw new RpcError('unavailable', 'The engine is stopped.');
    },
    'engine.logs': ({ lines }) => {
      seen.logsLines = lines;
      return ['a', 'b'];
    },
    'engine.watch': async (_i, sink) => {
      sink.emit(status);
      sink.emit({ ...status, state: 'stopping' });
      await untilAborted(sink.signal);
      seen.cancelled++;
    },
    'engine.watchLogs': async (_i, sink) => {
      sink.emit(['one']);
    },
    'containers.list': () => [],
    'containers.watch': async (_i, sink) => untilAborted(sink.signal),
    'rpc.echo': async ({ upper }, sink) => {
      sink.onUp((t) => sink.emit(upper ? t.toUpperCase() : t));
      await untilAborted(sink.signal);
      seen.cancelled++;
    },
    ...overrides,
  } as Handlers;
  const [server, client] = memoryPair();
  new Router(handlers).serve(server);
  return { client: new RpcClient(client), raw: client, seen };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('rpc', () => {
  it('answers calls with defaults applied to the input', async () => {
    const { client, seen } = setup();
    expect(await client.call('engine.logs', {})).toEqual(['a', 'b']);
    expect(seen.logsLines).toBe(200);
  });

  it('carries handler errors with their code and sentence', async () => {
    const { client } = setup();
    await expect(client.call('engine.info', {})).rejects.toMatchObject({ code: 'unavailable', message: 'The engine is stopped.' });
  });

  it('refuses invalid input with a specific message, without calling the handler', async () => {
    const { client, seen } = setup();
    await expect(client.call('engine.logs', { lines: -3 })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(client.call('engine.logs', { lines: 5, extra: 1 } as never)).rejects.toThrow(/Invalid input for engine.logs/);
    expect(seen.logsLines).toBe(0);
  });

  it('refuses unknown methods and keeps serving', async () => {
    const { client } = setup();
    await expect(client.call('nope.nothing' as 'engine.status', {})).rejects.toMatchObject({ code: 'not_found' });
    expect((await client.call('engine.status', {})).state).toBe('running');
  });

  it('streams events and stops the handler on cancel', async () => {
    const { client, seen } = setup();
    const got: string[] = [];
    const sub = client.stream('engine.watch', {}, { next: (s) => got.push(s.state) });
    await tick();
    expect(got).toEqual(['running', 'stopping']);
    sub.cancel();
    await tick();
    expect(seen.cancelled).toBe(1);
  });

  it('ends a stream when its handler returns', async () => {
    const { client } = setup();
    const ended = new Promise<string[][]>((resolve) => {
      const batches: string[][] = [];
      client.stream('engine.watchLogs', {}, { next: (b) => batches.push(b), end: () => resolve(batches) });
    });
    expect(await ended).toEqual([['one']]);
  });

  it('holds a stream opened with a window to that many unacknowledged events, every event once and in order', async () => {
    let sent = 0;
    const { client } = setup({
      'engine.watchLogs': async (_i, sink) => {
        for (let i = 0; i < 20 && !sink.signal.aborted; i++) {
          await sink.ready();
          sink.emit([String(i)]);
          sent++;
        }
      },
    });
    const got: string[] = [];
    const dones: Array<() => void> = [];
    let ended = false;
    client.stream(
      'engine.watchLogs',
      {},
      {
        next: (b, done) => {
          got.push(...b);
          dones.push(done);
        },
        end: () => (ended = true),
      },
      { window: 3 },
    );
    await tick();
    expect(got).toEqual(['0', '1', '2']);
    expect(sent).toBe(3);
    // Acknowledging one event twice counts once.
    dones[0]!();
    dones[0]!();
    await tick();
    expect(got).toEqual(['0', '1', '2', '3']);
    while (!ended) {
      dones.splice(0).forEach((d) => d());
      await tick();
    }
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  it('sends a stream opened without a window as fast as it comes, and stops a waiting handler on cancel', async () => {
    let waited = 0;
    const { client } = setup({
      'engine.watchLogs': async (_i, sink) => {
        for (let i = 0; i < 50; i++) {
          await sink.ready();
          sink.emit([String(i)]);
        }
      },
      'containers.watch': async (_i, sink) => {
        sink.emit({ kind: 'snapshot', containers: [] } as never);
        await sink.ready();
        waited++;
      },
    });
    const got: string[] = [];
    await new Promise<void>((resolve) => client.stream('engine.watchLogs', {}, { next: (b) => got.push(...b), end: () => resolve() }));
    expect(got).toHaveLength(50);
    const sub = client.stream('containers.watch', {}, { next: () => undefined }, { window: 1 });
    await tick();
    expect(waited).toBe(0);
    sub.cancel();
    await tick();
    expect(waited).toBe(1);
  });

  it('ignores acks for streams that are not open and refuses windows out of range', async () => {
    const { client, raw } = setup();
    const stray: string[] = [];
    client.onStrayError = (e) => stray.push(e.code);
    raw.send(JSON.stringify({ t: 'ack', id: 999, n: 1 }));
    raw.send(JSON.stringify({ t: 'ack', id: 999, n: 0 }));
    raw.send(JSON.stringify({ t: 'call', id: 998, method: 'engine.watch', input: {}, window: 0 }));
    await tick();
    expect(stray).toEqual(['bad_request', 'bad_request']);
    expect((await client.call('engine.status', {})).mode).toBe('native');
  });

  it('runs duplex streams both ways and validates what is pushed up', async () => {
    const { client, seen } = setup();
    const got: string[] = [];
    let error: RpcError | undefined;
    const d = client.duplex('rpc.echo', { upper: true }, { next: (t) => got.push(t), end: (e) => (error = e) });
    d.push('hello');
    d.push('berth');
    await tick();
    expect(got).toEqual(['HELLO', 'BERTH']);
    expect(error).toBeUndefined();
    d.push(42 as unknown as string);
    await tick();
    expect(error).toMatchObject({ code: 'bad_request' });
    expect(seen.cancelled).toBe(1);
  });

  it('cancels every open stream when the connection closes', async () => {
    const { client, seen } = setup();
    client.stream('engine.watch', {}, { next: () => undefined });
    client.duplex('rpc.echo', {}, { next: () => undefined });
    await tick();
    client.close();
    await tick();
    expect(seen.cancelled).toBe(2);
  });

  it('answers malformed frames with an error and keeps the connection usable', async () => {
    const { client, raw } = setup();
    const stray: string[] = [];
    client.onStrayError = (e) => stray.push(e.code);
    raw.send('{not json');
    raw.send(JSON.stringify({ t: 'call', id: 'x' }));
    raw.send('x'.repeat(MAX_FRAME_BYTES + 1));
    await tick();
    expect(stray).toEqual(['bad_request', 'bad_request', 'too_large']);
    expect((await client.call('engine.status', {})).mode).toBe('native');
  });

  it('parses frames without throwing', () => {
    expect(parseClientFrame('null')).toBeInstanceOf(RpcError);
    expect(parseClientFrame('{"t":"cancel","id":3}')).toEqual({ t: 'cancel', id: 3 });
  });
});

describe('secrets in inputs', () => {
  it('refuses a bad login input without echoing the secret', async () => {
    const secret = 'TOP-SECRET-'.repeat(400);
    const { client } = setup({ 'registries.login': () => ({ server: 'r.example', loggedIn: true, localImages: 0 }) });
    const err = await client.call('registries.login', { server: 'r.example', username: 'alice', secret }).catch((e: RpcError) => e);
    expect(err).toMatchObject({
      code: 'bad_request',
      message: 'Invalid input for registries.login (at secret): A password or token has at most 4096 characters.',
    });
    expect(JSON.stringify(err)).not.toContain('TOP-SECRET');
    const bad = await client.call('registries.login', { server: 'r.example', username: 'has space', secret: 'TOP-SECRET' }).catch((e: RpcError) => e);
    expect((bad as RpcError).message).not.toContain('TOP-SECRET');
  });
});
