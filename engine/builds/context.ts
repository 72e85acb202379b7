/**
 * A build context: the folder walked as Docker walks it (`.dockerignore`
 * honoured, the Dockerfile and `.dockerignore` always sent), summed up before
 * anything is sent (files, bytes, the biggest folders), then packed as a tar
 * stream with each file's sha256 taken on the way, for the build record.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pack, type Pack } from 'tar-stream';
import { Dockerignore } from './dockerignore.js';

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
      const st = await lstat(full);
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
  const tar: Pack = pack();
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const hashes = new Map<string, string>();
  const dockerfileName = scan.dockerfileInContext ?? `.dockerfile.berth-${process.pid}`;
  tar.pipe(out);
  let packed = 0;
  const entry = (header: Parameters<Pack['entry']>[0], body?: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (body) tar.entry(header, body, cb);
      else tar.entry(header, cb);
    });
  void (async () => {
    try {
      for (const e of scan.entries) {
        if (signal?.aborted) throw new ContextError('cancelled');
        const common = { name: e.path, mode: e.mode, mtime: new Date(e.mtime * 1000), uid: 0, gid: 0 };
        if (e.kind === 'dir') await entry({ ...common, type: 'directory' });
        else if (e.kind === 'symlink') await entry({ ...common, type: 'symlink', linkname: e.link });
        else {
          const hash = createHash('sha256');
          const sink = tar.entry({ ...common, size: e.size });
          await new Promise<void>((resolve, reject) => {
            const src = createReadStream(join(scan.root, e.path));
            let seen = 0;
            src.on('data', (c: Buffer | string) => {
              const b = Buffer.isBuffer(c) ? c : Buffer.from(c);
              hash.update(b);
              seen += b.length;
              packed += b.length;
              onBytes(packed);
            });
            src.on('error', (err) => reject(new ContextError(`Berth cannot read ${e.path}: ${err.message}.`)));
            src.on('end', () => (seen === e.size ? undefined : reject(new ContextError(`${e.path} changed while it was being sent; build again.`))));
            sink.on('finish', () => resolve());
            sink.on('error', reject);
            src.pipe(sink);
          });
          hashes.set(e.path, hash.digest('hex'));
        }
      }
      if (!scan.dockerfileInContext) {
        const body = await readFile(dockerfile);
        await entry({ name: dockerfileName, mode: 0o644, uid: 0, gid: 0, mtime: new Date(0) }, body);
      }
      tar.finalize();
    } catch (err) {
      out.destroy(err as Error);
      tar.destroy();
    }
  })();
  return { stream: out, hashes, dockerfileName };
}
