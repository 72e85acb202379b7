/**
 * Layer indexes on disk under the Berth home, so an image's layers are read
 * from the engine at most once, across restarts too: one binary index per
 * diff id (index-codec.ts), and per image its steps, its summary and each
 * layer's change tree (change-tree-codec.ts), so that reopening an image after
 * a restart answers from one small file, and its first tree from another, while
 * the layers are read in the background. Written to a temporary name and renamed,
 * so a crash never leaves a half-written file; anything unreadable, of another
 * version or damaged is ignored (and indexed again).
 */
import { access, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzip, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../util/fs.js';
import type { LayerStep, LayerSummary } from './contract.js';
import { decodeChangeTree, encodeChangeTree } from './change-tree-codec.js';
import type { TreeNode } from './image-tree.js';
import { decodeChanges, encodeChanges } from './index-codec.js';
import type { LayerChanges } from './layer-changes.js';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

/** A layer's index (every version of the binary format has this name; its header says which it is). */
const INDEX = '.lix';
/** The gzipped JSON indexes of earlier versions: removed when their layer is indexed again. */
const OLD_INDEX = '.json.gz';
const SUMMARY = '.summary.json';
const changeTreeSuffix = (layer: number) => `.L${layer}.changes.gz`;
/**
 * The summary's version: raise it whenever the summary's shape or the analysis behind it changes, so a
 * summary written by an older Berth is computed again rather than shown.
 */
export const SUMMARY_VERSION = 1;

export class LayerDiskCache {
  constructor(private readonly dir: string) {}

  /** The file for a digest (a layer's diff id, or an image id), or undefined for anything that is not one. */
  private file(digest: string, suffix: string): string | undefined {
    const m = /^sha256:([0-9a-f]{64})$/.exec(digest);
    return m ? join(this.dir, `${m[1]}${suffix}`) : undefined;
  }

  async get(diffId: string): Promise<LayerChanges | undefined> {
    return this.read(this.file(diffId, INDEX), decodeChanges);
  }

  async put(diffId: string, changes: LayerChanges): Promise<void> {
    const file = this.file(diffId, INDEX);
    if (!file) return;
    await this.write(file, encodeChanges(changes));
    await rm(this.file(diffId, OLD_INDEX)!, { force: true }).catch(() => undefined);
  }

  /** An image's summary as it was last computed, by image id; undefined when there is none of this version. */
  async getSummary(imageId: string): Promise<LayerSummary | undefined> {
    const file = this.file(imageId, SUMMARY);
    if (!file) return undefined;
    try {
      const d = JSON.parse(await readFile(file, 'utf8')) as { v?: unknown; summary?: LayerSummary };
      return d.v === SUMMARY_VERSION && d.summary?.id === imageId && Array.isArray(d.summary.layers) ? d.summary : undefined;
    } catch {
      return undefined;
    }
  }

  async putSummary(summary: LayerSummary): Promise<void> {
    const file = this.file(summary.id, SUMMARY);
    if (file) await this.write(file, JSON.stringify({ v: SUMMARY_VERSION, summary }));
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
    if (file) await this.write(file, await zip(Buffer.from(JSON.stringify(steps), 'utf8')));
  }

  /** Layer `layer`'s change tree of an image, as it was computed when the image was indexed; undefined when there is none. */
  async getChangeTree(imageId: string, layer: number): Promise<TreeNode | undefined> {
    return this.read(this.file(imageId, changeTreeSuffix(layer)), decodeChangeTree);
  }

  /** Whether an image has layer `layer`'s change tree on disk (written last of all its layers', so all of them are there). */
  async hasChangeTree(imageId: string, layer: number): Promise<boolean> {
    const file = this.file(imageId, changeTreeSuffix(layer));
    return (
      !!file &&
      (await access(file).then(
        () => true,
        () => false,
      ))
    );
  }

  async putChangeTree(imageId: string, layer: number, tree: TreeNode): Promise<void> {
    const file = this.file(imageId, changeTreeSuffix(layer));
    if (file) await this.write(file, encodeChangeTree(tree));
  }

  /** A file's contents decoded; undefined when it is missing or unreadable. */
  private async read<T>(file: string | undefined, decode: (bytes: Buffer) => T | undefined): Promise<T | undefined> {
    if (!file) return undefined;
    try {
      return decode(await readFile(file));
    } catch {
      return undefined;
    }
  }

  private async write(file: string, data: string | Uint8Array): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, data, 0o600);
    } catch {
      // A cache that cannot be written costs a re-read later, nothing else.
    }
  }
}
