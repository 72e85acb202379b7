/**
 * Random images for testing the layer browser: a seeded generator of layer
 * sequences (files added, rewritten and chmodded, files and directories
 * deleted, directories made opaque and filled again, hard links, symlinks,
 * paths changing between file, directory and symlink), each layer both as a
 * script for the OCI reference (oci-reference.ts) and as real tar entries,
 * and the whole image as a real `docker save` archive that `docker load`
 * accepts. Used by tests only.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';
import { mulberry32 } from '../util/rng.js';
import { referenceRead, type RefKind, type RefLayer, type RefWrite } from './oci-reference.js';

export { mulberry32 };

export interface TarItem {
  readonly name: string;
  readonly type: 'file' | 'directory' | 'symlink' | 'link';
  readonly size: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly linkname?: string;
  /** A file's bytes (else bytes derived from its name). */
  readonly body?: Buffer;
}

export interface GeneratedLayer extends RefLayer {
  /** The layer tar's entries in order (whiteouts and opaque markers as the empty files they are). */
  readonly items: readonly TarItem[];
  /** What the generator meant, one line per step, for a failure message. */
  readonly script: readonly string[];
}

export interface GeneratedImage {
  readonly seed: number;
  readonly layers: readonly GeneratedLayer[];
}

export interface GenerateOptions {
  /**
   * Only what dockerd itself writes and applies (overlay2): no path both
   * whited out and written again in one layer (dockerd makes the directory
   * opaque instead), no opaque root.
   */
  readonly dockerSafe?: boolean;
  readonly maxLayers?: number;
}

type Before = ReadonlyMap<string, { readonly kind: RefKind; readonly mode: number; readonly uid: number; readonly gid: number; readonly size: number }>;

const NAMES = ['a', 'b', 'c', 'd', 'etc', 'lib', 'x.conf', 'y.bin'];
const FILE_MODES = [0o644, 0o755, 0o600, 0o4755];
const DIR_MODES = [0o755, 0o700, 0o750];
const WH = '.wh.';
const OPQ = '.wh..wh..opq';

const atOrUnder = (root: string, p: string) => root === '' || p === root || p.startsWith(`${root}/`);
const ancestors = (p: string) =>
  p
    .split('/')
    .slice(0, -1)
    .map((_, i, parts) => parts.slice(0, i + 1).join('/'));
const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);
const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const baseOf = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Builds one layer against the image below it, keeping the steps from stepping on each other. */
class LayerMaker {
  readonly items: TarItem[] = [];
  readonly writes: RefWrite[] = [];
  readonly whiteouts: string[] = [];
  readonly opaque: string[] = [];
  readonly script: string[] = [];
  /** Subtrees a step deleted, emptied or replaced: no other step goes there. */
  private readonly claims: string[] = [];
  /** Paths written in this layer, with their kind. */
  private readonly touched = new Map<string, RefKind>();
  /** Directories this layer makes without an entry (a parent left out of the tar). */
  private readonly implicit = new Set<string>();

  constructor(
    readonly before: Before,
    private readonly r: () => number,
    private readonly opts: GenerateOptions,
  ) {}

  pick<T>(list: readonly T[]): T | undefined {
    return list.length ? list[Math.floor(this.r() * list.length)] : undefined;
  }

  chance(p: number): boolean {
    return this.r() < p;
  }

  /** Some step of this layer already took this path or a subtree around it. */
  blocked(p: string): boolean {
    if (this.touched.has(p) || this.implicit.has(p)) return true;
    if (this.claims.some((c) => atOrUnder(c, p))) return true;
    return ancestors(p).some((a) => (this.touched.get(a) ?? 'dir') !== 'dir');
  }

  /** Free to delete or replace: nothing of this layer is at or below it, nor claims around it. */
  claimable(p: string): boolean {
    if (this.blocked(p)) return false;
    const inside = (q: string) => q !== p && atOrUnder(p, q);
    return ![...this.touched.keys(), ...this.implicit, ...this.claims].some(inside);
  }

  claim(p: string): void {
    this.claims.push(p);
  }

  /** Existing paths of a kind a step may use. */
  existing(kinds: readonly RefKind[], test: (p: string) => boolean): string[] {
    return [...this.before].filter(([p, n]) => kinds.includes(n.kind) && test(p)).map(([p]) => p);
  }

