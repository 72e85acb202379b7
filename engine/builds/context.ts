/**
 * A build context: the folder walked as Docker walks it (`.dockerignore`
 * honoured, the Dockerfile and `.dockerignore` always sent), summed up before
 * anything is sent (files, bytes, the biggest folders), then packed as a tar
 * stream with each file's sha256 taken on the way, for the build record.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { lstat, open, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { Dockerignore } from './dockerignore.js';
import { END, padding, tarHeader } from '../util/tar-writer.js';

export interface ContextEntry {
  /** Relative, with slashes. */
  readonly path: string;
  readonly kind: 'file' | 'dir' | 'symlink';
  readonly size: number;
  readonly mode: number;
  readonly mtime: number;
  readonly link?: string;
}

export interface ContextScan {
  readonly root: string;
  readonly entries: readonly ContextEntry[];
  readonly files: number;
  readonly bytes: number;
  /** Paths left out by `.dockerignore` (directories count once). */
  readonly excluded: number;
  /** The Dockerfile's path inside the context, or undefined when it lives outside it. */
  readonly dockerfileInContext?: string;
}

/** Contexts bigger than this get a warning before they are sent. */
export const LARGE_CONTEXT_BYTES = 100 * 1024 * 1024;

export class ContextError extends Error {}

const slash = (p: string) => p.split(sep).join('/');

/** Walk a context folder as the docker CLI does, honouring its `.dockerignore`. */
export async function scanContext(root: string, dockerfile: string): Promise<ContextScan> {
  const rootStat = await lstat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw new ContextError(`There is no folder ${root} to build from.`);
  const rel = slash(relative(root, dockerfile));
  const inContext = rel && !rel.startsWith('../') && rel !== '..' ? rel : undefined;
  const ignoreText = await readFile(join(root, '.dockerignore'), 'utf8').catch(() => '');
  const ignore = Dockerignore.forBuild(ignoreText, inContext);
  const entries: ContextEntry[] = [];
  let files = 0;
  let bytes = 0;
  let excluded = 0;
  const walk = async (dir: string, relDir: string): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (err) {
      throw new ContextError(`Berth cannot read ${dir}: ${(err as Error).message}.`);
    }
    for (const name of names) {
      const path = relDir ? `${relDir}/${name}` : name;
      const full = join(dir, name);
      // One folder's entries are stat-ed synchronously (a thread-pool round trip each would cost more than the call); the walk yields between folders.
      const st = lstatSync(full);
      const out = ignore.excludes(path);
      if (st.isDirectory()) {
        if (!out) entries.push({ path, kind: 'dir', size: 0, mode: st.mode & 0o7777, mtime: Math.floor(st.mtimeMs / 1000) });
        if (out && !ignore.mayIncludeInside(path)) {
          excluded++;
          continue;
        }
        if (out) excluded++;
        await walk(full, path);
        continue;
      }
      if (out) {
        excluded++;
        continue;
      }
      if (st.isSymbolicLink()) entries.push({ path, kind: 'symlink', size: 0, mode: 0o777, mtime: Math.floor(st.mtimeMs / 1000), link: await readlink(full) });
      else if (st.isFile()) {
        entries.push({ path, kind: 'file', size: st.size, mode: st.mode & 0o7777, mtime: Math.floor(st.mtimeMs / 1000) });
        files++;
        bytes += st.size;
      }
    }
  };
  await walk(root, '');
  return { root, entries, files, bytes, excluded, ...(inContext ? { dockerfileInContext: inContext } : {}) };
}

export interface Packed {
  /** The tar stream to send. */
  readonly stream: Readable;
  /** sha256 of each file's content, filled as it is packed (complete when the stream ends). */
  readonly hashes: Map<string, string>;
  /** Where the Dockerfile is inside the tar (for the `dockerfile` parameter). */
  readonly dockerfileName: string;
}

