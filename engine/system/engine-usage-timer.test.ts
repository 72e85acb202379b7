/** The engine sample's timer: it runs only while someone follows, and none is left once the follower leaves. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatus } from '../contract/index.js';
import type { EngineClient } from '../engine/index.js';
import type { StreamSink } from '../rpc/router.js';
import type { EngineUsage } from './contract.js';
import { EngineUsageService, SAMPLE_EVERY_MS, watchElsewhere } from './engine-usage.js';

const stopped: EngineStatus = { mode: 'native', state: 'stopped', restarts: 0, home: '/h' } as EngineStatus;
const client = { status: () => stopped, docker: () => undefined as never, subscribe: () => () => undefined } as EngineClient;

function sink(): StreamSink<EngineUsage> & { got: EngineUsage[]; abort(): void } {
  const ac = new AbortController();
  const got: EngineUsage[] = [];
  return { got, signal: ac.signal, emit: (v: EngineUsage) => void got.push(v), abort: () => ac.abort() } as unknown as StreamSink<EngineUsage> & {
    got: EngineUsage[];
    abort(): void;
  };
}

afterEach(() => vi.useRealTimers());

describe('engine usage sampling', () => {
  it('samples every two seconds while followed, and leaves no timer once the follower leaves', async () => {
    vi.useFakeTimers();
    const s = sink();
    const done = new EngineUsageService(client).watch(s);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.got).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(SAMPLE_EVERY_MS * 2);
    expect(s.got).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(1);
    s.abort();
    await done;
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(SAMPLE_EVERY_MS * 3);
    expect(s.got).toHaveLength(3);
  });

  it('on another engine, says once why nothing is measured, and runs no timer at all', async () => {
    vi.useFakeTimers();
    const s = sink();
    const done = watchElsewhere(s);
    await vi.advanceTimersByTimeAsync(SAMPLE_EVERY_MS * 3);
    expect(s.got).toEqual([{ measurable: false, reason: expect.stringContaining('not one Berth runs') }]);
    expect(vi.getTimerCount()).toBe(0);
    s.abort();
    await done;
  });
});