  /** A path nothing has yet (its parents are existing directories or new ones). */
  freshPath(): string | undefined {
    const dirs = [
      '',
      ...this.existing(['dir'], (p) => !this.blocked(p)),
      ...[...this.touched].filter(([p, k]) => k === 'dir' && !this.blocked(`${p}/x`)).map(([p]) => p),
    ];
    for (let tries = 0; tries < 12; tries++) {
      let p = this.pick(dirs)!;
      const depth = this.chance(0.35) ? 1 + Math.floor(this.r() * 2) : 0;
      let ok = true;
      for (let i = 0; i <= depth && ok; i++) {
        p = join(p, this.pick(NAMES)!);
        ok = !this.before.has(p) && !this.blocked(p);
      }
      if (ok) return p;
    }
    return undefined;
  }

  /** Make sure the parents of p are directories: entries for some, left implicit for others. */
  parents(p: string, explicit = false): void {
    for (const a of ancestors(p)) {
      if (this.touched.has(a) || this.implicit.has(a)) continue;
      const was = this.before.get(a);
      if (was?.kind === 'dir') {
        if (this.chance(0.5)) this.write({ path: a, kind: 'dir', size: 0, mode: was.mode, uid: was.uid, gid: was.gid }, 'parent');
      } else if (!was && !explicit && this.chance(0.25)) {
        this.implicit.add(a);
        this.script.push(`  (parent ${a}/ left implicit)`);
      } else this.write({ path: a, kind: 'dir', size: 0, mode: this.pick(DIR_MODES)!, uid: 0, gid: 0 }, was ? `replaces a ${was.kind}` : 'parent');
    }
  }

  write(w: RefWrite, why = ''): void {
    this.touched.set(w.path, w.kind);
    this.writes.push(w);
    const type = w.kind === 'dir' ? 'directory' : w.kind === 'hardlink' ? 'link' : w.kind;
    this.items.push({
      name: w.kind === 'dir' ? `${w.path}/` : w.path,
      type,
      size: w.size,
      mode: w.mode,
      uid: w.uid,
      gid: w.gid,
      ...(w.link !== undefined ? { linkname: w.link } : {}),
    });
    const what = w.kind === 'file' ? `file ${w.size}B` : w.kind === 'dir' ? 'dir' : w.kind === 'symlink' ? `symlink -> ${w.link}` : `hardlink => ${w.link}`;
    this.script.push(`  + ${w.path} ${what} mode ${w.mode.toString(8)} ${w.uid}:${w.gid}${why ? ` (${why})` : ''}`);
  }

  whiteout(p: string): void {
    this.whiteouts.push(p);
    this.items.push({ name: join(dirOf(p), WH + baseOf(p)), type: 'file', size: 0, mode: 0o600, uid: 0, gid: 0 });
    this.script.push(`  - ${p} (whiteout)`);
  }

  markOpaque(dir: string): void {
    this.opaque.push(dir);
    this.items.push({ name: join(dir, OPQ), type: 'file', size: 0, mode: 0o600, uid: 0, gid: 0 });
    this.script.push(`  * ${dir || '/'} (opaque)`);
  }

  file(path: string, size = Math.floor(this.r() * 2048), mode = this.pick(FILE_MODES)!): RefWrite {
    return { path, kind: 'file', size, mode, uid: this.chance(0.8) ? 0 : 1000, gid: 0 };
  }

  symlink(path: string): RefWrite {
    return { path, kind: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, link: this.pick(['../a', '/etc/x.conf', 'b', '/nowhere', '.'])! };
  }

  dir(path: string, mode = this.pick(DIR_MODES)!): RefWrite {
    return { path, kind: 'dir', size: 0, mode, uid: 0, gid: 0 };
  }

  // The steps. Each returns false when the image below gives it nothing to work on.

  addFile(): boolean {
    const p = this.freshPath();
    if (!p) return false;
    this.script.push(`add ${p}`);
    this.parents(p);
    this.write(this.file(p));
    return true;
  }

