/**
 * Getting files out of an image's layers: the first bytes of one file (for a
 * preview), or a file or directory as the image has it at some layer, written
 * to a host folder. One pass over a `docker save` stream: entries under the
 * asked path are taken from every layer (the archive only says which layer is
 * which at its end), then the copy each path's owning layer wrote is kept.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, link, lstat, mkdir, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { lookup, walk, type TreeNode } from './image-tree.js';
import { normalisePath } from './layer-changes.js';
import { readSaveStream } from './save-index.js';
import type { BodySink } from '../util/tar-reader.js';

/** True when a path is the asked one or below it. */
const under = (root: string) => (p: string) => root === '' || p === root || p.startsWith(`${root}/`);

/** A path that could leave the folder it is written into. */
const unsafe = (p: string) => p.split('/').some((part) => part === '..' || part === '.' || part === '');

/**
 * The first `max` bytes of a file as the layer with this diff id stores it.
 * Returns undefined when that layer has no such file.
 */
export async function readLayerFile(
  stream: AsyncIterable<Buffer>,
  diffId: string,
  path: string,
  max: number,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Promise<Buffer | undefined> {
  const found = new Map<string, Buffer[]>();
  const layout = await readSaveStream(
    stream,
    (archivePath) => (h) => {
      if (h.kind !== 'file' || normalisePath(h.name) !== path) return undefined;
      const parts: Buffer[] = [];
      let have = 0;
      found.set(archivePath, parts);
      return (chunk: Buffer) => {
        if (have >= max) return;
        const part = chunk.subarray(0, max - have);
        parts.push(Buffer.from(part));
        have += part.length;
      };
    },
    onBytes,
    signal,
  );
  const archivePath = layout.layers.find((l) => l.diffId === diffId)?.archivePath;
  const parts = archivePath ? found.get(archivePath) : undefined;
  return parts ? Buffer.concat(parts) : undefined;
}

export interface ExtractResult {
  readonly files: number;
  readonly bytes: number;
  readonly skipped: readonly string[];
}

/**
 * Write `path` as the image has it (the stacked tree `image`, whose nodes
 * name the layer that wrote them) into `target`, which must not exist. Files
 * go to a staging folder beside the target first; the target appears only
 * once everything is in place, and nothing is left when it fails or is cancelled.
 */
export async function extractFromLayers(
  stream: AsyncIterable<Buffer>,
  image: TreeNode,
  diffIds: readonly string[],
  path: string,
  target: string,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Promise<ExtractResult> {
  const root = lookup(image, path);
  if (!root) throw new Error(`There is no /${path} in this image.`);
  const staging = `${target}.partial`;
  const inside = under(path);
  let n = 0;
  const stagedAt = new Map<string, string>();
  const skipped: string[] = [];
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    const layout = await readSaveStream(
      stream,
      (archivePath) => {
        const dir = join(staging, `layer-${n++}`);
        stagedAt.set(archivePath, dir);
        return (h) => {
          const p = normalisePath(h.name);
          if (h.kind !== 'file' || !inside(p) || unsafe(p)) return undefined;
          const file = join(dir, p);
          let out: WriteStream | undefined;
          const opened = mkdir(dirname(file), { recursive: true }).then(() => {
            out = createWriteStream(file, { mode: 0o600 });
          });
          const sink: BodySink = async (chunk) => {
            await opened;
            if (!out!.write(chunk)) await new Promise<void>((r) => out!.once('drain', r));
          };
          sink.end = async () => {
            await opened;
            await new Promise<void>((resolve, reject) => out!.end((err?: Error | null) => (err ? reject(err) : resolve())));
          };
          return sink;
        };
      },
      onBytes,
      signal,
    );
    const layerDir = (layer: number) => stagedAt.get(layout.layers.find((l) => l.diffId === diffIds[layer])?.archivePath ?? '');
    const out = join(staging, 'out');
    const base = path === '' ? '' : path.slice(path.lastIndexOf('/') + 1);
    const dest = (p: string) => join(out, base, p === path ? '' : path === '' ? p : p.slice(path.length + 1));
    let files = 0;
    let bytes = 0;
    const links: Array<[string, string]> = [];
    for (const [p, node] of walk(root, path)) {
      if (unsafe(p) && p !== '') {
        skipped.push(p);
        continue;
      }
      const to = dest(p);
      if (node.kind === 'dir') {
        await mkdir(to, { recursive: true });
        continue;
      }
      await mkdir(dirname(to), { recursive: true });
      if (node.kind === 'file') {
        const from = layerDir(node.layer);
        if (!from) {
          skipped.push(p);
          continue;
        }
        await rename(join(from, p), to);
        await chmod(to, node.mode & 0o777);
        files++;
        bytes += node.size;
      } else if (node.kind === 'symlink') await symlink(node.link ?? '', to);
      else if (node.kind === 'hardlink') links.push([node.link ?? '', to]);
      else skipped.push(p);
    }
    for (const [linkTarget, to] of links) {
      // A hard link to a file inside what is extracted becomes a hard link; one to a file outside is left out.
      if (inside(linkTarget) && !unsafe(linkTarget) && (await lstat(dest(linkTarget)).catch(() => undefined))?.isFile()) {
        await link(dest(linkTarget), to);
        files++;
      } else skipped.push(to.slice(out.length + 1));
    }
    // Directory modes last: a read-only directory would refuse what goes in it.
    for (const [p, node] of walk(root, path)) if (node.kind === 'dir' && !unsafe(p || 'x')) await chmod(dest(p), (node.mode & 0o777) | 0o700);
    await rename(join(out, base), target);
    return { files, bytes, skipped };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
