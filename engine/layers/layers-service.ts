/**
 * The layer browser's backend: an image's layers indexed from one
 * `docker save` stream, kept by diff id (so an image is read at most once and
 * a second image sharing layers needs only its own), then its trees, waste
 * and searches answered from the index.
 */
import type Docker from 'dockerode';
import {
  PREVIEW_BYTES,
  WASTE_LIST,
  type FilePreview,
  type LayerComparison,
  type LayerIndexEvent,
  type LayerStep,
  type LayerSummary,
  type LayerTreeEntry,
  type WasteFlag,
  type WasteFlagKind,
} from './contract.js';
import { analyse, changeTree, changeTrees, lookup, stack, type Analysis, type TreeNode } from './image-tree.js';
import { displayPath, type LayerChanges } from './layer-changes.js';
import { ArchiveFormatError, indexSaveStream, type ConfigHistoryStep } from './save-index.js';
import type { LayerDiskCache } from './layer-cache.js';
import { extractFromLayers, readLayerFile } from './layer-files.js';
import type { ArchiveProgress } from '../contract/dto.js';
import { resolveHostPath } from '../util/archive-paths.js';
import { lstat, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type Supervisor, engineError } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import type { BodySink, TarHeader } from '../util/tar-reader.js';

type Sink = StreamSink<LayerIndexEvent>;
import { toInstruction } from '../images/index.js';

interface Indexed {
  readonly id: string;
  readonly diffIds: readonly string[];
  /** The layers' changes; absent while an image reopened from its summary on disk still reads them. */
  layers?: readonly LayerChanges[];
  /** Reading the layers in the background (an image reopened from its summary on disk). */
  loading?: Promise<readonly LayerChanges[]>;
  readonly steps: readonly LayerStep[];
  readonly summary: LayerSummary;
  /** The last trees built, by view and layer. */
  readonly trees: Map<string, TreeNode>;
}

/** An indexed image whose layers are read. */
type Ready = Indexed & { readonly layers: readonly LayerChanges[] };

/** Trees kept per image (each is as big as the image's paths). */
const TREES_KEPT = 4;

const FLAGS: ReadonlyArray<{ kind: WasteFlagKind; title: string; fix: string; test: RegExp }> = [
  {
    kind: 'package-cache',
    title: 'Package manager caches',
    fix: 'Clean the cache in the same RUN that fills it (apt-get install … && rm -rf /var/lib/apt/lists/*, apk add --no-cache, pip --no-cache-dir), or use a cache mount (RUN --mount=type=cache,…).',
    test: /^(var\/cache\/(apt|apk|yum|dnf)|var\/lib\/apt\/lists|root\/\.cache\/(pip|yarn|go-build)|root\/\.npm|usr\/local\/share\/\.cache\/yarn|root\/\.cargo\/registry|root\/\.m2\/repository|home\/[^/]+\/\.(cache|npm))(\/|$)/,
  },
  { kind: 'git', title: 'Git history (.git)', fix: 'Add .git to .dockerignore, or copy only the files the image needs.', test: /(^|\/)\.git(\/|$)/ },
  {
    kind: 'toolchain',
    title: 'Build toolchains in the final image',
    fix: 'Build in one stage and copy only the results into a slim final stage (a multi-stage build).',
    test: /^(usr\/lib\/gcc|usr\/libexec\/gcc|usr\/local\/go|usr\/lib\/go-[\d.]+|root\/\.rustup|usr\/lib\/jvm\/[^/]*jdk[^/]*)(\/|$)|^usr\/bin\/(gcc|g\+\+|cc|c\+\+|make|cmake|clang)(-[\d.]+)?$/,
  },
];

/** A reader of the layer tars of an archive the layer service reads anyway: one per archive read. */
export interface ArchiveReader {
  /** The handler of one layer's entries (it may take an entry's body). */
  forLayer(archivePath: string): (h: TarHeader) => BodySink | undefined;
  /** The archive is read: which layer was where. */
  done(layers: ReadonlyArray<{ readonly diffId: string; readonly archivePath: string }>): void;
}

/** How long after a reopened image's summary its layers start being read (its first tree is answered from disk meanwhile). */
const LAYERS_AFTER_SUMMARY_MS = 300;