  modifyFile(chmodOnly: boolean): boolean {
    const p = this.pick(this.existing(['file'], (q) => !this.blocked(q)));
    if (!p) return false;
    const was = this.before.get(p)!;
    this.script.push(`${chmodOnly ? 'chmod' : 'modify'} ${p}`);
    this.parents(p);
    // A chmod writes the whole file again, as docker's diff does.
    this.write(chmodOnly ? this.file(p, was.size, was.mode === 0o644 ? 0o755 : 0o644) : this.file(p));
    return true;
  }

  chmodDir(): boolean {
    const p = this.pick(this.existing(['dir'], (q) => !this.blocked(q)));
    if (!p) return false;
    const was = this.before.get(p)!;
    this.script.push(`chmod/chown dir ${p}`);
    this.parents(p);
    const same = this.chance(0.3);
    this.write(
      { ...this.dir(p, same ? was.mode : DIR_MODES.find((m) => m !== was.mode)!), uid: same && this.chance(0.5) ? 1000 : was.uid, gid: was.gid },
      same ? 'same mode' : '',
    );
    return true;
  }

  remove(kinds: readonly RefKind[]): boolean {
    const p = this.pick(this.existing(kinds, (q) => this.claimable(q)));
    if (!p) return false;
    this.claim(p);
    this.script.push(`delete ${p}`);
    if (this.chance(0.5)) this.parents(p);
    this.whiteout(p);
    return true;
  }

  /** A whiteout of a path nothing has: the spec says it hides nothing. */
  removeMissing(): boolean {
    const p = this.freshPath();
    if (!p || ancestors(p).some((a) => !this.before.has(a))) return false;
    this.claim(p);
    this.script.push(`delete missing ${p}`);
    this.whiteout(p);
    return true;
  }

  /** `rm -rf d && mkdir d && …`: d made opaque and filled again, reusing some old names for folders and files. */
  opaqueDir(): boolean {
    // The root too, now and then (spec-only: dockerd never writes one).
    const rootToo = !this.opts.dockerSafe && this.claimable('') && this.chance(0.1) ? [''] : [];
    const d = this.pick([...rootToo, ...this.existing(['dir'], (q) => this.claimable(q))]);
    if (d === undefined) return false;
    this.claim(d);
    this.script.push(`opaque ${d}`);
    this.parents(d);
    if (d !== '' && this.chance(0.8)) {
      const was = this.before.get(d)!;
      this.write(this.dir(d, this.chance(0.7) ? was.mode : this.pick(DIR_MODES)!));
    } else this.touched.set(d, 'dir');
    const markerFirst = this.chance(0.5);
    if (markerFirst) this.markOpaque(d);
    const old = [...this.before.keys()].filter((p) => dirOf(p) === d).map(baseOf);
    const count = Math.floor(this.r() * 4);
    for (let i = 0; i < count; i++) {
      const name = this.chance(0.6) && old.length ? this.pick(old)! : this.pick(NAMES)!;
      const p = join(d, name);
      if (this.touched.has(p) || this.implicit.has(p)) continue;
      if (this.chance(0.6)) {
        // A sub-folder again, with files (some under names it had before).
        const implicitDir = this.chance(0.2);
        const was = this.before.get(p);
        if (implicitDir) {
          this.implicit.add(p);
          this.script.push(`  (${p}/ left implicit)`);
        } else this.write(this.dir(p, was?.kind === 'dir' && this.chance(0.6) ? was.mode : this.pick(DIR_MODES)!));
        const olderKids = [...this.before.keys()].filter((q) => dirOf(q) === p).map(baseOf);
        const kids = 1 + Math.floor(this.r() * 3);
        for (let k = 0; k < kids; k++) {
          const kid = join(p, this.chance(0.5) && olderKids.length ? this.pick(olderKids)! : this.pick(NAMES)!);
          if (!this.touched.has(kid)) this.write(this.chance(0.8) ? this.file(kid) : this.symlink(kid));
        }
      } else this.write(this.chance(0.8) ? this.file(p) : this.symlink(p));
    }
    if (!markerFirst) this.markOpaque(d);
    return true;
  }

