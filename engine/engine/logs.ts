/** Reading the engine's log file: the last lines, the last error, and following new lines. */
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { utf8Stream } from '../util/text-stream.js';

/** Pure: a log line as text: terminal escapes (a VM console's colours and screen resets) and carriage returns removed. */
export function plainText(line: string): string {
  return stripVTControlCharacters(line).replaceAll('\r', '');
}

/** The last `n` lines of a file (reads at most `maxBytes` from its end). */
export async function tailFile(file: string, n: number, maxBytes = 1024 * 1024): Promise<string[]> {
  let fh;
  try {
    fh = await fs.open(file, 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    if (start > 0) lines.shift();
    return lines.slice(-n).map(plainText);
  } finally {
    await fh.close();
  }
}

/**
 * The most telling failure in a dockerd log from `fromByte` on: the message of
 * its last fatal/error line, so a failed start can say why in one sentence.
 */
export async function lastErrorLine(file: string, fromByte = 0): Promise<string | undefined> {
  let fh;
  try {
    fh = await fs.open(file, 'r');
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.max(0, size - fromByte));
    await fh.read(buf, 0, buf.length, fromByte);
    return summariseFailure(buf.toString('utf8').split('\n'));
  } catch {
    return undefined;
  } finally {
    await fh?.close();
  }
}

/** Pure: pick the failure message out of dockerd log lines. */
export function summariseFailure(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (/level=(fatal|error)/.test(line) || /^failed to start daemon/i.test(line)) {
      const msg = /msg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1]?.replace(/\\"/g, '"');
      return (msg ?? line).trim();
    }
  }
  return undefined;
}

/**
 * Follow a file as it grows (across truncation and rotation), calling back
 * with batches of complete lines. Returns a stop function.
 */
export function followFile(file: string, fromByte: number, onLines: (lines: string[]) => void): () => void {
  let offset = fromByte;
  let partial = '';
  let text = utf8Stream();
  let reading = false;
  let again = false;
  let stopped = false;
  let watcher: FSWatcher | undefined;
  const read = async () => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        const fh = await fs.open(file, 'r').catch(() => undefined);
        if (!fh) break;
        try {
          const { size } = await fh.stat();
          if (size < offset) {
            offset = 0;
            text = utf8Stream();
          }
          if (size > offset) {
            const buf = Buffer.alloc(Math.min(size - offset, 4 * 1024 * 1024));
            const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
            offset += bytesRead;
            const lines = (partial + text(buf.subarray(0, bytesRead))).split('\n');
            partial = lines.pop() ?? '';
            if (lines.length && !stopped) onLines(lines.map(plainText));
            if (offset < size) again = true;
          }
        } finally {
          await fh.close();
        }
      } while (again && !stopped);
    } finally {
      reading = false;
    }
  };
  const arm = () => {
    try {
      watcher = watch(file, () => void read());
    } catch {
      watcher = undefined;
    }
  };
  arm();
  // inotify misses replaced files; a slow poll covers rotation and late creation.
  const timer = setInterval(() => {
    if (!watcher) arm();
    void read();
  }, 1000);
  void read();
  return () => {
    stopped = true;
    clearInterval(timer);
    watcher?.close();
  };
}

/** Current size of a file, 0 when missing. */
export async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return 0;
  }
}