export class LayerService {
  private readonly readers: Array<() => ArchiveReader> = [];
  /** Layer changes by diff id, for every image indexed while the backend runs. */
  private readonly byDiffId = new Map<string, LayerChanges>();
  private readonly images = new Map<string, Indexed>();
  /** Images whose change trees are being written to disk. */
  private readonly keeping = new Set<string>();
  /** Indexing in progress, by image id, shared by everyone who asked. */
  private readonly running = new Map<
    string,
    { promise: Promise<void>; abort: AbortController; waiters: number; progress: { bytes: number; total: number; steps: LayerStep[] } }
  >();

  constructor(
    private readonly supervisor: Supervisor,
    private readonly disk?: LayerDiskCache,
    private readonly home = homedir(),
  ) {}

  /** Index an image (or find it indexed) and send its summary; progress while the engine's archive streams in. */
  async index(ref: string, sink: Sink): Promise<void> {
    const docker = this.supervisor.docker();
    const info = await inspect(docker, ref);
    const known = this.images.get(info.Id);
    if (known) return void sink.emit(event(known.summary, true));
    const diffIds = info.RootFS?.Layers ?? [];
    // Reopened after a restart: the summary is all the first view needs, and its first tree comes from a change tree on
    // disk; the layers are read a moment later (so that tree goes first), for the other views.
    const saved = await this.disk?.getSummary(info.Id);
    if (saved && saved.layers.length === diffIds.length && saved.layers.every((l, i) => l.diffId === diffIds[i])) {
      const image: Indexed = { id: info.Id, diffIds, steps: saved.steps, summary: saved, trees: new Map() };
      this.images.set(info.Id, image);
      sink.emit(event(saved, true));
      setTimeout(() => void this.layersFor(image).catch(() => undefined), LAYERS_AFTER_SUMMARY_MS).unref();
      return;
    }
    await this.fromDisk(diffIds);
    if (diffIds.every((d) => this.byDiffId.has(d))) {
      const steps = (await this.disk?.getSteps(info.Id)) ?? (await engineHistory(docker, info.Id, diffIds.length)).steps;
      return void sink.emit(event(this.remember(info.Id, diffIds, steps).summary, true));
    }
    const current = this.job(info.Id, info.Size);
    current.waiters++;
    const tick = setInterval(
      () => sink.emit({ t: 'progress', bytes: current.progress.bytes, total: Math.max(current.progress.total, current.progress.bytes) }),
      100,
    );
    const leave = () => {
      if (--current.waiters === 0) current.abort.abort(new Error('cancelled'));
    };
    sink.signal.addEventListener('abort', leave, { once: true });
    try {
      sink.emit({ t: 'progress', bytes: 0, total: current.progress.total });
      await current.promise;
    } catch (err) {
      if (sink.signal.aborted) return;
      if (err instanceof ArchiveFormatError) throw new RpcError('engine', err.message);
      throw engineError(err);
    } finally {
      clearInterval(tick);
      sink.signal.removeEventListener('abort', leave);
    }
    if (sink.signal.aborted) return;
    current.waiters--;
    void this.disk?.putSteps(info.Id, current.progress.steps);
    sink.emit(event(this.remember(info.Id, diffIds, current.progress.steps).summary, false));
  }

  /** The archive read of an image, started unless it is running already (shared by everyone who waits for it). */
  private job(id: string, total: number) {
    let job = this.running.get(id);
    if (!job) {
      const abort = new AbortController();
      const progress = { bytes: 0, total, steps: [] as LayerStep[] };
      const promise = this.readArchive(id, progress, abort.signal).finally(() => this.running.delete(id));
      job = { promise, abort, waiters: 0, progress };
      this.running.set(id, job);
    }
    return job;
  }

  /** An image's layers: at hand, or read from the disk cache (from the engine when an index file is gone). */
  private layersFor(image: Indexed): Promise<readonly LayerChanges[]> {
    if (image.layers) return Promise.resolve(image.layers);
    image.loading ??= (async () => {
      await this.fromDisk(image.diffIds);
      if (!image.diffIds.every((d) => this.byDiffId.has(d))) await this.job(image.id, 0).promise;
      image.layers = image.diffIds.map((d) => this.byDiffId.get(d)!);
      this.keepChangeTrees(image as Ready);
      return image.layers;
    })().catch((err: unknown) => {
      image.loading = undefined; // the next view asks again
      throw err instanceof ArchiveFormatError ? new RpcError('engine', err.message) : err instanceof RpcError ? err : engineError(err);
    });
    return image.loading;
  }

