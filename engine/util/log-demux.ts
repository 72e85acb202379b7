/**
 * Docker log streams into lines. A container without a TTY sends stdout and
 * stderr multiplexed in frames (8-byte header: stream, 3 zero bytes, 32-bit
 * big-endian length); with a TTY the stream is raw. Frames and UTF-8
 * characters may be cut anywhere between chunks. Pure; unit-tested on
 * recorded streams.
 */
import { StringDecoder } from 'node:string_decoder';

export type LogStream = 'stdout' | 'stderr';

export interface LogLine {
  readonly stream: LogStream;
  readonly text: string;
  /** RFC 3339 timestamp, when asked for. */
  readonly ts?: string;
}

/** A line longer than this is cut into pieces, so one endless line cannot grow memory without bound. */
export const MAX_LINE = 64 * 1024;
const HEADER = 8;

class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  constructor(
    private readonly stream: LogStream,
    private readonly timestamps: boolean,
  ) {}

  push(bytes: Buffer, out: LogLine[]): void {
    this.partial += this.decoder.write(bytes);
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      this.emit(this.partial.slice(0, nl), out);
      this.partial = this.partial.slice(nl + 1);
    }
    while (this.partial.length > MAX_LINE) {
      this.emit(this.partial.slice(0, MAX_LINE), out);
      this.partial = this.partial.slice(MAX_LINE);
    }
  }

  flush(out: LogLine[]): void {
    this.partial += this.decoder.end();
    if (this.partial) this.emit(this.partial, out);
    this.partial = '';
  }

  private emit(raw: string, out: LogLine[]): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.timestamps) {
      const space = line.indexOf(' ');
      if (space > 0 && /^\d{4}-\d\d-\d\dT/.test(line)) {
        out.push({ stream: this.stream, ts: line.slice(0, space), text: line.slice(space + 1) });
        return;
      }
    }
    out.push({ stream: this.stream, text: line });
  }
}

export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private readonly lines: Record<LogStream, LineSplitter>;

  /** `multiplexed` is false for containers with a TTY. */
  constructor(
    private readonly multiplexed: boolean,
    timestamps: boolean,
  ) {
    this.lines = { stdout: new LineSplitter('stdout', timestamps), stderr: new LineSplitter('stderr', timestamps) };
  }

  /** Feed a chunk; returns the complete lines it finished. */
  push(chunk: Buffer): LogLine[] {
    const out: LogLine[] = [];
    if (!this.multiplexed) {
      this.lines.stdout.push(chunk, out);
      return out;
    }
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (buf.length >= HEADER) {
      const size = buf.readUInt32BE(4);
      if (buf.length < HEADER + size) break;
      const payload = buf.subarray(HEADER, HEADER + size);
      // 0 is stdin (echoed with a TTY only), 1 stdout, 2 stderr.
      this.lines[buf[0] === 2 ? 'stderr' : 'stdout'].push(payload, out);
      buf = buf.subarray(HEADER + size);
    }
    this.pending = Buffer.from(buf);
    return out;
  }

  /** The stream ended: the last, unterminated lines. */
  end(): LogLine[] {
    const out: LogLine[] = [];
    this.lines.stdout.flush(out);
    this.lines.stderr.flush(out);
    return out;
  }
}
