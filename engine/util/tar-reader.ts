/**
 * A streaming tar reader that reads headers and skips bodies without copying
 * them, unless asked for a body. Names keep their bytes (as latin1 strings),
 * so names that are not UTF-8 survive; ustar prefixes, PAX records (path,
 * linkpath, size) and GNU long names are applied. Used twice over: for the
 * `docker save` stream and for each layer tar inside it.
 */

export type TarKind = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo' | 'other';

export interface TarHeader {
  /** The name as bytes (latin1 string), as written: no normalising here. */
  readonly name: string;
  readonly kind: TarKind;
  readonly size: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: number;
  /** Target of a symlink or hard link (bytes as latin1). */
  readonly link: string;
}

/** What to do with an entry's body: skip it, or have its chunks (possibly asynchronously consumed). */
export type BodySink = ((chunk: Buffer) => void | Promise<void>) & { end?: () => void | Promise<void> };

export class TarError extends Error {}

const BLOCK = 512;
const KINDS: Record<string, TarKind> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'dir',
  '6': 'fifo',
};

/** Pure: a numeric header field (octal ASCII, or GNU base-256 when the top bit is set). */
export function readNumber(buf: Buffer, start: number, length: number): number {
  if (buf[start]! & 0x80) {
    let n = buf[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) n = n * 256 + buf[i]!;
    return n;
  }
  let n = 0;
  let seen = false;
  for (let i = start; i < start + length; i++) {
    const c = buf[i]!;
    if (c >= 0x30 && c <= 0x37) {
      n = n * 8 + (c - 0x30);
      seen = true;
    } else if (seen || (c !== 0x20 && c !== 0)) break;
  }
  return n;
}

function readString(buf: Buffer, start: number, length: number): string {
  let end = start;
  while (end < start + length && buf[end] !== 0) end++;
  return buf.toString('latin1', start, end);
}

/** Pure: the records of a PAX extended header, values kept as bytes (latin1). */
export function readPax(body: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    if (space < 0) break;
    const len = Number(body.toString('latin1', at, space));
    if (!Number.isFinite(len) || len <= 0) break;
    const record = body.subarray(space + 1, at + len - 1);
    const eq = record.indexOf(0x3d);
    if (eq > 0) out.set(record.toString('utf8', 0, eq), record.toString('latin1', eq + 1));
    at += len;
  }
  return out;
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === readNumber(h, 148, 8);
}

/**
 * Feed chunks with `push`; `onEntry` sees each header and returns a sink for
 * its body, or nothing to skip it. Call `end` after the last chunk.
 */
export class TarReader {
  private carry: Buffer | undefined;
  /** Bytes of the current body still to come, then its padding. */
  private bodyLeft = 0;
  private padLeft = 0;
  private sink: BodySink | undefined;
  /** A PAX or GNU long-name body being collected. */
  private meta: { type: string; parts: Buffer[]; left: number } | undefined;
  private pax = new Map<string, string>();
  private longName: string | undefined;
  private longLink: string | undefined;
  private zeroBlocks = 0;
  private done = false;
  entries = 0;

  constructor(private readonly onEntry: (h: TarHeader) => BodySink | undefined) {}

  async push(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length && !this.done) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, chunk.length - at);
        const part = chunk.subarray(at, at + n);
        if (this.meta) this.meta.parts.push(Buffer.from(part));
        else if (this.sink) await this.sink(part);
        this.bodyLeft -= n;
        at += n;
        if (this.bodyLeft === 0) await this.finishBody();
        continue;
      }
      if (this.padLeft > 0) {
        const n = Math.min(this.padLeft, chunk.length - at);
        this.padLeft -= n;
        at += n;
        continue;
      }
      // A header: whole from this chunk when it can be, else assembled.
      let header: Buffer;
      if (!this.carry && chunk.length - at >= BLOCK) {
        header = chunk.subarray(at, at + BLOCK);
        at += BLOCK;
      } else {
        const have = this.carry?.length ?? 0;
        const n = Math.min(BLOCK - have, chunk.length - at);
        this.carry = this.carry ? Buffer.concat([this.carry, chunk.subarray(at, at + n)]) : Buffer.from(chunk.subarray(at, at + n));
        at += n;
        if (this.carry.length < BLOCK) return;
        header = this.carry;
        this.carry = undefined;
      }
      await this.header(header);
    }
  }

  /** The stream ended: a body cut short is an error (a tar without its end blocks is accepted, as tar does). */
  async end(): Promise<void> {
    if (this.bodyLeft > 0 || (this.carry && this.carry.length)) throw new TarError('The archive ends in the middle of an entry.');
    if (this.sink?.end) await this.sink.end();
  }

  private async header(h: Buffer): Promise<void> {
    if (h.every((b) => b === 0)) {
      if (++this.zeroBlocks >= 2) this.done = true;
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumOk(h)) throw new TarError('Not a tar archive (a header checksum does not match).');
    const type = String.fromCharCode(h[156]!);
    const size = readNumber(h, 124, 12);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      this.meta = { type, parts: [], left: size };
      this.startBody(size);
      if (size === 0) await this.finishBody();
      return;
    }
    const magic = h.toString('latin1', 257, 263);
    const prefix = magic === 'ustar\0' ? readString(h, 345, 155) : '';
    let name = readString(h, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    let link = readString(h, 157, 100);
    if (this.longName !== undefined) name = this.longName;
    if (this.longLink !== undefined) link = this.longLink;
    const pax = this.pax;
    if (pax.has('path')) name = pax.get('path')!;
    if (pax.has('linkpath')) link = pax.get('linkpath')!;
    const bodySize = pax.has('size') ? Number(pax.get('size')) : size;
    this.pax = new Map();
    this.longName = this.longLink = undefined;
    const entry: TarHeader = {
      name,
      kind: KINDS[type] ?? 'other',
      size: bodySize,
      mode: readNumber(h, 100, 8),
      uid: pax.has('uid') ? Number(pax.get('uid')) : readNumber(h, 108, 8),
      gid: pax.has('gid') ? Number(pax.get('gid')) : readNumber(h, 116, 8),
      mtime: pax.has('mtime') ? Math.floor(Number(pax.get('mtime'))) : readNumber(h, 136, 12),
      link,
    };
    this.entries++;
    // Only regular files carry a body (a hard link's size is that of its target, with nothing stored).
    const stored = entry.kind === 'file' || entry.kind === 'other' ? bodySize : 0;
    this.sink = this.onEntry(entry);
    this.startBody(stored);
    if (stored === 0) await this.finishBody();
  }

  private startBody(size: number): void {
    this.bodyLeft = size;
    this.padLeft = (BLOCK - (size % BLOCK)) % BLOCK;
  }

  private async finishBody(): Promise<void> {
    if (this.meta) {
      const body = Buffer.concat(this.meta.parts);
      if (this.meta.type === 'x') for (const [k, v] of readPax(body)) this.pax.set(k, v);
      else if (this.meta.type === 'L') this.longName = readString(body, 0, body.length);
      else if (this.meta.type === 'K') this.longLink = readString(body, 0, body.length);
      this.meta = undefined;
      return;
    }
    const sink = this.sink;
    this.sink = undefined;
    if (sink?.end) await sink.end();
  }
}