  /** One directory of a layer's changes, or of the image as of that layer. */
  async tree(input: { ref: string; layer: number; view: 'changes' | 'image'; path: string }): Promise<LayerTreeEntry[]> {
    const root = await this.viewTree(input.ref, input.layer, input.view);
    const node = lookup(root, input.path);
    if (!node) throw new RpcError('not_found', `There is no ${displayPath(input.path) || '/'} in this view.`);
    if (node.kind !== 'dir') throw new RpcError('bad_request', `${displayPath(input.path)} is not a directory.`);
    return [...(node.children?.values() ?? [])].map((c) => entryOf(c, input.path ? `${input.path}/${c.name}` : c.name));
  }

  /** Paths matching a substring or a glob, in one view of one layer. */
  async search(input: {
    ref: string;
    layer: number;
    view: 'changes' | 'image';
    query: string;
    limit: number;
  }): Promise<{ matches: LayerTreeEntry[]; more: boolean }> {
    const root = this.treeOf(await this.indexed(input.ref), input.layer, input.view);
    const test = matcher(input.query);
    const matches: LayerTreeEntry[] = [];
    let more = false;
    const visit = (node: TreeNode, path: string): boolean => {
      for (const child of node.children?.values() ?? []) {
        const p = path ? `${path}/${child.name}` : child.name;
        if (test(displayPath(p))) {
          if (matches.length >= input.limit) return (more = true);
          matches.push(entryOf(child, p));
        }
        if (child.children && visit(child, p)) return true;
      }
      return false;
    };
    visit(root, '');
    return { matches, more };
  }

  /** The start of a file, from the layer that wrote it. */
  async preview(input: { ref: string; layer: number; view: 'changes' | 'image'; path: string }): Promise<FilePreview> {
    const image = await this.indexed(input.ref);
    const root = this.treeOf(image, input.layer, input.view);
    let node = lookup(root, input.path);
    if (!node) throw new RpcError('not_found', `There is no /${displayPath(input.path)} in this view.`);
    if (node.status === 'removed')
      throw new RpcError('conflict', `/${displayPath(input.path)} is removed by this layer: open the layer that wrote it (L${node.layer}) to see it.`);
    let path = input.path;
    if (node.kind === 'hardlink' && node.link) {
      path = node.link;
      node = lookup(this.treeOf(image, input.layer, 'image'), path) ?? node;
    }
    if (node.kind !== 'file')
      throw new RpcError('bad_request', `/${displayPath(input.path)} is a ${node.kind === 'dir' ? 'directory' : node.kind}, not a file.`);
    const stream = await this.saveStream(image.id);
    const bytes = await readLayerFile(stream, image.diffIds[node.layer]!, path, PREVIEW_BYTES, () => undefined).catch((err: unknown) => {
      throw err instanceof ArchiveFormatError ? new RpcError('engine', err.message) : engineError(err);
    });
    if (!bytes) throw new RpcError('not_found', `Layer ${node.layer} does not hold /${displayPath(path)}.`);
    return previewOf(bytes, node.size);
  }

