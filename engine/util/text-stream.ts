/**
 * Text read from streams that arrive in chunks: UTF-8 decoded in streaming
 * mode, so a character cut between two chunks is kept whole instead of
 * becoming two U+FFFD; and newline-delimited JSON split into objects.
 * Every engine stream read as text goes through here.
 */
import { StringDecoder } from 'node:string_decoder';

/** UTF-8 decoders by key, for streams whose chunks interleave (a build step's stdout and stderr, each step's own). */
export class Utf8Streams {
  private readonly decoders = new Map<string, StringDecoder>();

  /** The text of this chunk of stream `key`; an unfinished last character waits for the next chunk. */
  decode(key: string, bytes: Uint8Array): string {
    let d = this.decoders.get(key);
    if (!d) this.decoders.set(key, (d = new StringDecoder('utf8')));
    return d.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /** Stream `key` ended: what an unfinished last character leaves (U+FFFD), or ''. */
  end(key: string): string {
    const d = this.decoders.get(key);
    this.decoders.delete(key);
    return d?.end() ?? '';
  }
}

/** One UTF-8 stream's decoder: chunks of bytes (or text already decoded) in, text out. */
export function utf8Stream(): (chunk: Uint8Array | string) => string {
  const streams = new Utf8Streams();
  return (chunk) => (typeof chunk === 'string' ? chunk : streams.decode('', chunk));
}

/**
 * Split newline-delimited JSON into objects, from chunks of bytes (cut
 * anywhere, even inside a character) or of text; keeps the partial tail
 * between calls. A garbled line is skipped: the next one is independent.
 */
export function ndjsonSplitter(onObject: (o: unknown) => void): (chunk: Uint8Array | string) => void {
  const text = utf8Stream();
  let buf = '';
  return (chunk) => {
    buf += text(chunk);
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      try {
        onObject(JSON.parse(line));
      } catch {
        /* a garbled line is skipped; the next one is independent */
      }
    }
  };
}

/** Read a newline-delimited JSON reply to its end, handing each object over; the first error thrown by `onLine` rejects, once the reply is read. */
export async function readNdjson<T>(reply: NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>, onLine: (line: T) => void): Promise<void> {
  let failed: unknown;
  const split = ndjsonSplitter((o) => {
    if (failed) return;
    try {
      onLine(o as T);
    } catch (err) {
      failed = err;
    }
  });
  for await (const chunk of reply as AsyncIterable<Uint8Array | string>) split(chunk);
  split('\n');
  if (failed) throw failed as Error;
}
