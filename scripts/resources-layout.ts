/**
 * What the packaged app's resources tree holds, shared by the script that
 * assembles it and the one that checks it; and the icon containers (ICO for
 * Windows, ICNS for macOS), written here as the PNGs they wrap.
 */

/** Debian packages the native engine's programs come from. */
export const ENGINE_PACKAGES = ['docker.io', 'containerd', 'runc', 'tini'] as const;

/** Program name in engine/bin → its path inside the packages. */
export const ENGINE_PROGRAMS: Readonly<Record<string, string>> = {
  dockerd: 'usr/sbin/dockerd',
  'docker-proxy': 'usr/sbin/docker-proxy',
  docker: 'usr/bin/docker',
  containerd: 'usr/bin/containerd',
  'containerd-shim-runc-v2': 'usr/bin/containerd-shim-runc-v2',
  runc: 'usr/sbin/runc',
  'docker-init': 'usr/bin/docker-init',
};

/** The VM image's files. */
export const VM_IMAGE_FILES = ['vmlinuz', 'initrd.img', 'rootfs.ext4.zst', 'manifest.json'] as const;

/** Every size Linux (hicolor), Windows (ICO) and macOS (ICNS) ask for. */
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
/** macOS menu-bar tray images (Electron loads the @2x beside the 1× by name). */
export const TRAY_TEMPLATES: Readonly<Record<string, number>> = { 'trayTemplate.png': 16, 'trayTemplate@2x.png': 32 };

/** Pure: a PNG's width and height, from its IHDR. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** Pure: an ICO holding PNG images (Windows Vista and later read these). */
export function ico(pngs: ReadonlyMap<number, Buffer>): Buffer {
  const sizes = ICO_SIZES.filter((s) => pngs.has(s));
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((s, i) => {
    const png = pngs.get(s)!;
    const e = 6 + 16 * i;
    header.writeUInt8(s >= 256 ? 0 : s, e); // 0 means 256
    header.writeUInt8(s >= 256 ? 0 : s, e + 1);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...sizes.map((s) => pngs.get(s)!)]);
}

/** Pure: the entries of an ICO: each image's declared size and whether it is a PNG of that size. */
export function readIco(buf: Buffer): Array<{ size: number; png: boolean }> {
  if (buf.readUInt16LE(2) !== 1) throw new Error('not an icon file');
  const n = buf.readUInt16LE(4);
  return Array.from({ length: n }, (_, i) => {
    const e = 6 + 16 * i;
    const size = buf.readUInt8(e) || 256;
    const data = buf.subarray(buf.readUInt32LE(e + 12), buf.readUInt32LE(e + 12) + buf.readUInt32LE(e + 8));
    let png = false;
    try {
      png = pngSize(data).width === size;
    } catch {
      png = false;
    }
    return { size, png };
  });
}

/** ICNS types holding PNGs, by pixel size (the @2x types reuse the larger PNG). */
const ICNS_TYPES: ReadonlyArray<[string, number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** Pure: an ICNS of PNG entries. */
export function icns(pngs: ReadonlyMap<number, Buffer>): Buffer {
  const entries = ICNS_TYPES.filter(([, s]) => pngs.has(s)).map(([type, s]) => {
    const png = pngs.get(s)!;
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + entries.reduce((a, e) => a + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

/** Pure: the entries of an ICNS, with each PNG's width. */
export function readIcns(buf: Buffer): Array<{ type: string; width: number }> {
  if (buf.toString('latin1', 0, 4) !== 'icns' || buf.readUInt32BE(4) !== buf.length) throw new Error('not an ICNS file');
  const out: Array<{ type: string; width: number }> = [];
  for (let p = 8; p < buf.length;) {
    const type = buf.toString('latin1', p, p + 4);
    const len = buf.readUInt32BE(p + 4);
    out.push({ type, width: pngSize(buf.subarray(p + 8, p + len)).width });
    p += len;
  }
  return out;
}