  /** A file and hard links to it, all in this layer (a link's data is its target's). */
  hardlinks(): boolean {
    const target = this.freshPath();
    if (!target) return false;
    this.script.push(`hard links to ${target}`);
    this.parents(target);
    this.write(this.file(target, 1 + Math.floor(this.r() * 2048)));
    const n = 1 + Math.floor(this.r() * 2);
    for (let i = 0; i < n; i++) {
      const p = this.freshPath();
      if (!p) break;
      this.parents(p);
      this.write({ path: p, kind: 'hardlink', size: 0, mode: 0o644, uid: 0, gid: 0, link: target });
    }
    return true;
  }

  addSymlink(): boolean {
    const p = this.freshPath();
    if (!p) return false;
    this.script.push(`symlink ${p}`);
    this.parents(p);
    this.write(this.symlink(p));
    return true;
  }

  /** A path turned from what it is into another kind (file, directory, symlink), with no whiteout, as docker writes it. */
  changeType(): boolean {
    const p = this.pick(this.existing(['file', 'dir', 'symlink', 'hardlink'], (q) => q !== '' && this.claimable(q)));
    if (!p) return false;
    const was = this.before.get(p)!;
    const to = this.pick((['file', 'dir', 'symlink'] as const).filter((k) => k !== was.kind))!;
    this.claim(p);
    this.script.push(`type change ${p}: ${was.kind} -> ${to}`);
    this.parents(p);
    if (to === 'file') this.write(this.file(p));
    else if (to === 'symlink') this.write(this.symlink(p));
    else {
      this.write(this.dir(p));
      if (this.chance(0.6)) this.write(this.file(join(p, this.pick(NAMES)!)));
    }
    return true;
  }

  /** A whiteout and a new entry for the same path in one layer: the whiteout only hides lower layers (spec-only). */
  removeAndWrite(): boolean {
    const p = this.pick(this.existing(['file', 'dir', 'symlink'], (q) => q !== '' && this.claimable(q)));
    if (!p) return false;
    this.claim(p);
    this.script.push(`delete and write again ${p}`);
    this.parents(p);
    const first = this.chance(0.5);
    if (first) this.whiteout(p);
    const kind = this.pick(['file', 'dir', 'symlink'] as const)!;
    this.write(kind === 'file' ? this.file(p) : kind === 'dir' ? this.dir(p) : this.symlink(p));
    if (kind === 'dir' && this.chance(0.5)) this.write(this.file(join(p, this.pick(NAMES)!)));
    if (!first) this.whiteout(p);
    return true;
  }
}

/** Pure: a random image from a seed (the same seed, the same image). */
export function generateImage(seed: number, opts: GenerateOptions = {}): GeneratedImage {
  const r = mulberry32(seed);
  const layers: GeneratedLayer[] = [];
  const count = 1 + Math.floor(r() * (opts.maxLayers ?? 7));
  let before: Before = new Map();
  for (let i = 0; i < count; i++) {
    const m = new LayerMaker(before, r, opts);
    const steps: Array<[number, () => boolean]> = [
      [5, () => m.addFile()],
      [2, () => m.modifyFile(false)],
      [1, () => m.modifyFile(true)],
      [1, () => m.chmodDir()],
      [2, () => m.remove(['file', 'symlink', 'hardlink'])],
      [2, () => m.remove(['dir'])],
      [0.5, () => m.removeMissing()],
      [3, () => m.opaqueDir()],
      [1.5, () => m.hardlinks()],
      [1.5, () => m.addSymlink()],
      [2, () => m.changeType()],
      [opts.dockerSafe ? 0 : 1, () => m.removeAndWrite()],
    ];
    const weight = steps.reduce((a, [w]) => a + w, 0);
    // The first layer builds a base; an empty layer now and then (metadata-only RUNs make them too).
    const n = i === 0 ? 6 + Math.floor(r() * 10) : r() < 0.05 ? 0 : 1 + Math.floor(r() * 5);
    for (let s = 0; s < n; s++) {
      let x = r() * weight;
      const step = steps.find(([w]) => (x -= w) < 0) ?? steps[0]!;
      step[1]();
    }
    const layer: GeneratedLayer = { items: m.items, writes: m.writes, whiteouts: m.whiteouts, opaque: m.opaque, script: m.script };
    layers.push(layer);
    before = referenceRead(layers).layers.at(-1)!.image;
  }
  return { seed, layers };
}

