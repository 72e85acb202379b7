/**
 * Tar headers for build contexts, written here rather than by a tar library:
 * packing 20,000 small files is mostly per-entry overhead, and a header is
 * one 512-byte block. ustar fields, with a PAX extended header in front when
 * a name or link target does not fit (longer than 100 bytes, or not ASCII) or
 * a size does not fit 11 octal digits — as Go's archive/tar, which the engine
 * reads the context with, expects.
 */

export const BLOCK = 512;

export interface TarHeader {
  readonly name: string;
  readonly type: 'file' | 'dir' | 'symlink';
  readonly size: number;
  readonly mode: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  readonly linkname?: string;
}

const TYPEFLAG = { file: '0', dir: '5', symlink: '2' } as const;
const MAX_OCTAL_SIZE = 0o77777777777;

function octal(block: Buffer, offset: number, width: number, value: number): void {
  // width - 1 digits and a NUL, as GNU tar and Go write them.
  block.write(
    Math.floor(value)
      .toString(8)
      .padStart(width - 1, '0')
      .slice(-(width - 1)),
    offset,
    'ascii',
  );
  block[offset + width - 1] = 0;
}

/** One ustar header block for a name and link that fit. */
function ustar(h: TarHeader, name: Buffer, link: Buffer, typeflag: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  name.copy(block, 0, 0, Math.min(100, name.length));
  octal(block, 100, 8, h.mode & 0o7777);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, Math.max(0, h.mtime));
  block.write(typeflag, 156, 'ascii');
  link.copy(block, 157, 0, Math.min(100, link.length));
  block.write('ustar\u000000', 257, 'binary');
  // Checksum: the sum of the header's bytes with its own field read as spaces.
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(sum.toString(8).padStart(6, '0'), 148, 'ascii');
  block[154] = 0;
  block[155] = 0x20;
  return block;
}

/** A PAX record: "<length> <key>=<value>\n", the length counting itself. */
function paxRecord(key: string, value: string): string {
  const rest = Buffer.byteLength(` ${key}=${value}\n`);
  let n = rest + 1;
  for (let m = rest + String(n).length; m !== n; m = rest + String(n).length) n = m;
  return `${n} ${key}=${value}\n`;
}

const fits = (b: Buffer, s: string) => b.length <= 100 && /^[\x20-\x7e]*$/.test(s);

/** Pure: the header blocks of one entry (a PAX header first when it needs one). */
export function tarHeader(h: TarHeader): Buffer {
  const name = Buffer.from(h.name);
  const linkname = h.linkname ?? '';
  const link = Buffer.from(linkname);
  const size = h.type === 'file' ? h.size : 0;
  const nameFits = fits(name, h.name);
  const linkFits = fits(link, linkname);
  const sizeFits = size <= MAX_OCTAL_SIZE;
  const pax = [
    ...(nameFits ? [] : [paxRecord('path', h.name)]),
    ...(linkFits ? [] : [paxRecord('linkpath', linkname)]),
    ...(sizeFits ? [] : [paxRecord('size', String(size))]),
  ].join('');
  // Where the PAX header carries a field, the ustar one holds a stand-in for readers that do not know PAX.
  const main = ustar(
    h,
    nameFits ? name : Buffer.from(h.name.replace(/[^\x20-\x7e]/g, '_').slice(-100)),
    linkFits ? link : Buffer.alloc(0),
    TYPEFLAG[h.type],
    sizeFits ? size : 0,
  );
  if (!pax) return main;
  const body = Buffer.from(pax);
  const paxHeader = ustar(
    { name: 'PaxHeader', type: 'file', size: body.length, mode: 0o644, mtime: h.mtime },
    Buffer.from('PaxHeader'),
    Buffer.alloc(0),
    'x',
    body.length,
  );
  return Buffer.concat([paxHeader, body, padding(body.length), main]);
}

/** Zero bytes that round `size` up to a whole block. */
export function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** The end of an archive: two zero blocks. */
export const END = Buffer.alloc(2 * BLOCK);
