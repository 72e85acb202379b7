/** Byte progress of a transfer (a save, load, import or copy): counted as the bytes pass, sent at most every 100 ms. */
import { Transform } from 'node:stream';
import type { ArchiveProgress } from '../contract/dto.js';
import type { StreamSink } from '../rpc/router.js';

/** Sends the latest progress at most every 100 ms, and at once when asked. */
export function throttle(sink: StreamSink<ArchiveProgress>) {
  let latest: ArchiveProgress | undefined;
  const timer = setInterval(() => {
    if (latest && !sink.signal.aborted) sink.emit(latest);
    latest = undefined;
  }, 100);
  return {
    set(p: ArchiveProgress, now = false) {
      latest = p;
      if (now && !sink.signal.aborted) {
        sink.emit(p);
        latest = undefined;
      }
    },
    stop: () => clearInterval(timer),
  };
}

/** A pass-through that counts bytes, calling `onBytes` with the running total. */
export function byteCounter(onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
}
