import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryPair, type Carrier } from '../../../engine/rpc/carrier';

/**
 * The connection against an in-memory engine side: each "port" handed to the
 * page is one end of a memory pair; the other end answers like the backend.
 */
const served: Carrier[] = [];
let handOver: ((c: Carrier) => void) | undefined;

vi.stubGlobal('location', { protocol: 'berth:', host: 'app', origin: 'berth://app' });
vi.mock('./carriers', () => ({
  openWebSocket: () => Promise.reject(new Error('not in this test')),
  receiveElectronPort: () => new Promise<Carrier>((resolve) => (handOver = resolve)),
}));

/** Give the page a new port whose far end plays the backend: engine.status answers, engine.watchLogs sends its tail. */
function supplyPort(tail: readonly string[]): Carrier {
  const [page, backend] = memoryPair();
  backend.onFrame((text) => {
    const f = JSON.parse(text) as { t: string; id: number; method: string };
    if (f.t !== 'call') return;
    if (f.method === 'engine.status') backend.send(JSON.stringify({ t: 'result', id: f.id, value: { state: 'running' } }));
    if (f.method === 'engine.watchLogs') backend.send(JSON.stringify({ t: 'next', id: f.id, value: tail }));
  });
  served.push(backend);
  handOver!(page);
  handOver = undefined;
  return backend;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.useRealTimers());

describe('connection', async () => {
  const { call, connect, subscribe, useConnection } = await import('./connection');
  void connect();

  it('lets a call made before the connection is up wait for it', async () => {
    const answer = call('engine.status', {});
    await flush();
    supplyPort(['line 1', 'line 2']);
    await expect(answer).resolves.toMatchObject({ state: 'running' });
    expect(useConnection.getState().state).toBe('open');
  });

  it('re-opens live streams after a reconnect, telling them to start over', async () => {
    const lines: string[] = [];
    const stop = subscribe(
      'engine.watchLogs',
      { tail: 2 },
      {
        next: (batch) => lines.push(...batch),
        reopen: () => lines.splice(0),
      },
    );
    await flush();
    expect(lines).toEqual(['line 1', 'line 2']);

    served.at(-1)!.close();
    await flush();
    expect(useConnection.getState().state).toBe('lost');
    await flush();
    supplyPort(['line 2', 'line 3']);
    await flush();
    await flush();
    expect(useConnection.getState().state).toBe('open');
    // The tail came again; the view was told to drop the old lines first, so nothing is doubled.
    expect(lines).toEqual(['line 2', 'line 3']);
    stop();
  });

  it('fails a call with a sentence when Berth stays unreachable', async () => {
    served.at(-1)!.close();
    await flush();
    vi.useFakeTimers();
    const answer = call('engine.status', {});
    const settled = expect(answer).rejects.toThrow('Berth is not connected; reconnecting…');
    await vi.advanceTimersByTimeAsync(15_000);
    await settled;
  });
});
