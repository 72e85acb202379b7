import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LogBatch } from '../contract/index.js';
import { Credit } from '../rpc/credit.js';
import type { PacedSink } from '../rpc/router.js';
import { LogDemuxer, type LogLine } from '../util/log-demux.js';
import { LineQueue, pumpLog } from './log-pump.js';
import { PART_CHARS } from '../rpc/frame-parts.js';

const line = (text: string): LogLine => ({ stream: 'stdout', text });

describe('LineQueue', () => {
  it('takes batches bounded by lines and by characters, oldest first, every line once', () => {
    const q = new LineQueue(3, 10, 0);
    q.push(['a', 'b', 'c', 'd', 'eeeeeeeeee', 'f', 'gggg', 'hhhh', 'iiii'].map(line));
    expect(q.chars).toBe(27);
    const batches: string[][] = [];
    while (q.size) batches.push(q.take().map((l) => l.text));
    expect(batches).toEqual([['a', 'b', 'c'], ['d'], ['eeeeeeeeee'], ['f', 'gggg', 'hhhh'], ['iiii']]);
    expect(q.chars).toBe(0);
    expect(q.take()).toEqual([]);
  });

  it('sends a line longer than the character bound alone', () => {
    const q = new LineQueue(10, 4, 0);
    q.push(['xxxxxxxx', 'y'].map(line));
    expect(q.take().map((l) => l.text)).toEqual(['xxxxxxxx']);
    expect(q.take().map((l) => l.text)).toEqual(['y']);
  });

  it('makes batches of short timestamped lines that fit in one RPC frame, the way the log view asks for them', () => {
    for (const text of ['', 'log line number 123456', 'x'.repeat(200), 'ü'.repeat(3000)]) {
      const q = new LineQueue();
      q.push(Array.from({ length: 5000 }, () => ({ stream: 'stderr' as const, text, ts: '2026-12-08T01:02:03.123456789Z' })));
      const batch = q.take();
      expect(batch.length).toBeGreaterThan(1);
      expect(JSON.stringify({ t: 'next', id: 123456, value: { lines: batch } }).length).toBeLessThanOrEqual(PART_CHARS);
    }
  });

  it('is full at two batches, and no longer once one is taken', () => {
    const q = new LineQueue(2, 1000, 0);
    q.push([line('1'), line('2'), line('3')]);
    expect(q.full).toBe(false);
    q.push([line('4')]);
    expect(q.full).toBe(true);
    q.take();
    expect(q.full).toBe(false);
  });
});

/** A sink as the router makes one, over a real Credit; `acks` acknowledges what it received when called. */
function pacedSink(window: number | undefined) {
  const credit = new Credit(window);
  const abort = new AbortController();
  abort.signal.addEventListener('abort', () => credit.release());
  const batches: LogBatch[] = [];
  const sink: PacedSink<LogBatch> = {
    signal: abort.signal,
    emit: (b) => {
      credit.sent();
      batches.push(b);
    },
    ready: () => credit.ready(),
  };
  return { sink, batches, credit, abort };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('pumpLog', () => {
  it('stops reading the source while the client is a window behind, and loses nothing', async () => {
    const source = new PassThrough({ highWaterMark: 1024 });
    const { sink, batches, credit } = pacedSink(1);
    const done = pumpLog(source, new LogDemuxer(false, false), sink);
    const text = Array.from({ length: 10_000 }, (_, i) => `${i}\n`).join('');
    // Written as the source would be read: stops when it says so (the pump paused it).
    let at = 0;
    let writable = true;
    const feed = () => {
      while (at < text.length && (writable = source.write(text.slice(at, at + 500)))) at += 500;
      if (writable && at >= text.length) source.end();
    };
    source.on('drain', () => {
      // The write that said to wait was taken; the next may go (the last one too, after which the source ends).
      at += 500;
      writable = true;
      feed();
    });
    feed();
    await turn();
    await turn();
    expect(batches).toHaveLength(1);
    expect(source.isPaused()).toBe(true);
    expect(at).toBeLessThan(text.length);
    // The client acknowledges each batch as it comes, until the pump ends.
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      if (credit.outstanding) credit.acked(1);
      await turn();
    }
    const got = batches.flatMap((b) => b.lines.map((l) => Number(l.text)));
    expect(got).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });

  it('sends the last, unterminated line when the source ends, and ends', async () => {
    const source = new PassThrough();
    const { sink, batches } = pacedSink(undefined);
    const done = pumpLog(source, new LogDemuxer(false, false), sink);
    source.end('one\ntwo');
    expect(await done).toBe('ended');
    expect(batches.flatMap((b) => b.lines.map((l) => l.text))).toEqual(['one', 'two']);
  });

  it('destroys the source when the client cancels, even while waiting for credit', async () => {
    const source = new PassThrough();
    const { sink, batches, abort } = pacedSink(1);
    const done = pumpLog(source, new LogDemuxer(false, false), sink);
    source.write('a\n');
    await turn();
    source.write('b\n');
    await turn();
    abort.abort();
    expect(await done).toBe('cancelled');
    expect(source.destroyed).toBe(true);
    expect(batches).toHaveLength(1);
  });

  it('says a stream that broke (the engine or its connection went) broke, after sending what it had', async () => {
    const source = new PassThrough();
    const { sink, batches } = pacedSink(undefined);
    const done = pumpLog(source, new LogDemuxer(false, false), sink);
    source.write('a\nb');
    await turn();
    source.destroy(new Error('socket hang up'));
    expect(await done).toBe('broken');
    expect(batches.flatMap((b) => b.lines.map((l) => l.text))).toEqual(['a', 'b']);
  });
});