  /** Write a file or directory, as the image has it at a layer, into a host folder. */
  async extract(input: { ref: string; layer: number; path: string; folder: string }, sink: StreamSink<ArchiveProgress>): Promise<void> {
    const image = await this.indexed(input.ref);
    const tree = this.treeOf(image, input.layer, 'image');
    const node = lookup(tree, input.path);
    if (!node) throw new RpcError('not_found', `There is no /${displayPath(input.path)} in the image as of layer ${input.layer}.`);
    const folder = resolveHostPath(input.folder, this.home);
    const folderStat = await stat(folder).catch(() => undefined);
    if (!folderStat?.isDirectory()) throw new RpcError('bad_request', `There is no folder ${folder}.`);
    const base = input.path ? displayPath(input.path.slice(input.path.lastIndexOf('/') + 1)) : `${image.id.slice(7, 19)}-rootfs`;
    const target = join(folder, base);
    if (
      await lstat(target).then(
        () => true,
        () => false,
      )
    )
      throw new RpcError('conflict', `${target} already exists: choose another folder, or move it away first.`);
    const total = node.kind === 'dir' ? (node.total ?? 0) : node.size;
    const progress = (bytes: number, message: string, done = false): ArchiveProgress => ({
      bytes,
      total,
      estimated: true,
      fraction: done ? 1 : 0,
      done,
      message,
      images: [],
    });
    sink.emit(progress(0, `Reading the image to take /${displayPath(input.path)} out…`));
    const stream = await this.saveStream(image.id, sink.signal);
    let last = 0;
    try {
      const result = await extractFromLayers(
        stream,
        tree,
        image.diffIds,
        input.path,
        target,
        (n) => {
          if (Date.now() - last > 100) {
            last = Date.now();
            sink.emit({ ...progress(n, 'Reading the image archive…'), total: 0 });
          }
        },
        sink.signal,
      );
      if (sink.signal.aborted) return;
      const left = result.skipped.length ? ` Left out: ${result.skipped.length} (devices, or links pointing outside it).` : '';
      sink.emit(
        progress(
          result.bytes,
          `Saved /${displayPath(input.path)} to ${target}: ${result.files} file${result.files === 1 ? '' : 's'}, ${result.bytes} bytes.${left}`,
          true,
        ),
      );
    } catch (err) {
      if (sink.signal.aborted) return;
      if (err instanceof ArchiveFormatError) throw new RpcError('engine', err.message);
      if ((err as NodeJS.ErrnoException).code) throw new RpcError('bad_request', `Could not write ${target}: ${(err as Error).message}.`);
      throw engineError(err);
    }
  }

  /** The engine's `docker save` stream of one image; a cancel stops it. */
  private async saveStream(id: string, signal?: AbortSignal): Promise<AsyncIterable<Buffer>> {
    const stream = (await this.supervisor.docker().getImage(id).get()) as unknown as NodeJS.ReadableStream & { destroy(): void };
    signal?.addEventListener('abort', () => stream.destroy(), { once: true });
    return stream as AsyncIterable<Buffer>;
  }

  /** Two images layer by layer, from the engine's metadata. */
  async compare(refA: string, refB: string): Promise<LayerComparison> {
    const docker = this.supervisor.docker();
    const side = async (ref: string) => {
      const info = await inspect(docker, ref);
      const diffIds = info.RootFS?.Layers ?? [];
      const history = await engineHistory(docker, info.Id, diffIds.length);
      const steps = this.images.get(info.Id)?.steps ?? (await this.disk?.getSteps(info.Id)) ?? history.steps;
      const sizes = history.sizes;
      const instructions = steps.filter((s) => s.layer !== undefined).map((s) => s.instruction);
      return { ref, id: info.Id, layers: diffIds.map((diffId, i) => ({ diffId, instruction: instructions[i] ?? '', size: sizes[i] ?? 0 })) };
    };
    const [a, b] = await Promise.all([side(refA), side(refB)]);
    return compareLayers(a, b);
  }

  /** An indexed image with its layers read, by any reference to it; a sentence when it was not indexed yet. */
  private async indexed(ref: string): Promise<Ready> {
    const image = await this.known(ref);
    await this.layersFor(image);
    return image as Ready;
  }

  /** An indexed image (its layers maybe still being read), by any reference to it; a sentence when it was not indexed yet. */
  private async known(ref: string): Promise<Indexed> {
    const info = await inspect(this.supervisor.docker(), ref);
    const image = this.images.get(info.Id);
    if (!image) throw new RpcError('conflict', `The layers of ${ref} are not indexed yet: open its Layers view first.`);
    return image;
  }

  /**
   * One view's tree. A layer's changes come from the change tree kept on disk when the image's layers were read (after a
   * restart too, while they are read again): reading it is a few milliseconds, stacking the image for it far more.
   */
  private async viewTree(ref: string, layer: number, view: 'changes' | 'image'): Promise<TreeNode> {
    const image = await this.known(ref);
    if (view === 'changes' && this.disk) {
      const key = `changes:${layer}`;
      const kept = image.trees.get(key) ?? (await this.disk.getChangeTree(image.id, layer));
      if (kept) {
        if (!image.trees.has(key)) this.keepTree(image, key, kept);
        return kept;
      }
    }
    await this.layersFor(image);
    return this.treeOf(image as Ready, layer, view);
  }

