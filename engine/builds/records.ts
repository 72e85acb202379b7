/**
 * Build records under the Berth home: one JSON file per build (0600, written
 * to a temporary name and renamed), with its settings, Dockerfile text,
 * context file hashes, steps with their times and cache hits, logs (capped),
 * and result. They survive restarts; a file that cannot be read is skipped.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildStep } from './build-model.js';
import { writeFileAtomic } from '../util/fs.js';

export interface BuildSettings {
  readonly context: string;
  readonly dockerfile: string;
  readonly tags: readonly string[];
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly noCache: boolean;
  readonly pull: boolean;
  /** The builder asked for, when not "auto" (records before it was a setting have none). */
  readonly builder?: 'buildkit' | 'classic';
  /** The engine of the Engines list it was built on, by name; none for Berth's own engine. */
  readonly engine?: string;
}

export type BuildResult =
  | { readonly kind: 'done'; readonly imageId: string }
  | { readonly kind: 'failed'; readonly message: string; readonly line?: number }
  | { readonly kind: 'cancelled' };

export interface BuildRecord {
  readonly id: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly settings: BuildSettings;
  readonly dockerfileText: string;
  readonly contextHashes: Readonly<Record<string, string>>;
  readonly steps: readonly BuildStep[];
  /** Log text by step digest, each capped at LOG_CAP (the end kept). */
  readonly logs: Readonly<Record<string, string>>;
  readonly result: BuildResult;
  /** The image each tag named when the build started (tags that named none are left out; records before this was kept have none). */
  readonly previousImages?: Readonly<Record<string, string>>;
}

/** Most log characters kept per step in a record. */
export const LOG_CAP = 64 * 1024;

const ID = /^[0-9a-f-]{36}$/;

export class BuildRecords {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly dir: string) {}

  /** Listen to each record being saved (a build finished); returns the unsubscribe function. */
  onSaved(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async save(record: BuildRecord): Promise<void> {
    if (!ID.test(record.id)) throw new Error(`Not a build id: ${record.id}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, `${record.id}.json`);
    const logs: Record<string, string> = {};
    for (const [d, t] of Object.entries(record.logs)) logs[d] = t.length > LOG_CAP ? t.slice(-LOG_CAP) : t;
    await writeFileAtomic(file, JSON.stringify({ ...record, logs }), 0o600);
    for (const l of this.listeners) l();
  }

  /** Every record, newest first. */
  async list(): Promise<BuildRecord[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: BuildRecord[] = [];
    for (const n of names) {
      if (!n.endsWith('.json')) continue;
      const r = await this.get(n.slice(0, -5));
      if (r) out.push(r);
    }
    return out.sort((a, b) => b.startedAt - a.startedAt);
  }

  async get(id: string): Promise<BuildRecord | undefined> {
    if (!ID.test(id)) return undefined;
    try {
      return JSON.parse(await readFile(join(this.dir, `${id}.json`), 'utf8')) as BuildRecord;
    } catch {
      return undefined;
    }
  }

  async remove(id: string): Promise<boolean> {
    if (!ID.test(id)) return false;
    const file = join(this.dir, `${id}.json`);
    const had = (await this.get(id)) !== undefined;
    await rm(file, { force: true });
    return had;
  }

  /** The newest record of the same Dockerfile and context before `startedAt` (what a rebuild is compared with). */
  async previous(settings: Pick<BuildSettings, 'context' | 'dockerfile' | 'engine'>, startedAt: number): Promise<BuildRecord | undefined> {
    // The same Dockerfile and context on the same engine: another engine has a build cache of its own.
    return (await this.list()).find(
      (r) =>
        r.startedAt < startedAt &&
        r.settings.context === settings.context &&
        r.settings.dockerfile === settings.dockerfile &&
        r.settings.engine === settings.engine,
    );
  }
}