/** Pure: the image as a script to read in a failure message. */
export function describeImage(img: GeneratedImage): string {
  return img.layers.map((l, i) => [`layer ${i}:`, ...l.script].join('\n')).join('\n');
}

/** A real tar of these entries (file bodies are bytes derived from the name). */
export async function layerTar(items: readonly TarItem[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve) => p.on('end', () => resolve()));
  for (const it of items) {
    const header: Partial<Header> & { name: string } = {
      name: it.name,
      type: it.type,
      mode: it.mode,
      uid: it.uid,
      gid: it.gid,
      mtime: new Date(1_700_000_000_000),
      ...(it.linkname !== undefined ? { linkname: it.linkname } : {}),
    };
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error | null) => (err ? reject(err) : resolve());
      if (it.type === 'file') p.entry({ ...header, size: it.size }, it.body ?? Buffer.alloc(it.size, it.name.length % 256), done);
      else p.entry(header, done);
    });
  }
  p.finalize();
  await ended;
  return Buffer.concat(chunks);
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export interface SaveOptions {
  /** The OCI layout (index.json, blobs) instead of docker's manifest.json one. */
  readonly oci?: boolean;
  /** Which layers to store gzipped (by index). */
  readonly gzip?: (index: number) => boolean;
  readonly tag?: string;
}

/** A real `docker save` archive of the image: layer tars, a config with diff ids and history, the manifest. */
export async function saveArchive(img: GeneratedImage, opts: SaveOptions = {}): Promise<{ archive: Buffer; diffIds: string[] }> {
  const tars = await Promise.all(img.layers.map((l) => layerTar(l.items)));
  const diffIds = tars.map((t) => `sha256:${sha256(t)}`);
  const r = mulberry32(img.seed ^ 0x5eed);
  const history: Array<Record<string, unknown>> = [];
  img.layers.forEach((l, i) => {
    if (r() < 0.3) history.push({ created: '2024-01-01T00:00:00Z', created_by: `/bin/sh -c #(nop)  ENV STEP=${i}`, empty_layer: true });
    history.push({
      created: '2024-01-01T00:00:00Z',
      created_by: `/bin/sh -c generated layer ${i} (${l.script.filter((s) => !s.startsWith(' ')).length} steps)`,
    });
  });
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/bin'] }, rootfs: { type: 'layers', diff_ids: diffIds }, history });
  const stored = tars.map((t, i) => (opts.gzip?.(i) ? gzipSync(t) : t));
  const items: Array<{ name: string; body?: Buffer }> = [];
  if (opts.oci) {
    const blob = (b: Buffer) => ({ digest: `sha256:${sha256(b)}`, size: b.length });
    const cfg = Buffer.from(config);
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, config: blob(cfg), layers: stored.map(blob) }));
    items.push({ name: 'oci-layout', body: Buffer.from('{"imageLayoutVersion":"1.0.0"}') }, { name: 'blobs/' }, { name: 'blobs/sha256/' });
    // A layer repeated in the image is one blob.
    for (const b of new Map([...stored, cfg, manifest].map((x) => [sha256(x), x])).values()) items.push({ name: `blobs/sha256/${sha256(b)}`, body: b });
    items.push({ name: 'index.json', body: Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [blob(manifest)] })) });
  } else {
    const names = stored.map((t, i) => `${String(i).padStart(3, '0')}${sha256(t).slice(0, 20)}`);
    stored.forEach((t, i) => items.push({ name: `${names[i]}/` }, { name: `${names[i]}/layer.tar`, body: t }));
    const configName = `${sha256(config)}.json`;
    items.push({ name: configName, body: Buffer.from(config) });
    items.push({
      name: 'manifest.json',
      body: Buffer.from(JSON.stringify([{ Config: configName, RepoTags: opts.tag ? [opts.tag] : null, Layers: names.map((n) => `${n}/layer.tar`) }])),
    });
  }
  const entries = items.map((it): TarItem =>
    it.body
      ? { name: it.name, type: 'file', size: it.body.length, mode: 0o644, uid: 0, gid: 0, body: it.body }
      : { name: it.name, type: 'directory', size: 0, mode: 0o755, uid: 0, gid: 0 },
  );
  return { archive: await layerTar(entries), diffIds };
}
