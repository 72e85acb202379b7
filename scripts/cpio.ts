/**
 * Pure: a cpio archive in the "newc" format (what the Linux kernel unpacks as an initramfs), with no tool beyond
 * Node. Entries are written in the order given (a folder before what it holds); every entry has one link, owner 0
 * and the time given.
 */
export interface CpioEntry {
  /** Path inside the archive, without a leading slash. */
  readonly name: string;
  /** The full mode: type and permissions (0o100755, 0o40755, 0o120777, 0o20600…). */
  readonly mode: number;
  /** A file's content, or a symlink's target. */
  readonly data?: Buffer;
  /** A device node's major and minor numbers. */
  readonly device?: readonly [number, number];
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');
const pad4 = (n: number) => Buffer.alloc((4 - (n % 4)) % 4);

export function newcArchive(entries: readonly CpioEntry[], mtime = 0): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  let size = 0;
  const add = (name: string, mode: number, data: Buffer, device: readonly [number, number] = [0, 0]) => {
    const nameBytes = Buffer.from(name + '\0', 'utf8');
    const fields = [ino++, mode, 0, 0, 1, mtime, data.length, 0, 0, device[0], device[1], nameBytes.length, 0];
    const header = Buffer.from('070701' + fields.map(hex8).join(''), 'ascii');
    for (const b of [header, nameBytes, pad4(header.length + nameBytes.length), data, pad4(data.length)]) {
      parts.push(b);
      size += b.length;
    }
  };
  for (const e of entries) add(e.name, e.mode, e.data ?? Buffer.alloc(0), e.device);
  add('TRAILER!!!', 0, Buffer.alloc(0));
  // The kernel reads the archive in 512-byte blocks.
  parts.push(Buffer.alloc((512 - (size % 512)) % 512));
  return Buffer.concat(parts);
}