  private keepTree(image: Indexed, key: string, tree: TreeNode): void {
    if (image.trees.size >= TREES_KEPT) image.trees.delete(image.trees.keys().next().value!);
    image.trees.set(key, tree);
  }

  /**
   * Keep every layer's change tree of an image on disk (once: skipped when the last one is there), made in one pass over
   * its layers, a layer at a time so the backend answers other calls in between.
   */
  private keepChangeTrees(image: Ready): void {
    const disk = this.disk;
    if (!disk || !image.layers.length || this.keeping.has(image.id)) return;
    this.keeping.add(image.id);
    void (async () => {
      if (await disk.hasChangeTree(image.id, image.layers.length - 1)) return;
      for (const [i, tree] of changeTrees(image.layers)) {
        await new Promise((r) => setImmediate(r));
        await disk.putChangeTree(image.id, i, tree);
      }
    })()
      .catch(() => undefined)
      .finally(() => this.keeping.delete(image.id));
  }

  private treeOf(image: Ready, layer: number, view: 'changes' | 'image'): TreeNode {
    if (layer >= image.layers.length) throw new RpcError('bad_request', `This image has ${image.layers.length} layers (0 to ${image.layers.length - 1}).`);
    const key = `${view}:${layer}`;
    let tree = image.trees.get(key);
    if (!tree) {
      tree = view === 'changes' ? changeTree(image.layers, layer) : stack(image.layers, layer);
      this.keepTree(image, key, tree);
    }
    return tree;
  }

  /** Another reader of every archive this service reads (the package scan), so an image is read once for both. */
  alsoRead(make: () => ArchiveReader): void {
    this.readers.push(make);
  }

  /** An image's layers (their changes) and the instruction of each, indexing it first when it is not. */
  async layersOf(
    ref: string,
    signal: AbortSignal,
  ): Promise<{ id: string; diffIds: readonly string[]; layers: readonly LayerChanges[]; instructions: string[] }> {
    const info = await inspect(this.supervisor.docker(), ref);
    if (!this.images.has(info.Id)) {
      let failed: Error | undefined;
      await this.index(info.Id, { emit: () => undefined, signal }).catch((err: Error) => (failed = err));
      if (failed) throw failed;
    }
    const image = this.images.get(info.Id);
    if (!image) throw new RpcError('cancelled', `Reading the layers of ${ref} was cancelled.`);
    const layers = await this.layersFor(image);
    const instructions = image.steps.filter((s) => s.layer !== undefined).map((s) => s.instruction);
    return { id: image.id, diffIds: image.diffIds, layers, instructions };
  }

  private async readArchive(id: string, progress: { bytes: number; steps: LayerStep[] }, signal: AbortSignal): Promise<void> {
    const readers = this.readers.map((make) => make());
    const saved = await indexSaveStream(
      await this.saveStream(id, signal),
      (n) => (progress.bytes = n),
      signal,
      (archivePath) => {
        const handlers = readers.map((r) => r.forLayer(archivePath));
        return (h) => {
          let taken: BodySink | undefined;
          for (const handle of handlers) taken ??= handle(h);
          return taken;
        };
      },
    );
    for (const r of readers) r.done(saved.layers);
    for (const l of saved.layers) {
      if (!this.byDiffId.has(l.diffId)) void this.disk?.put(l.diffId, l.changes);
      this.byDiffId.set(l.diffId, l.changes);
    }
    progress.steps = stepsFromConfig(saved.history);
  }

  /** Layers indexed by an earlier run, from the disk cache. */
  private async fromDisk(diffIds: readonly string[]): Promise<void> {
    if (!this.disk) return;
    const missing = [...new Set(diffIds.filter((d) => !this.byDiffId.has(d)))];
    const found = await Promise.all(missing.map((d) => this.disk!.get(d)));
    missing.forEach((d, i) => found[i] && this.byDiffId.set(d, found[i]));
  }

