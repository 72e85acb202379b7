/**
 * Save images to a tar file, load images from one, and import a root
 * filesystem tarball as an image (`docker save` / `load` / `import`), with
 * progress in bytes and cancel. Files are host paths read and written by the
 * backend, which runs on the user's machine. A save writes `<path>.partial`
 * and renames it only once complete, so a failed or cancelled save never
 * leaves a partial file nor harms a file it was to replace.
 */
import { createReadStream } from 'node:fs';
import { link, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import type Docker from 'dockerode';
import { archiveProgress } from './archive.js';
import type { ArchiveProgress } from '../contract/dto.js';
import { parseImageRef } from './image-ref.js';
import { type Supervisor, engineError, engineMessage } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import { archiveDefaults, fileError, readableFile, resolveHostPath, writableTarget } from '../util/archive-paths.js';
import {
  applyLoadReply,
  ArchiveReplyError,
  emptyLoadReply,
  importFailure,
  importedId,
  loadFailure,
  type ArchiveReplyLine,
  type LoadReplyState,
} from './archive-replies.js';
import { readNdjson } from '../util/text-stream.js';
import { byteCounter, throttle } from './progress-meter.js';

type Sink = StreamSink<ArchiveProgress>;
type Progress = Parameters<typeof archiveProgress>[0];

/** What `docker import` takes besides the file. */
export interface ImportOptions {
  /** repository[:tag] for the new image; untagged when absent. */
  readonly ref?: string;
  /** Dockerfile instructions applied to the image, as `docker import -c`. */
  readonly changes: readonly string[];
  /** The commit message, as `docker import -m`. */
  readonly message?: string;
}

/** `GET /images/get` with several names; dockerode has it, its typings do not. */
interface ExportsImages {
  getImages(opts: { names: string[]; abortSignal: AbortSignal }): Promise<NodeJS.ReadableStream>;
}

export class ImageArchive {
  constructor(
    private readonly supervisor: Supervisor,
    private readonly home = homedir(),
  ) {}

  /** The folder a save goes to by default. */
  defaults() {
    return archiveDefaults(this.home);
  }

  /** Save images into one tar file (`docker save`); progress is bytes written against the images' summed sizes. */
  async save(refs: readonly string[], pathInput: string, overwrite: boolean, sink: Sink): Promise<void> {
    const path = resolveHostPath(pathInput, this.home);
    await writableTarget(path, overwrite);
    const docker = this.supervisor.docker();
    const total = await estimateSize(docker, refs);
    const names = refs.length === 1 ? refs[0]! : `${refs.length} images`;
    const partial = `${path}.partial`;
    let fh: FileHandle | undefined;
    try {
      fh = await open(partial, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new RpcError('conflict', `${partial} exists: another save to this file is under way, or one was interrupted. Delete it, or choose another name.`);
      }
      throw fileError(err, partial, 'write');
    }
    const meter = throttle(sink);
    const state: Progress = { bytes: 0, total, estimated: true, message: `The engine is preparing ${names}…` };
    meter.set(archiveProgress(state), true);
    let placed = false;
    try {
      const tar = await (docker as unknown as ExportsImages).getImages({ names: [...refs], abortSignal: sink.signal });
      state.message = `Writing ${names} to ${path}…`;
      for await (const chunk of tar) {
        const buf = chunk as Buffer;
        await fh.write(buf, 0, buf.length);
        state.bytes += buf.length;
        meter.set(archiveProgress(state));
      }
      await fh.sync();
      await fh.close();
      fh = undefined;
      await place(partial, path, overwrite);
      placed = true;
    } catch (err) {
      if (sink.signal.aborted) return;
      throw err instanceof RpcError ? err : (err as NodeJS.ErrnoException).syscall ? fileError(err, path, 'write') : engineError(err);
    } finally {
      meter.stop();
      await fh?.close().catch(() => undefined);
      if (!placed) await rm(partial, { force: true });
    }
    sink.emit(archiveProgress({ ...state, message: `Saved ${names} to ${path}.` }, true));
  }

  /** Load the images of a tar file (`docker load`); progress is bytes read; the last event lists what was loaded. */
  async load(pathInput: string, sink: Sink): Promise<void> {
    const path = resolveHostPath(pathInput, this.home);
    const size = await readableFile(path);
    let reply: LoadReplyState = emptyLoadReply;
    await this.upload(path, size, sink, loadFailure, {
      open: (body, signal) => this.supervisor.docker().loadImage(body, { quiet: false, abortSignal: signal }),
      onLine: (line) => {
        const before = reply.images.length;
        reply = applyLoadReply(reply, line);
        return { message: reply.status, images: reply.images, now: reply.images.length > before };
      },
      done: () => {
        if (!reply.images.length) throw new RpcError('engine', 'The engine read the file but loaded no image from it.');
        return { message: `Loaded ${reply.images.join(', ')}.`, images: reply.images };
      },
    });
  }

  /** Import a root filesystem tarball (plain or compressed) as a new image (`docker import`). */
  async import(pathInput: string, opts: ImportOptions, sink: Sink): Promise<void> {
    const target = importTarget(opts.ref);
    const path = resolveHostPath(pathInput, this.home);
    const size = await readableFile(path);
    let id: string | undefined;
    const query = { ...target, changes: [...opts.changes], ...(opts.message ? { message: opts.message } : {}) };
    await this.upload(path, size, sink, importFailure, {
      open: (body, signal) => this.supervisor.docker().importImage(body, { ...query, abortSignal: signal }),
      onLine: (line) => {
        id = importedId(line) ?? id;
        return {};
      },
      done: () => {
        if (!id) throw new RpcError('engine', 'The engine did not report the new image.');
        const name = target.repo ? `${target.repo}:${target.tag}` : id.slice(7, 19);
        return { message: `Imported ${path} as ${name}.`, images: [target.repo ? name : id], id };
      },
    });
  }

  /** Stream a file into an engine endpoint with byte progress, reading its JSON reply; cancel aborts the upload. */
  private async upload(
    path: string,
    size: number,
    sink: Sink,
    failure: (engineText: string) => string,
    step: {
      open(body: NodeJS.ReadableStream, signal: AbortSignal): Promise<NodeJS.ReadableStream>;
      onLine(line: ArchiveReplyLine): { message?: string; images?: readonly string[]; now?: boolean };
      done(): { message: string; images: readonly string[]; id?: string };
    },
  ): Promise<void> {
    const meter = throttle(sink);
    const state: Progress = { bytes: 0, total: size, estimated: false, message: `Reading ${path}…`, images: [] };
    meter.set(archiveProgress(state), true);
    const file = createReadStream(path, { highWaterMark: 1 << 20 });
    const body = byteCounter((n) => {
      state.bytes = n;
      if (n === size) state.message = 'The engine is unpacking the file…';
      meter.set(archiveProgress(state));
    });
    file.on('error', (err) => body.destroy(fileError(err, path, 'read')));
    file.pipe(body);
    try {
      const reply = await step.open(body, sink.signal);
      await readNdjson<ArchiveReplyLine>(reply, (line) => {
        const r = step.onLine(line);
        if (r.message) state.message = r.message;
        if (r.images) state.images = r.images;
        meter.set(archiveProgress(state), r.now);
      });
      const end = step.done();
      meter.stop();
      if (!sink.signal.aborted) sink.emit(archiveProgress({ ...state, ...end, bytes: size }, true));
    } catch (err) {
      if (sink.signal.aborted) return;
      if (err instanceof RpcError) throw err;
      if (err instanceof ArchiveReplyError) throw new RpcError('bad_request', err.message);
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 400 || status === 500) throw new RpcError('bad_request', failure(engineMessage(err)));
      throw engineError(err);
    } finally {
      meter.stop();
      file.destroy();
      body.destroy();
    }
  }
}

