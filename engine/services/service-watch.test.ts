import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamSink } from '../rpc/router.js';
import { parseLogDetails, WatchHub } from './service-watch.js';

/** A sink as the router gives one: events collected, cancelled through its controller. */
function sink<E>() {
  const abort = new AbortController();
  const events: E[] = [];
  const s: StreamSink<E> = { emit: (e) => events.push(e), signal: abort.signal };
  return { s, events, cancel: () => abort.abort() };
}

describe('WatchHub', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls one service once for all its watchers, sends changes only, and stops when the last watcher goes', async () => {
    let reads = 0;
    let value = 'a';
    const hub = new WatchHub<string>(async () => {
      reads++;
      return value;
    }, 500);
    const one = sink<string>();
    const two = sink<string>();
    const ended = hub.follow('web', one.s);
    await vi.advanceTimersByTimeAsync(0);
    expect(one.events).toEqual(['a']);
    void hub.follow('web', two.s);
    // The second watcher gets the current picture at once, without another read.
    expect(two.events).toEqual(['a']);
    expect(reads).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toBe(3);
    expect(one.events).toEqual(['a']);
    value = 'b';
    await vi.advanceTimersByTimeAsync(500);
    expect([one.events, two.events]).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    one.cancel();
    await ended;
    expect(hub.size).toBe(1);
    two.cancel();
    expect(hub.size).toBe(0);
    const before = reads;
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toBe(before);
  });

  it('ends every watcher’s stream with the error when reading fails (the service was removed)', async () => {
    const hub = new WatchHub<string>(() => Promise.reject(new Error('There is no service "web"')), 500);
    const one = sink<string>();
    await expect(hub.follow('web', one.s)).rejects.toThrow('There is no service "web"');
    expect(hub.size).toBe(0);
  });
});

describe('parseLogDetails', () => {
  it('takes the engine’s details off a service log line', () => {
    expect(parseLogDetails('com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1 hello world')).toEqual({
      attrs: { 'com.docker.swarm.node.id': 'n1', 'com.docker.swarm.service.id': 's1', 'com.docker.swarm.task.id': 't1' },
      text: 'hello world',
    });
    expect(parseLogDetails('plain line')).toEqual({ attrs: {}, text: 'plain line' });
  });
});
