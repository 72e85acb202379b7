/**
 * Packages per layer, the image's SBOM and two images' package differences.
 * A layer's package files are read while the layer browser indexes the image
 * (the same `docker save` pass) and kept by diff id, in memory and on disk;
 * layers indexed before that (from the layer cache) get one pass of their own.
 */
import { lstat, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzip, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { type Supervisor, engineError } from '../../engine/index.js';
import { RpcError } from '../../rpc/protocol.js';
import { resolveHostPath, fileError } from '../../util/archive-paths.js';
import { writeFileAtomic } from '../../util/fs.js';
import { BERTH_VERSION } from '../../version.js';
import type { ArchiveReader, LayerService } from '../layers-service.js';
import { ArchiveFormatError, readSaveStream } from '../save-index.js';
import { LayerPackageCollector } from './collector.js';
import type { ImagePackages, PackageComparison, SbomFormat, SbomResult } from './contract.js';
import { comparePackageLists } from './compare-packages.js';
import { imagePackages } from './image-packages.js';
import type { LayerFindings } from './model.js';
import { cycloneDx, spdx } from './sbom.js';

const zip = promisify(gzip);
const unzip = promisify(gunzip);
/** Bump when what a layer's findings hold changes: older cached findings are read again. */
const FINDINGS_VERSION = 1;
const IMAGES_KEPT = 16;

/** One collector per layer of an archive, matched to diff ids at the end. */
function collecting(onDone: (byDiffId: Map<string, LayerFindings>) => void): ArchiveReader {
  const collectors = new Map<string, LayerPackageCollector>();
  return {
    forLayer(archivePath) {
      const c = new LayerPackageCollector();
      collectors.set(archivePath, c);
      return (h) => c.entry(h);
    },
    done(layers) {
      const out = new Map<string, LayerFindings>();
      for (const l of layers) {
        const c = collectors.get(l.archivePath);
        if (c) out.set(l.diffId, c.build());
      }
      onDone(out);
    },
  };
}

export class PackageService {
  private readonly findings = new Map<string, LayerFindings>();
  private readonly results = new Map<string, ImagePackages>();
  private readonly reading = new Map<string, Promise<ImagePackages>>();

  constructor(
    private readonly supervisor: Supervisor,
    private readonly layers: LayerService,
    private readonly cacheDir?: string,
    private readonly home = homedir(),
  ) {
    layers.alsoRead(() => collecting((found) => found.forEach((f, d) => this.keep(d, f))));
  }

  /** The packages of each layer of an image, and of the final image. */
  async packages(ref: string): Promise<ImagePackages> {
    const layers = await this.layers.layersOf(ref, new AbortController().signal);
    const known = this.results.get(layers.id);
    if (known) return known;
    let job = this.reading.get(layers.id);
    if (!job) {
      job = this.read(layers).finally(() => this.reading.delete(layers.id));
      this.reading.set(layers.id, job);
    }
    return job;
  }

  /** The image's SBOM: the document, or written to a host file. */
  async sbom(input: { ref: string; format: SbomFormat; path?: string }): Promise<SbomResult> {
    const packages = await this.packages(input.ref);
    const subject = { ref: input.ref, packages, tool: { name: 'Berth', version: BERTH_VERSION } };
    const text = `${JSON.stringify(input.format === 'cyclonedx' ? cycloneDx(subject) : spdx(subject), null, 2)}\n`;
    const bytes = Buffer.byteLength(text);
    const base = { format: input.format, bytes, packages: packages.packages.length };
    if (!input.path) return { ...base, document: text };
    const path = resolveHostPath(input.path, this.home);
    if (
      await lstat(path).then(
        () => true,
        () => false,
      )
    )
      throw new RpcError('conflict', `${path} already exists: choose another file name, or move it away first.`);
    try {
      await writeFileAtomic(path, text, 0o644);
    } catch (err) {
      throw fileError(err, path, 'write');
    }
    return { ...base, path };
  }

  /** Packages added, removed, upgraded and downgraded from one image to another. */
  async compare(a: string, b: string): Promise<PackageComparison> {
    // One image after the other: two archives read at once would only share the same disk and engine.
    const pa = await this.packages(a);
    return comparePackageLists(pa, await this.packages(b));
  }

  private async read(layers: Awaited<ReturnType<LayerService['layersOf']>>): Promise<ImagePackages> {
    await Promise.all(layers.diffIds.filter((d) => !this.findings.has(d)).map((d) => this.fromDisk(d)));
    if (layers.diffIds.some((d) => !this.findings.has(d))) await this.scan(layers.id);
    const result = imagePackages(
      layers.id,
      layers.diffIds.map((d, i) => ({ instruction: layers.instructions[i] ?? '', changes: layers.layers[i]!, findings: this.findings.get(d) ?? {} })),
    );
    if (this.results.size >= IMAGES_KEPT) this.results.delete(this.results.keys().next().value!);
    this.results.set(layers.id, result);
    return result;
  }

  /** One pass over the image's archive for the package files alone. */
  private async scan(id: string): Promise<void> {
    let found = new Map<string, LayerFindings>();
    const reader = collecting((f) => (found = f));
    try {
      const stream = (await this.supervisor.docker().getImage(id).get()) as unknown as AsyncIterable<Buffer>;
      const layout = await readSaveStream(
        stream,
        (p) => reader.forLayer(p),
        () => undefined,
      );
      reader.done(layout.layers);
    } catch (err) {
      if (err instanceof ArchiveFormatError) throw new RpcError('engine', err.message);
      throw engineError(err);
    }
    found.forEach((f, d) => this.keep(d, f));
  }

  private keep(diffId: string, f: LayerFindings): void {
    if (this.findings.has(diffId)) return;
    this.findings.set(diffId, f);
    void this.toDisk(diffId, f);
  }

  private file(diffId: string): string | undefined {
    const m = /^sha256:([0-9a-f]{64})$/.exec(diffId);
    return m && this.cacheDir ? join(this.cacheDir, `${m[1]}.packages.json.gz`) : undefined;
  }

  private async fromDisk(diffId: string): Promise<void> {
    const file = this.file(diffId);
    if (!file) return;
    try {
      const doc = JSON.parse((await unzip(await readFile(file))).toString('utf8')) as { v: number; findings: LayerFindings };
      if (doc.v === FINDINGS_VERSION && doc.findings && typeof doc.findings === 'object') this.findings.set(diffId, doc.findings);
    } catch {
      // Not cached (or unreadable): the layer is read again.
    }
  }

  private async toDisk(diffId: string, findings: LayerFindings): Promise<void> {
    const file = this.file(diffId);
    if (!file) return;
    try {
      await mkdir(this.cacheDir!, { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, await zip(Buffer.from(JSON.stringify({ v: FINDINGS_VERSION, findings }), 'utf8')), 0o600);
    } catch {
      // A cache that cannot be written costs a re-read later, nothing else.
    }
  }
}