  /** An image whose layers are all read, with its summary (kept on disk too, for the next run). */
  private remember(id: string, diffIds: readonly string[], steps: readonly LayerStep[]): Ready {
    const layers = diffIds.map((d) => this.byDiffId.get(d)!);
    const summary = summaryOf(id, diffIds, layers, steps);
    void this.disk?.putSummary(summary);
    const image: Ready = { id, diffIds, layers, steps, summary, trees: new Map() };
    this.images.set(id, image);
    this.keepChangeTrees(image);
    return image;
  }
}

/** Pure: an image's summary, from its layers' changes and its steps. */
export function summaryOf(id: string, diffIds: readonly string[], layers: readonly LayerChanges[], steps: readonly LayerStep[]): LayerSummary {
  const a = analyse(layers);
  const instructions = steps.filter((s) => s.layer !== undefined);
  return {
    id,
    steps,
    layers: a.layers.map((s, i) => ({
      index: i,
      diffId: diffIds[i]!,
      instruction: instructions[i]?.instruction ?? '',
      bytes: s.bytes,
      added: s.added,
      modified: s.modified,
      removed: s.removed,
    })),
    total: a.total,
    wasted: a.wasted,
    efficiency: a.efficiency,
    waste: a.waste.slice(0, WASTE_LIST).map((w) => ({
      path: w.path,
      name: displayPath(w.path),
      wasted: w.wasted,
      kept: w.kept,
      copies: w.copies,
      ...(w.removedIn !== undefined ? { removedIn: w.removedIn } : {}),
    })),
    wastePaths: a.waste.length,
    flags: flagsOf(a),
    files: a.tree.files ?? 0,
  };
}

const event = (summary: LayerSummary, cached: boolean): LayerIndexEvent => ({ t: 'ready', summary, cached });

async function inspect(docker: Docker, ref: string): Promise<Docker.ImageInspectInfo> {
  try {
    return await docker.getImage(ref).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) throw new RpcError('not_found', `There is no image ${ref} on this engine.`);
    throw engineError(err);
  }
}

/** Pure: the config's history as steps, oldest first, numbering the ones that made a layer. */
export function stepsFromConfig(history: readonly ConfigHistoryStep[]): LayerStep[] {
  let layer = 0;
  return history.map((h) => ({
    instruction: h.created_by ? toInstruction(h.created_by) : h.comment || toInstruction(''),
    created: h.created ? Math.floor(Date.parse(h.created) / 1000) : 0,
    ...(h.empty_layer ? {} : { layer: layer++ }),
  }));
}

/**
 * The history oldest first from the engine (and each layer's size), for an image whose layers were all
 * indexed already (no archive read, so no config): the engine does not say
 * which steps made no layer, so a step made one when it has bytes or is a RUN,
 * COPY or ADD, counting back from the last so the count is right.
 */
async function engineHistory(docker: Docker, id: string, count: number): Promise<{ steps: LayerStep[]; sizes: number[] }> {
  const raw = ((await docker.getImage(id).history()) as Array<{ Created: number; CreatedBy: string; Size: number; Comment?: string }>).slice().reverse();
  const made = raw.map((s) => s.Size > 0 || /^(RUN|COPY|ADD)\b/.test(toInstruction(s.CreatedBy)));
  let left = count;
  const layerOf = new Array<number | undefined>(raw.length).fill(undefined);
  for (let i = raw.length - 1; i >= 0 && left > 0; i--) if (made[i]) layerOf[i] = --left;
  return {
    steps: raw.map((s, i) => ({ instruction: toInstruction(s.CreatedBy), created: s.Created, ...(layerOf[i] !== undefined ? { layer: layerOf[i] } : {}) })),
    // The engine's size of each layer, oldest first.
    sizes: raw.flatMap((s, i) => (layerOf[i] !== undefined ? [s.Size] : [])),
  };
}

type Side = { ref: string; id: string; layers: Array<{ diffId: string; instruction: string; size: number }> };