/**
 * Pack a scanned context as a tar stream; a Dockerfile outside the context
 * goes in under a name of its own, as the docker CLI does. `onBytes` hears the
 * file bytes packed so far.
 */
export function packContext(scan: ContextScan, dockerfile: string, onBytes: (n: number) => void, signal?: AbortSignal): Packed {
  const hashes = new Map<string, string>();
  const dockerfileName = scan.dockerfileInContext ?? `.dockerfile.berth-${process.pid}`;
  const stream = Readable.from(tarChunks(scan, dockerfile, dockerfileName, hashes, onBytes, signal), { objectMode: false, highWaterMark: CHUNK });
  return { stream, hashes, dockerfileName };
}

/** Bytes handed to the stream at a time: small files are gathered into chunks of about this size. */
const CHUNK = 1 << 20;

/**
 * The tar of a context, in chunks. A small file is read in one synchronous
 * call (about as long as a thread-pool round trip, without four of them per
 * file) and gathered with its neighbours into one chunk; between chunks the
 * event loop runs and the reader's pace holds the walk back. Files above a
 * chunk are read in pieces.
 */
async function* tarChunks(
  scan: ContextScan,
  dockerfile: string,
  dockerfileName: string,
  hashes: Map<string, string>,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  let packed = 0;
  const add = (b: Buffer) => {
    parts.push(b);
    size += b.length;
  };
  const take = () => {
    const out = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    return out;
  };
  const cannotRead = (path: string, err: unknown) => new ContextError(`Berth cannot read ${path}: ${(err as Error).message}.`);
  const changed = (path: string) => new ContextError(`${path} changed while it was being sent; build again.`);
  for (const e of scan.entries) {
    if (signal?.aborted) throw new ContextError('cancelled');
    const header = { name: e.path, mode: e.mode, mtime: e.mtime };
    if (e.kind === 'dir') add(tarHeader({ ...header, type: 'dir', size: 0 }));
    else if (e.kind === 'symlink') add(tarHeader({ ...header, type: 'symlink', size: 0, linkname: e.link! }));
    else if (e.size <= CHUNK) {
      let body: Buffer;
      try {
        body = readFileSync(join(scan.root, e.path));
      } catch (err) {
        throw cannotRead(e.path, err);
      }
      if (body.length !== e.size) throw changed(e.path);
      hashes.set(e.path, createHash('sha256').update(body).digest('hex'));
      add(tarHeader({ ...header, type: 'file', size: e.size }));
      add(body);
      add(padding(e.size));
      packed += e.size;
    } else {
      if (size) yield take();
      yield tarHeader({ ...header, type: 'file', size: e.size });
      const hash = createHash('sha256');
      let seen = 0;
      const file = await open(join(scan.root, e.path)).catch((err: unknown) => {
        throw cannotRead(e.path, err);
      });
      try {
        for (;;) {
          if (signal?.aborted) throw new ContextError('cancelled');
          const buf = Buffer.allocUnsafe(Math.min(CHUNK, e.size - seen + 1));
          const { bytesRead } = await file.read(buf, 0, buf.length, null);
          if (!bytesRead) break;
          seen += bytesRead;
          if (seen > e.size) throw changed(e.path);
          const piece = buf.subarray(0, bytesRead);
          hash.update(piece);
          packed += bytesRead;
          onBytes(packed);
          yield piece;
        }
      } finally {
        await file.close();
      }
      if (seen !== e.size) throw changed(e.path);
      hashes.set(e.path, hash.digest('hex'));
      yield padding(e.size);
    }
    if (size >= CHUNK) {
      onBytes(packed);
      yield take();
    }
  }
  if (!scan.dockerfileInContext) {
    const body = await readFile(dockerfile);
    add(tarHeader({ name: dockerfileName, type: 'file', size: body.length, mode: 0o644, mtime: 0 }));
    add(body);
    add(padding(body.length));
  }
  add(END);
  onBytes(packed);
  yield take();
}
