/** Test fixtures: Go build info bytes made in the format the Go linker writes. */

/** Go 1.18+ build info as the linker writes it: the 32-byte header, then the version and module text as varint-prefixed strings. */
export function goBuildInfoBytes(goVersion: string, modText: string): Buffer {
  const varint = (n: number) => {
    const out: number[] = [];
    while (n >= 0x80) {
      out.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.push(n);
    return Buffer.from(out);
  };
  const header = Buffer.alloc(32);
  Buffer.from('\xff Go buildinf:', 'latin1').copy(header);
  header[14] = 8;
  header[15] = 0x2;
  const start = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
  const end = Buffer.from('f932433186182072008242104116d8f2', 'hex');
  const mod = modText ? Buffer.concat([start, Buffer.from(modText), end]) : Buffer.alloc(0);
  const v = Buffer.from(goVersion);
  return Buffer.concat([header, varint(v.length), v, varint(mod.length), mod]);
}
