/**
 * The VM's disks and keys under `<home>/vm`: the root filesystem unpacked
 * once per image (the image is read-only, e.g. inside an AppImage), the data
 * disk that keeps the engine's data across restarts and app updates, and the
 * per-install SSH keys.
 */
import { accessSync, constants, promises as fs } from 'node:fs';
import { createReadStream } from 'node:fs';
import { execFile } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import * as fzstd from 'fzstd';
import ssh2 from 'ssh2';
import { readJson, writeFileAtomic } from '../../util/fs.js';

export interface ImageManifest {
  /** The guest's architecture (x86_64 when the manifest predates the field). */
  readonly arch?: 'x86_64' | 'aarch64';
  readonly kernel: string;
  readonly rootBytes: number;
  readonly packages: string[];
  readonly files: Record<string, { bytes: number; sha256: string }>;
}

export async function readManifest(imageDir: string): Promise<ImageManifest> {
  const m = await readJson<ImageManifest>(join(imageDir, 'manifest.json'));
  if (!m?.files?.['rootfs.ext4.zst']) throw new Error(`The VM image in ${imageDir} has no manifest.json: build it again with \`npm run engine:image\`.`);
  return m;
}

const BLOCK = 64 * 1024;
const isZero = (b: Uint8Array) => {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
};

/**
 * The root filesystem for this image, unpacked beside the data disk (sparse:
 * runs of zeros are not written), by the host's zstd program when it has one. Kept until the image changes; an older
 * image's root is removed. Resolves with its path.
 */
export async function ensureRootDisk(imageDir: string, vmDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const manifest = await readManifest(imageDir);
  const sha = manifest.files['rootfs.ext4.zst']!.sha256.slice(0, 16);
  const target = join(vmDir, `root-${sha}.ext4`);
  try {
    if ((await fs.stat(target)).size === manifest.rootBytes) return target;
  } catch {
    /* not unpacked yet */
  }
  for (const f of await fs.readdir(vmDir)) if (/^root-.*\.ext4(\.part)?$/.test(f)) await fs.rm(join(vmDir, f), { force: true });
  const part = `${target}.part`;
  const zstd = findZstd(env);
  if (zstd) await unpackWithZstd(zstd, join(imageDir, 'rootfs.ext4.zst'), part, manifest.rootBytes);
  else await unpackInProcess(join(imageDir, 'rootfs.ext4.zst'), part, manifest.rootBytes);
  await fs.rename(part, target);
  return target;
}

/** The zstd program, when the host has one (on PATH, or where Homebrew puts it). */
export function findZstd(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const name = platform === 'win32' ? 'zstd.exe' : 'zstd';
  const extra = platform === 'darwin' ? ['/opt/homebrew/bin', '/usr/local/bin'] : [];
  for (const dir of [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...extra]) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      /* not here */
    }
  }
  return undefined;
}

const unpacked = (bytes: number, want: number) => new Error(`The VM image's root filesystem unpacked to ${bytes} bytes, not ${want}: build the image again.`);

/** The native decompressor: an order of magnitude faster than JavaScript's on a fresh home's first boot; it leaves zeros as holes. */
async function unpackWithZstd(zstd: string, src: string, part: string, rootBytes: number): Promise<void> {
  await promisify(execFile)(zstd, ['-d', '-q', '-f', '--sparse', src, '-o', part]);
  const out = await fs.open(part, 'r+');
  try {
    const { size } = await out.stat();
    if (size !== rootBytes) throw unpacked(size, rootBytes);
    await out.chmod(0o600);
    await out.sync();
  } finally {
    await out.close();
  }
}

/** Where the host has no zstd program: decompressed in JavaScript, runs of zeros not written. */
async function unpackInProcess(src: string, part: string, rootBytes: number): Promise<void> {
  const out = await fs.open(part, 'w', 0o600);
  try {
    let pos = 0;
    let pending: Promise<unknown> = Promise.resolve();
    const d = new fzstd.Decompress((chunk) => {
      const at = pos;
      pos += chunk.length;
      // Writes run in order; zero blocks become holes.
      pending = pending.then(async () => {
        for (let off = 0; off < chunk.length; off += BLOCK) {
          const piece = chunk.subarray(off, Math.min(chunk.length, off + BLOCK));
          if (!isZero(piece)) await out.write(piece, 0, piece.length, at + off);
        }
      });
    });
    for await (const c of createReadStream(src, { highWaterMark: 1 << 20 })) {
      d.push(c as Buffer);
      await pending;
    }
    d.push(new Uint8Array(0), true);
    await pending;
    if (pos !== rootBytes) throw unpacked(pos, rootBytes);
    await out.truncate(pos);
    await out.sync();
  } finally {
    await out.close();
  }
}

/** Create the data disk (sparse) or grow it to `sizeGiB`; it is never shrunk. Resolves with a note when it could not follow the setting. */
export async function ensureDataDisk(path: string, sizeGiB: number): Promise<string | undefined> {
  const want = sizeGiB * 1024 ** 3;
  const f = await fs.open(path, 'a', 0o600);
  try {
    const { size } = await f.stat();
    if (size < want) await f.truncate(want);
    else if (size > want) return `The data disk is ${Math.round(size / 1024 ** 3)} GiB; it is not shrunk to the ${sizeGiB} GiB set, which could lose data.`;
  } finally {
    await f.close();
  }
  return undefined;
}

export interface VmKeys {
  /** Files handed to the guest through fw_cfg. */
  readonly hostKeyFile: string;
  readonly authorizedKeyFile: string;
  /** What the host logs in with. */
  readonly clientPrivate: string;
  /** The guest's host key as SSH sends it, to check the guest is ours. */
  readonly hostKeyBlob: Buffer;
}

const blobOf = (publicLine: string) => Buffer.from(publicLine.trim().split(/\s+/)[1] ?? '', 'base64');

/** The per-install key pairs (made on first use, 0600 in a 0700 folder): one to log in with, and the guest's host key. */
export async function ensureKeys(dir: string): Promise<VmKeys> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
  const pair = async (name: string, comment: string) => {
    const priv = join(dir, name);
    const pub = `${priv}.pub`;
    try {
      return { priv, privText: await fs.readFile(priv, 'utf8'), pubText: await fs.readFile(pub, 'utf8') };
    } catch {
      const k = ssh2.utils.generateKeyPairSync('ed25519', { comment });
      // The private key lands last, so a key pair found is always whole.
      await fs.writeFile(pub, `${k.public}\n`, { mode: 0o600 });
      await writeFileAtomic(priv, k.private, 0o600);
      return { priv, privText: k.private, pubText: `${k.public}\n` };
    }
  };
  const client = await pair('client', 'berth-host');
  const host = await pair('host', 'berth-vm');
  return { hostKeyFile: host.priv, authorizedKeyFile: `${client.priv}.pub`, clientPrivate: client.privText, hostKeyBlob: blobOf(host.pubText) };
}