/** Pure: two images' layers side by side, the shared base and the first difference. */
export function compareLayers(a: Side, b: Side): LayerComparison {
  const n = Math.max(a.layers.length, b.layers.length);
  const rows: Array<LayerComparison['rows'][number]> = [];
  let shared = 0;
  let sharedBytes = 0;
  let firstDifference: number | undefined;
  for (let i = 0; i < n; i++) {
    const la = a.layers[i];
    const lb = b.layers[i];
    // Layers stack: once one differs, the ones above it are different layers even when their content is the same.
    const same = firstDifference === undefined && !!la && !!lb && la.diffId === lb.diffId;
    if (same) {
      shared++;
      sharedBytes += la!.size;
    } else firstDifference ??= i;
    rows.push({ ...(la ? { a: la } : {}), ...(lb ? { b: lb } : {}), same });
  }
  return { a: { ref: a.ref, id: a.id }, b: { ref: b.ref, id: b.id }, rows, shared, sharedBytes, ...(firstDifference !== undefined ? { firstDifference } : {}) };
}

/** Pure: a file's first bytes as text (UTF-8 without NUL bytes), or as binary. */
export function previewOf(bytes: Buffer, size: number): FilePreview {
  // A multi-byte character cut at the end of the preview is not a reason to call it binary.
  const body = bytes.length < size ? bytes.subarray(0, cutAtCharacter(bytes)) : bytes;
  const text = body.toString('utf8');
  if (body.includes(0) || !Buffer.from(text, 'utf8').equals(body)) return { kind: 'binary', size };
  return { kind: 'text', text, size, truncated: bytes.length < size };
}

/** Where the last whole UTF-8 character ends (a character cut short at the end is left out). */
export function cutAtCharacter(b: Buffer): number {
  let cont = 0;
  for (let i = b.length - 1; i >= 0 && cont < 4; i--) {
    const c = b[i]!;
    if ((c & 0xc0) === 0x80) {
      cont++;
      continue;
    }
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return cont + 1 < need ? i : b.length;
  }
  return b.length;
}

function entryOf(n: TreeNode, path: string): LayerTreeEntry {
  return {
    path,
    display: displayPath(path),
    name: displayPath(n.name),
    kind: n.kind,
    size: n.kind === 'dir' ? (n.total ?? 0) : n.size,
    ...(n.kind === 'dir' ? { files: n.files ?? 0 } : {}),
    ...(n.status ? { status: n.status } : {}),
    layer: n.layer,
    mode: n.mode,
    uid: n.uid,
    gid: n.gid,
    ...(n.link !== undefined ? { link: displayPath(n.link) } : {}),
    hasChildren: !!n.children?.size,
  };
}

/** Pure: a test for paths: a glob when the query has * or ?, else a case-insensitive substring. */
export function matcher(query: string): (path: string) => boolean {
  if (!/[*?]/.test(query)) {
    const q = query.toLowerCase();
    return (p) => p.toLowerCase().includes(q);
  }
  let re = '';
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (c === '*' && query[i + 1] === '*') {
      re += '.*';
      i++;
      if (query[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const rx = new RegExp(`(^|/)${re.replace(/^\/+/, '')}$`);
  return (p) => rx.test(p);
}

/** Pure: common waste found in the image, from its final tree and its waste list. */
export function flagsOf(a: Analysis): WasteFlag[] {
  const out: WasteFlag[] = [];
  for (const f of FLAGS) {
    let inImage = 0;
    const examples: Array<[string, number]> = [];
    const visit = (node: TreeNode, path: string) => {
      for (const child of node.children?.values() ?? []) {
        const p = path ? `${path}/${child.name}` : child.name;
        if (f.test.test(p)) {
          const bytes = child.kind === 'dir' ? (child.total ?? 0) : child.size;
          inImage += bytes;
          examples.push([p, bytes]);
        } else if (child.children) visit(child, p);
      }
    };
    visit(a.tree, '');
    let wasted = 0;
    for (const w of a.waste) {
      if (!f.test.test(w.path)) continue;
      wasted += w.wasted;
      if (!w.kept) examples.push([w.path, w.wasted]);
    }
    if (!inImage && !wasted) continue;
    examples.sort((x, y) => y[1] - x[1]);
    out.push({ kind: f.kind, title: f.title, fix: f.fix, inImage, wasted, examples: examples.slice(0, 5).map(([p]) => displayPath(p)) });
  }
  return out;
}
