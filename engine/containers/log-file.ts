/**
 * A finished log read by range, from the file the engine keeps it in (the
 * json-file driver: one JSON object per line, `{"log":"…\n","stream":"stdout","time":"…"}`).
 * The engine's API can only give a log from its start or its end (`tail`,
 * `since` still reads the file from its start), so a line in the middle of a
 * 1 GB log would cost reading up to it; here the file is read once to note
 * where every 1,024th line begins (80 KB for ten million lines), and any
 * line is then one seek and a short read away.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { LogLine } from '../util/log-demux.js';

/** Every this many lines, where the line begins. */
export const INDEX_STEP = 1024;
/** Bytes read at a time. */
const CHUNK = 4 << 20;
/** A range read stops past this many bytes, whatever it was asked for (the engine cuts lines at 16 KB, so it is many lines). */
export const MAX_RANGE_BYTES = 8 << 20;
const NL = 0x0a;

export interface LogFileIndex {
  readonly path: string;
  /** The file's size and time when it was read: a file that changed since is read again. */
  readonly size: number;
  readonly mtimeMs: number;
  /** Whole lines (a last line still being written is not one). */
  readonly lines: number;
  /** Byte offset of line k × INDEX_STEP, for every k. */
  readonly offsets: Float64Array;
}

/** Read the file once, noting where every INDEX_STEP-th line begins. */
export async function indexLogFile(path: string, signal?: AbortSignal): Promise<LogFileIndex> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    let offsets = new Float64Array(1024);
    let marks = 1; // line 0 begins at 0
    let lines = 0;
    let pos = 0;
    const buf = Buffer.allocUnsafe(CHUNK);
    while (pos < st.size) {
      if (signal?.aborted) throw new Error('cancelled');
      const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK, st.size - pos), pos);
      if (!bytesRead) break;
      let at = buf.indexOf(NL, 0);
      while (at !== -1 && at < bytesRead) {
        lines++;
        if (lines % INDEX_STEP === 0) {
          if (marks === offsets.length) {
            const grown = new Float64Array(offsets.length * 2);
            grown.set(offsets);
            offsets = grown;
          }
          offsets[marks++] = pos + at + 1;
        }
        at = buf.indexOf(NL, at + 1);
      }
      pos += bytesRead;
    }
    return { path, size: st.size, mtimeMs: st.mtimeMs, lines, offsets: offsets.slice(0, marks) };
  } finally {
    await fh.close();
  }
}

/**
 * Pure: a time as the engine's API writes it (nine digits of fraction, as `docker logs --timestamps`), from the
 * file's (Go's RFC 3339 with the fraction's trailing zeros dropped).
 */
export function fixedNanos(time: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}${m[3]}` : time;
}

/** Pure: a log entry's text without the line end the engine kept with it. */
const lineText = (log: string) => (log.endsWith('\n') ? log.slice(0, log.endsWith('\r\n') ? -2 : -1) : log);

/**
 * Pure: the engine's own entries, `{"log":"…","stream":"…",["attrs":{…},]"time":"…"}`, read without JSON.parse
 * (several times faster, for logs read whole). Inside a JSON string every quote is escaped, so the log's value ends
 * at the first `","stream":"`, and the time is the last field; undefined for anything else.
 */
function parseEngineEntry(raw: string, timestamps: boolean): LogLine | undefined {
  if (!raw.startsWith('{"log":"') || !raw.endsWith('"}')) return undefined;
  const end = raw.indexOf('","stream":"', 8);
  if (end < 0) return undefined;
  const streamEnd = raw.indexOf('"', end + 12);
  const time = raw.lastIndexOf(',"time":"');
  if (streamEnd < 0 || time < streamEnd) return undefined;
  let log = raw.slice(8, end);
  const escape = log.indexOf('\\');
  // Most lines escape nothing but their line end.
  if (escape === log.length - 2 && log.endsWith('\\n')) log = log.slice(0, -2) + '\n';
  else if (escape === log.length - 4 && log.endsWith('\\r\\n')) log = log.slice(0, -4) + '\r\n';
  else if (escape >= 0) log = JSON.parse(`"${log}"`) as string;
  const stream = raw.slice(end + 12, streamEnd) === 'stderr' ? 'stderr' : 'stdout';
  if (!timestamps) return { stream, text: lineText(log) };
  const ts = raw.slice(time + 9, -2);
  return { stream, text: lineText(log), ts: ts.length === 30 && ts[19] === '.' && ts.endsWith('Z') ? ts : fixedNanos(ts) };
}

/** Pure: one line of a json-file log as a log line; a line that is not one of its objects is shown as it is. */
export function parseLogFileLine(raw: string, timestamps: boolean): LogLine {
  try {
    const fast = parseEngineEntry(raw, timestamps);
    if (fast) return fast;
    const o = JSON.parse(raw) as { log?: unknown; stream?: unknown; time?: unknown };
    if (typeof o.log === 'string') {
      const stream = o.stream === 'stderr' ? 'stderr' : 'stdout';
      return { stream, text: lineText(o.log), ...(timestamps && typeof o.time === 'string' ? { ts: fixedNanos(o.time) } : {}) };
    }
  } catch {
    // not JSON: as it is
  }
  return { stream: 'stdout', text: raw };
}

/** Lines `from` to `from + count - 1` of an indexed log (fewer at its end, or past MAX_RANGE_BYTES). */
export async function readLogRange(index: LogFileIndex, from: number, count: number, timestamps: boolean): Promise<LogLine[]> {
  const first = Math.max(0, Math.min(from, index.lines));
  const want = Math.max(0, Math.min(count, index.lines - first));
  if (!want) return [];
  const k = Math.floor(first / INDEX_STEP);
  let skip = first - k * INDEX_STEP;
  let pos = index.offsets[k]!;
  const out: LogLine[] = [];
  let fh: FileHandle | undefined;
  try {
    fh = await open(index.path, 'r');
    let carry = Buffer.alloc(0);
    let read = 0;
    while (out.length < want && pos < index.size) {
      const size = Math.min(skip ? CHUNK : 1 << 20, index.size - pos);
      const buf = Buffer.allocUnsafe(size);
      const { bytesRead } = await fh.read(buf, 0, size, pos);
      if (!bytesRead) break;
      pos += bytesRead;
      let data = carry.length ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
      let start = 0;
      let at = data.indexOf(NL, start);
      while (at !== -1 && out.length < want) {
        if (skip) skip--;
        else {
          read += at - start;
          out.push(parseLogFileLine(data.toString('utf8', start, at), timestamps));
        }
        start = at + 1;
        at = data.indexOf(NL, start);
      }
      data = data.subarray(start);
      carry = Buffer.from(data);
      if (read > MAX_RANGE_BYTES && out.length) break;
    }
    return out;
  } finally {
    await fh?.close();
  }
}

/**
 * The whole lines of a json-file log read from its start, as log lines with the engine's timestamps; a last line
 * still being written when the read stopped is left out (the engine's follow gives it).
 */
export class JsonFileLines {
  private carry: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): LogLine[] {
    const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const out: LogLine[] = [];
    let start = 0;
    let at = data.indexOf(NL, start);
    while (at !== -1) {
      out.push(parseLogFileLine(data.toString('utf8', start, at), true));
      start = at + 1;
      at = data.indexOf(NL, start);
    }
    this.carry = Buffer.from(data.subarray(start));
    return out;
  }

  end(): LogLine[] {
    this.carry = Buffer.alloc(0);
    return [];
  }
}
