/**
 * Layer indexes on disk, one gzipped file per diff id under the Berth home,
 * so an image's layers are read from the engine at most once, across restarts
 * too. Written to a temporary name and renamed, so a crash never leaves a
 * half-written index; anything unreadable is ignored (and read again).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzip, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../util/fs.js';
import type { LayerStep } from './contract.js';
import type { EntryKind, LayerChanges, LayerEntry } from './layer-changes.js';

const zip = promisify(gzip);
const unzip = promisify(gunzip);
/** 2: file rows carry a content hash (older indexes are read again). */
const VERSION = 2;

type Row = [path: string, kind: EntryKind, size: number, mode: number, uid: number, gid: number, mtime: number, link?: string | null, hash?: string];

/** Pure: a layer's changes as compact JSON text (paths keep their bytes: latin1 strings survive JSON). */
export function encodeChanges(c: LayerChanges): string {
  const rows: Row[] = c.entries.map((e) => {
    const row: Row = [e.path, e.kind, e.size, e.mode, e.uid, e.gid, e.mtime];
    if (e.hash !== undefined) row.push(e.link ?? null, e.hash);
    else if (e.link !== undefined) row.push(e.link);
    return row;
  });
  return JSON.stringify({ v: VERSION, bytes: c.bytes, whiteouts: c.whiteouts, opaque: c.opaque, rows });
}

/** Pure: the changes back from `encodeChanges`, or undefined when the text is not that. */
export function decodeChanges(text: string): LayerChanges | undefined {
  try {
    const d = JSON.parse(text) as { v: number; bytes: number; whiteouts: string[]; opaque: string[]; rows: Row[] };
    if (d.v !== VERSION || !Array.isArray(d.rows)) return undefined;
    const entries: LayerEntry[] = d.rows.map(([path, kind, size, mode, uid, gid, mtime, link, hash]) => ({
      path,
      kind,
      size,
      mode,
      uid,
      gid,
      mtime,
      ...(link !== undefined && link !== null ? { link } : {}),
      ...(hash !== undefined ? { hash } : {}),
    }));
    return { entries, whiteouts: d.whiteouts, opaque: d.opaque, bytes: d.bytes };
  } catch {
    return undefined;
  }
}

export class LayerDiskCache {
  constructor(private readonly dir: string) {}

  /** The file for a digest (a layer's diff id, or an image id), or undefined for anything that is not one. */
  private file(digest: string, suffix = '.json.gz'): string | undefined {
    const m = /^sha256:([0-9a-f]{64})$/.exec(digest);
    return m ? join(this.dir, `${m[1]}${suffix}`) : undefined;
  }

  async get(diffId: string): Promise<LayerChanges | undefined> {
    const file = this.file(diffId);
    if (!file) return undefined;
    try {
      return decodeChanges((await unzip(await readFile(file))).toString('latin1'));
    } catch {
      return undefined;
    }
  }

  async put(diffId: string, changes: LayerChanges): Promise<void> {
    const file = this.file(diffId);
    if (file) await this.write(file, Buffer.from(encodeChanges(changes), 'latin1'));
  }

  /** An image's steps (from its config: they say exactly which steps made no layer), by image id. */
  async getSteps(imageId: string): Promise<LayerStep[] | undefined> {
    const file = this.file(imageId, '.steps.json.gz');
    if (!file) return undefined;
    try {
      const steps = JSON.parse((await unzip(await readFile(file))).toString('utf8')) as unknown;
      return Array.isArray(steps) ? (steps as LayerStep[]) : undefined;
    } catch {
      return undefined;
    }
  }

  async putSteps(imageId: string, steps: readonly LayerStep[]): Promise<void> {
    const file = this.file(imageId, '.steps.json.gz');
    if (file) await this.write(file, Buffer.from(JSON.stringify(steps), 'utf8'));
  }

  private async write(file: string, data: Buffer): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, await zip(data), 0o600);
    } catch {
      // A cache that cannot be written costs a re-read later, nothing else.
    }
  }
}
