/**
 * A deliberately simple reading of an image's layers, straight from the OCI
 * image-spec's rules, for tests to hold the layer browser against: the image
 * is a Map of every path to what is there, each layer applied to a copy of it
 * (opaque directories and whiteouts hide what lower layers put there, then the
 * layer's entries are written, their missing parents made as plain
 * directories), and what the layer did is the difference of the two maps. No
 * trees, no incremental bookkeeping: slow, and obviously right.
 */

export type RefKind = 'file' | 'dir' | 'symlink' | 'hardlink';

/** One entry of a layer tar, as written. */
export interface RefWrite {
  readonly path: string;
  readonly kind: RefKind;
  /** File bytes (files only). */
  readonly size: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Symlink text, or the path a hard link names. */
  readonly link?: string;
}

export interface RefLayer {
  readonly writes: readonly RefWrite[];
  /** Paths deleted by `.wh.<name>` files. */
  readonly whiteouts: readonly string[];
  /** Directories marked `.wh..wh..opq`. */
  readonly opaque: readonly string[];
}

interface Node {
  readonly kind: RefKind;
  readonly size: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly link?: string;
  /** Which stored copy of file data this path reads ("layer:path"), for files and hard links. */
  readonly data?: string;
}

export interface RefLayerResult {
  readonly added: ReadonlySet<string>;
  readonly modified: ReadonlySet<string>;
  readonly removed: ReadonlySet<string>;
  /** Bytes of file data in the layer tar. */
  readonly bytes: number;
  /** The image as of this layer. */
  readonly image: ReadonlyMap<string, Node>;
}

export interface RefResult {
  readonly layers: readonly RefLayerResult[];
  readonly total: number;
  readonly wasted: number;
  /** Wasted bytes by path (only paths with some). */
  readonly wasteByPath: ReadonlyMap<string, number>;
}

const IMPLICIT_DIR = { kind: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0 } as const;

/** A path and everything below it ('' is the root: everything). */
const atOrUnder = (root: string, p: string) => root === '' || p === root || p.startsWith(`${root}/`);

function removeTree(image: Map<string, Node>, root: string): void {
  for (const p of [...image.keys()]) if (atOrUnder(root, p)) image.delete(p);
}

/** Apply the spec's rules for one layer to a copy of the image below it. */
function applyLayer(below: ReadonlyMap<string, Node>, layer: RefLayer, index: number): Map<string, Node> {
  const image = new Map(below);
  // Opaque: the directory stays, what lower layers put below it goes.
  for (const dir of layer.opaque) for (const p of [...image.keys()]) if (p !== dir && atOrUnder(dir, p)) image.delete(p);
  // Whiteouts delete the path and everything below it, from lower layers only (so before this layer's writes).
  for (const p of layer.whiteouts) removeTree(image, p);
  for (const w of layer.writes) {
    const parts = w.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (image.get(parent)?.kind === 'dir') continue;
      removeTree(image, parent);
      image.set(parent, IMPLICIT_DIR);
    }
    const old = image.get(w.path);
    const meta = { mode: w.mode, uid: w.uid, gid: w.gid };
    if (w.kind === 'dir' && old?.kind === 'dir') {
      // A directory written over a directory keeps what is in it; a new object, so "was it written" is visible.
      image.set(w.path, { ...old, ...meta });
      continue;
    }
    removeTree(image, w.path);
    if (w.kind === 'file') image.set(w.path, { kind: 'file', size: w.size, ...meta, data: `${index}:${w.path}` });
    else if (w.kind === 'hardlink') {
      const target = image.get(w.link!);
      image.set(w.path, { kind: 'hardlink', size: target?.size ?? 0, ...meta, link: w.link, ...(target?.data ? { data: target.data } : {}) });
    } else image.set(w.path, { kind: w.kind, size: 0, ...meta, ...(w.link !== undefined ? { link: w.link } : {}) });
  }
  return image;
}

/**
 * Pure: every layer's added, modified and removed paths (a directory written
 * with the same mode and owner as before is not a change), its bytes, and the
 * image's waste: bytes stored in some layer that no path of the final image
 * reads any more (through its own name or a hard link to it).
 */
export function referenceRead(layers: readonly RefLayer[]): RefResult {
  let image: ReadonlyMap<string, Node> = new Map();
  const results: RefLayerResult[] = [];
  const copies: Array<{ data: string; path: string; size: number }> = [];
  layers.forEach((layer, index) => {
    const after = applyLayer(image, layer, index);
    const added = new Set([...after.keys()].filter((p) => !image.has(p)));
    const removed = new Set([...image.keys()].filter((p) => !after.has(p)));
    const modified = new Set(
      [...after.keys()].filter((p) => {
        const was = image.get(p);
        const now = after.get(p)!;
        if (!was || was === now) return false;
        return !(was.kind === 'dir' && now.kind === 'dir' && was.mode === now.mode && was.uid === now.uid && was.gid === now.gid);
      }),
    );
    let bytes = 0;
    for (const w of layer.writes) {
      if (w.kind !== 'file') continue;
      bytes += w.size;
      if (w.size > 0) copies.push({ data: `${index}:${w.path}`, path: w.path, size: w.size });
    }
    results.push({ added, modified, removed, bytes, image: after });
    image = after;
  });
  const live = new Set([...image.values()].flatMap((n) => (n.data ? [n.data] : [])));
  const wasteByPath = new Map<string, number>();
  for (const c of copies) if (!live.has(c.data)) wasteByPath.set(c.path, (wasteByPath.get(c.path) ?? 0) + c.size);
  const total = results.reduce((a, r) => a + r.bytes, 0);
  const wasted = [...wasteByPath.values()].reduce((a, b) => a + b, 0);
  return { layers: results, total, wasted, wasteByPath };
}