/** The images' summed sizes (each image once): about the size of their tar; a missing image gets a sentence. */
async function estimateSize(docker: Docker, refs: readonly string[]): Promise<number> {
  const sizes = new Map<string, number>();
  for (const ref of refs) {
    try {
      const i = await docker.getImage(ref).inspect();
      sizes.set(i.Id, i.Size);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) throw new RpcError('not_found', `There is no image ${ref} on this engine.`);
      throw engineError(err);
    }
  }
  return [...sizes.values()].reduce((a, b) => a + b, 0);
}

/** repo and tag for an import, checked as Docker would before anything is sent. */
function importTarget(ref: string | undefined): { repo?: string; tag?: string } {
  if (!ref?.trim()) return {};
  const r = parseImageRef(ref);
  if (!r.ok) throw new RpcError('bad_request', r.message);
  if (r.value.digest) throw new RpcError('bad_request', `An imported image gets a name and tag, not a digest: remove @${r.value.digest}.`);
  const tag = r.value.tag ?? 'latest';
  return { repo: r.value.familiar.slice(0, -(tag.length + 1)), tag };
}

/** Move the finished partial file into place: never over an existing file unless `overwrite`. */
async function place(partial: string, path: string, overwrite: boolean): Promise<void> {
  if (overwrite) return rename(partial, path);
  try {
    // link() refuses an existing target, so a file that appeared meanwhile is never replaced.
    await link(partial, path);
    await rm(partial, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new RpcError('conflict', `${path} appeared while saving; it was left as it is. Choose another name.`);
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV') return rename(partial, path);
    throw fileError(err, path, 'write');
  }
}
