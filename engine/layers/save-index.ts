/**
 * Index a `docker save` stream in one pass, without writing anything to
 * disk: every layer tar inside it (plain or gzip; legacy `<id>/layer.tar` or
 * OCI `blobs/sha256/<hex>`) is read into its changes as it streams by, and
 * the small JSON files (manifest.json, index.json, the config) are kept.
 * Layers may be plain, gzip or zstd (OCI layouts keep blobs compressed). The
 * manifest comes last in the legacy layout, so layers are matched to it at
 * the end, by their path in the archive.
 */
import { createGunzip, type Gunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import { LayerChangesBuilder, type LayerChanges } from './layer-changes.js';
import { TarError, TarReader, type BodySink, type TarHeader } from '../util/tar-reader.js';

/** JSON files bigger than this are not manifests or configs. */
const MAX_JSON = 16 * 1024 * 1024;

export interface ConfigHistoryStep {
  readonly created?: string;
  readonly created_by?: string;
  readonly comment?: string;
  readonly empty_layer?: boolean;
}

export interface SavedImage {
  /** Layer changes in image order, with the diff ids the config gives them. */
  readonly layers: ReadonlyArray<{ readonly diffId: string; readonly archivePath: string; readonly changes: LayerChanges }>;
  /** The config's history, which says exactly which steps made no layer. */
  readonly history: readonly ConfigHistoryStep[];
}

export class ArchiveFormatError extends Error {}

type Sniffed = 'tar' | 'gzip' | 'zstd' | 'json' | 'other';

/** Pure: what a blob is, from its first bytes (at least 512 when it is that long). */
export function sniff(head: Buffer): Sniffed {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.length >= 263 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  // An empty layer is just the two zero blocks that end a tar.
  if (head.length >= 512 && head.subarray(0, 512).every((b) => b === 0)) return 'tar';
  const first = head.toString('latin1', 0, Math.min(head.length, 64)).trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  return 'other';
}

/**
 * A body sink that reads a layer tar (unzipping it first when it is gzip or
 * zstd), handing each of its headers to `onEntry`; a JSON blob goes to `onJson`.
 */
function layerSink(onEntry: (h: TarHeader) => BodySink | undefined, done: () => void, onJson: (text: string) => void): BodySink {
  let head: Buffer[] = [];
  let headBytes = 0;
  let kind: Sniffed | undefined;
  const reader = new TarReader(onEntry);
  let gunzip: Gunzip | undefined;
  let zstd: ZstdDecompress | undefined;
  let chain: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  const json: Buffer[] = [];
  let jsonBytes = 0;

  const feed = async (chunk: Buffer): Promise<void> => {
    switch (kind) {
      case 'tar':
        return reader.push(chunk);
      case 'gzip':
        if (failure) throw failure;
        if (!gunzip!.write(chunk)) await new Promise<void>((r) => gunzip!.once('drain', r));
        return;
      case 'json':
        jsonBytes += chunk.length;
        if (jsonBytes <= MAX_JSON) json.push(Buffer.from(chunk));
        return;
      case 'zstd':
        if (failure) throw failure;
        try {
          zstd!.push(chunk);
        } catch (err) {
          throw new ArchiveFormatError(`A zstd layer is damaged: ${(err as Error).message}.`);
        }
        await chain;
        return;
      default:
        return;
    }
  };
  const start = async (): Promise<void> => {
    const first = Buffer.concat(head);
    head = [];
    kind = sniff(first);
    if (kind === 'gzip') {
      gunzip = createGunzip();
      gunzip.on('data', (out: Buffer) => {
        chain = chain.then(() => reader.push(out));
        chain.catch((err: Error) => (failure = err));
      });
      gunzip.on('error', (err) => (failure = new ArchiveFormatError(`A gzip layer is damaged: ${err.message}.`)));
    } else if (kind === 'zstd') {
      zstd = new ZstdDecompress((out) => {
        const copy = Buffer.from(out);
        chain = chain.then(() => reader.push(copy));
        chain.catch((err: Error) => (failure = err));
      });
    }
    await feed(first);
  };
  const sink: BodySink = async (chunk: Buffer) => {
    if (kind) return feed(chunk);
    head.push(Buffer.from(chunk));
    headBytes += chunk.length;
    if (headBytes >= 512) await start();
  };
  sink.end = async () => {
    if (!kind) await start();
    if (kind === 'gzip') {
      await new Promise<void>((resolve) => {
        gunzip!.once('end', resolve);
        gunzip!.once('error', () => resolve());
        gunzip!.end();
      });
      await chain;
      if (failure) throw failure;
    }
    if (kind === 'zstd') {
      try {
        zstd!.push(new Uint8Array(0), true);
      } catch (err) {
        throw new ArchiveFormatError(`A zstd layer is damaged: ${(err as Error).message}.`);
      }
      await chain;
      if (failure) throw failure;
    }
    if (kind === 'tar' || kind === 'gzip' || kind === 'zstd') {
      await reader.end();
      done();
    } else if (kind === 'json' && jsonBytes <= MAX_JSON) onJson(Buffer.concat(json).toString('utf8'));
  };
  return sink;
}

interface ManifestEntry {
  Config: string;
  Layers: string[];
}

/**
 * Read a whole `docker save` stream of one image into each layer's changes.
 * `onBytes` hears how many bytes were read so far; the signal stops reading.
 */
export async function indexSaveStream(
  stream: AsyncIterable<Buffer>,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
  /** Another reader of the same pass: its handler for each layer may take entries' bodies. */
  also?: (archivePath: string) => ((h: TarHeader) => BodySink | undefined) | undefined,
): Promise<SavedImage> {
  const builders = new Map<string, LayerChangesBuilder>();
  const read = await readSaveStream(
    stream,
    (archivePath) => {
      const b = new LayerChangesBuilder();
      builders.set(archivePath, b);
      const other = also?.(archivePath);
      return (h) => {
        const hashing = b.add(h);
        const taken = other?.(h);
        return hashing && taken ? both(hashing, taken) : (hashing ?? taken);
      };
    },
    onBytes,
    signal,
  );
  return {
    history: read.history,
    layers: read.layers.map((l) => ({ diffId: l.diffId, archivePath: l.archivePath, changes: builders.get(l.archivePath)!.build() })),
  };
}

/** One body to two sinks, in turn. */
function both(first: BodySink, second: BodySink): BodySink {
  const sink: BodySink = async (chunk) => {
    await first(chunk);
    await second(chunk);
  };
  sink.end = async () => {
    await first.end?.();
    await second.end?.();
  };
  return sink;
}

export interface SaveLayout {
  /** Layers in image order: their diff ids and where each is in the archive. */
  readonly layers: ReadonlyArray<{ readonly diffId: string; readonly archivePath: string }>;
  readonly history: readonly ConfigHistoryStep[];
}

/**
 * Read a `docker save` stream once: each layer tar is opened and its headers
 * handed to the handler `forLayer` gives for its place in the archive
 * (nothing when it returns undefined); the layout is known at the end, when
 * the manifest has been read.
 */
export async function readSaveStream(
  stream: AsyncIterable<Buffer>,
  forLayer: (archivePath: string) => ((h: TarHeader) => BodySink | undefined) | undefined,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Promise<SaveLayout> {
  const layers = new Set<string>();
  const jsons = new Map<string, string>();
  const links = new Map<string, string>();
  const outer = new TarReader((h) => {
    const name = h.name.replace(/^\.\//, '');
    if (h.kind === 'symlink' || h.kind === 'hardlink') {
      // docker save writes a layer shared by two entries once, linking the other to it.
      const target = h.kind === 'symlink' ? joinPath(dirOf(name), h.link) : h.link.replace(/^\.\//, '');
      links.set(name, target);
      return undefined;
    }
    if (h.kind !== 'file' || h.size === 0) return undefined;
    if (name.endsWith('.json') || name === 'repositories' || name === 'index.json' || name === 'oci-layout') {
      if (h.size > MAX_JSON) return undefined;
      const parts: Buffer[] = [];
      const sink: BodySink = (c) => void parts.push(Buffer.from(c));
      sink.end = () => void jsons.set(name, Buffer.concat(parts).toString('utf8'));
      return sink;
    }
    if (name.endsWith('/layer.tar') || name.startsWith('blobs/')) {
      const onEntry = forLayer(name) ?? (() => undefined);
      return layerSink(
        onEntry,
        () => layers.add(name),
        (text) => jsons.set(name, text),
      );
    }
    return undefined;
  });
  let read = 0;
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
      read += chunk.length;
      await outer.push(chunk);
      onBytes(read);
    }
    await outer.end();
  } catch (err) {
    if (err instanceof TarError) throw new ArchiveFormatError(`The engine's image archive could not be read: ${err.message}`);
    throw err;
  }
  const manifestText = jsons.get('manifest.json');
  const manifest = manifestText ? (JSON.parse(manifestText) as ManifestEntry[])[0] : ociManifest(jsons);
  if (!manifest) throw new ArchiveFormatError('The image archive’s manifest lists no image.');
  const configText = jsons.get(manifest.Config);
  if (!configText) throw new ArchiveFormatError(`The image archive has no config (${manifest.Config}).`);
  const config = JSON.parse(configText) as { rootfs?: { diff_ids?: string[] }; history?: ConfigHistoryStep[] };
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.Layers.length) throw new ArchiveFormatError('The image archive’s manifest and config disagree on the number of layers.');
  const resolve = (path: string): string | undefined => {
    for (let p = path, hops = 0; hops < 8; hops++) {
      if (layers.has(p)) return p;
      const next = links.get(p);
      if (!next) return undefined;
      p = next;
    }
    return undefined;
  };
  return {
    history: config.history ?? [],
    layers: manifest.Layers.map((path, i) => {
      const archivePath = resolve(path);
      if (!archivePath) throw new ArchiveFormatError(`The image archive lacks the layer ${path}.`);
      return { diffId: diffIds[i]!, archivePath };
    }),
  };
}

/** An OCI layout without docker's manifest.json: index.json → (nested indexes →) the image manifest blob. */
function ociManifest(jsons: ReadonlyMap<string, string>): ManifestEntry | undefined {
  const blob = (digest: string) => `blobs/${digest.replace(':', '/')}`;
  let doc = jsons.get('index.json');
  if (!doc) throw new ArchiveFormatError('The image archive has neither manifest.json nor index.json.');
  for (let depth = 0; depth < 4; depth++) {
    const parsed = JSON.parse(doc) as { manifests?: Array<{ digest: string }>; config?: { digest: string }; layers?: Array<{ digest: string }> };
    if (parsed.config && parsed.layers) return { Config: blob(parsed.config.digest), Layers: parsed.layers.map((l) => blob(l.digest)) };
    const next = parsed.manifests?.[0]?.digest;
    doc = next ? jsons.get(blob(next)) : undefined;
    if (!doc) return undefined;
  }
  return undefined;
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/** Pure: a relative link target resolved against a directory, `..` and `.` applied. */
export function joinPath(dir: string, target: string): string {
  const out = target.startsWith('/') ? [] : dir.split('/').filter(Boolean);
  for (const part of target.split('/')) {
    if (part === '..') out.pop();
    else if (part && part !== '.') out.push(part);
  }
  return out.join('/');
}
