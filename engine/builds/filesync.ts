/**
 * The file sync BuildKit asks a client for over its session
 * (`moby.filesync.v1.FileSync/DiffCopy`), so that a build reads only the
 * files it uses instead of a whole context uploaded as a tar.
 *
 * The engine names a folder ("context" or "dockerfile") and what it wants
 * of it: exclude patterns (the `.dockerignore`), include patterns, and
 * "follow paths" (the sources the Dockerfile's COPY, ADD and RUN --mount
 * read; symlinks on their way are followed). The sender walks that much of
 * the folder and sends one STAT packet per entry, depth first with siblings
 * in byte order, then an empty STAT; the engine asks (REQ) for the files it
 * does not already hold, by their index among the STATs, and gets each as
 * DATA packets ended by an empty one; FIN ends it.
 *
 *   Packet { PacketType type = 1; Stat stat = 2; uint32 ID = 3; bytes data = 4; }
 *   PacketType { STAT = 0; REQ = 1; DATA = 2; FIN = 3; ERR = 4; }
 *   Stat { string path = 1; uint32 mode = 2; uint32 uid = 3; uint32 gid = 4; int64 size = 5;
 *          int64 modTime = 6; string linkname = 7; int64 devmajor = 8; int64 devminor = 9; map<string, bytes> xattrs = 10; }
 *
 * `mode` is Go's os.FileMode (permissions, plus 1<<31 for a folder and 1<<27
 * for a symlink); owners are sent as 0, as the docker CLI does.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, type BigIntStats } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { fields } from './buildkit-trace.js';
import { cleanPath, Dockerignore, parseDockerignore, patternRegExp } from './dockerignore.js';

export const PACKET = { STAT: 0, REQ: 1, DATA: 2, FIN: 3, ERR: 4 } as const;

/** Go's os.FileMode bits that matter here. */
const GO_DIR = 0x80000000;
const GO_SYMLINK = 0x08000000;
const GO_SETUID = 0x00800000;
const GO_SETGID = 0x00400000;
const GO_STICKY = 0x00100000;

export interface SyncEntry {
  /** Relative to the folder, with slashes. */
  readonly path: string;
  readonly kind: 'file' | 'dir' | 'symlink';
  /** Go's os.FileMode. */
  readonly mode: number;
  readonly size: number;
  /** Nanoseconds since the epoch. */
  readonly mtimeNs: bigint;
  readonly link?: string;
}

export interface Packet {
  readonly type: number;
  readonly id: number;
  readonly data: Buffer;
  /** Whether a stat field was there. */
  readonly hasStat: boolean;
}

// ---------------------------------------------------------------- wire

function varint(n: bigint | number): Buffer {
  let v = BigInt(n);
  if (v < 0n) v = BigInt.asUintN(64, v);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

const key = (no: number, wire: number) => varint(no * 8 + wire);
const numberField = (no: number, v: bigint | number) => (BigInt(v) === 0n ? [] : [key(no, 0), varint(v)]);
const bytesField = (no: number, b: Buffer) => [key(no, 2), varint(b.length), b];
const stringField = (no: number, s: string | undefined) => (s ? bytesField(no, Buffer.from(s, 'utf8')) : []);

/** Pure: a Stat message. */
export function encodeStat(e: SyncEntry): Buffer {
  return Buffer.concat([
    ...bytesField(1, Buffer.from(e.path, 'utf8')),
    ...numberField(2, e.mode >>> 0),
    ...numberField(5, e.kind === 'dir' ? 0 : e.size),
    ...numberField(6, e.mtimeNs),
    ...stringField(7, e.link),
  ]);
}

/** Pure: a Packet message; a STAT packet with no entry is the end of the STATs. */
export function encodePacket(type: number, p: { stat?: SyncEntry; id?: number; data?: Buffer } = {}): Buffer {
  return Buffer.concat([
    ...numberField(1, type),
    ...(p.stat ? bytesField(2, encodeStat(p.stat)) : []),
    ...numberField(3, p.id ?? 0),
    ...(p.data?.length ? bytesField(4, p.data) : []),
  ]);
}

/** Pure: a Packet message as the engine sends it (REQ, FIN, ERR). */
export function decodePacket(buf: Buffer): Packet {
  let type = 0;
  let id = 0;
  let data = Buffer.alloc(0);
  let hasStat = false;
  for (const f of fields(buf)) {
    if (f.no === 1 && typeof f.value === 'number') type = f.value;
    else if (f.no === 2) hasStat = true;
    else if (f.no === 3 && typeof f.value === 'number') id = f.value;
    else if (f.no === 4 && Buffer.isBuffer(f.value)) data = Buffer.from(f.value);
  }
  return { type, id, data, hasStat };
}

/** Pure: a stat's file mode as Go's os.FileMode. */
export function goMode(unixMode: number, kind: SyncEntry['kind']): number {
  let m = unixMode & 0o777;
  if (unixMode & 0o4000) m |= GO_SETUID;
  if (unixMode & 0o2000) m |= GO_SETGID;
  if (unixMode & 0o1000) m |= GO_STICKY;
  if (kind === 'dir') m |= GO_DIR;
  if (kind === 'symlink') m = (m | GO_SYMLINK) >>> 0;
  return m >>> 0;
}

// ---------------------------------------------------------------- what is sent

export interface SyncFilter {
  readonly includePatterns?: readonly string[];
  readonly excludePatterns?: readonly string[];
  readonly followPaths?: readonly string[];
}

type PrefixMatch = 'none' | 'partial' | 'full';

/** Pure: how an include pattern meets a path, part by part: the whole pattern matched, or the path is a folder it may reach into. */
export function matchPrefix(pattern: string, path: string): PrefixMatch {
  const pp = pattern.split('/');
  const np = path.split('/');
  const n = Math.min(pp.length, np.length);
  for (let i = 0; i < n; i++) if (!patternRegExp(pp[i]!).test(np[i]!)) return 'none';
  return np.length < pp.length ? 'partial' : 'full';
}

const hasWildcard = (s: string) => /[*?[\\]/.test(s);

/**
 * The follow paths with every symlink on their way added, and where each
 * leads (inside the folder), as the engine's own client resolves them.
 */
export function followLinks(root: string, paths: readonly string[]): string[] {
  const out = new Set<string>();
  const visit = (p: string, depth: number) => {
    if (depth > 40 || out.has(p)) return;
    out.add(p);
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      const here = parts.slice(0, i + 1).join('/');
      const candidates = hasWildcard(parts[i]!) ? globOne(root, parts.slice(0, i).join('/'), parts[i]!) : [here];
      for (const c of candidates) {
        let st;
        try {
          st = lstatSync(join(root, c));
        } catch {
          continue;
        }
        if (!st.isSymbolicLink()) continue;
        let target: string;
        try {
          target = readlinkSync(join(root, c));
        } catch {
          continue;
        }
        // An absolute target is read inside the folder, as the engine reads it.
        const resolved = cleanPath(target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(c), target));
        if (resolved === '..' || resolved.startsWith('../')) continue;
        out.add(c);
        const rest = parts.slice(i + 1).join('/');
        visit(rest ? `${resolved}/${rest}` : resolved, depth + 1);
      }
    }
  };
  for (const p of paths) visit(p, 0);
  return [...out];
}

function globOne(root: string, dir: string, pattern: string): string[] {
  const re = patternRegExp(pattern);
  try {
    return readdirSync(join(root, dir))
      .filter((n) => re.test(n))
      .map((n) => (dir ? `${dir}/${n}` : n));
  } catch {
    return [];
  }
}

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * The entries of `root` to send for `filter`, in the order the engine checks:
 * depth first, siblings in byte order, every folder before what is in it.
 * A folder is sent when anything below it may be; a folder the include
 * patterns match whole is sent with all it holds (less what is excluded).
 */
export function* syncEntries(root: string, filter: SyncFilter): Generator<SyncEntry> {
  let includes: string[] | undefined = [...(filter.includePatterns ?? [])];
  if (filter.followPaths)
    includes.push(
      ...followLinks(
        root,
        filter.followPaths.map((p) => stripSlash(cleanPath(p))),
      ),
    );
  includes = includes.map((p) => stripSlash(cleanPath(p)));
  if (!filter.includePatterns && !filter.followPaths) includes = undefined;
  else if (includes.includes('.') || includes.includes('')) includes = undefined;
  const exclude = filter.excludePatterns?.length ? new Dockerignore(parseDockerignore(filter.excludePatterns.join('\n'))) : undefined;

  function* walk(dir: string, rel: string, wholeDir: boolean): Generator<SyncEntry> {
    let names: string[];
    try {
      names = readdirSync(join(root, dir)).sort(byBytes);
    } catch {
      return;
    }
    for (const name of names) {
      const path = rel ? `${rel}/${name}` : name;
      let st: BigIntStats;
      try {
        st = lstatSync(join(root, path), { bigint: true });
      } catch {
        continue;
      }
      const isDir = st.isDirectory();
      let whole = wholeDir;
      if (includes && !wholeDir) {
        let best: PrefixMatch = 'none';
        for (const pattern of includes) {
          const m = matchPrefix(pattern, path);
          if (m === 'full') {
            best = m;
            break;
          }
          if (m === 'partial') best = m;
        }
        if (best === 'none' || (best === 'partial' && !isDir)) continue;
        whole = best === 'full';
      }
      if (exclude?.excludes(path) && !(isDir && exclude.mayIncludeInside(path))) continue;
      const mtimeNs = st.mtimeNs;
      const unixMode = Number(st.mode);
      if (isDir) {
        yield { path, kind: 'dir', mode: goMode(unixMode, 'dir'), size: 0, mtimeNs };
        yield* walk(path, path, whole);
      } else if (st.isSymbolicLink()) {
        let link = '';
        try {
          link = readlinkSync(join(root, path));
        } catch {
          continue;
        }
        yield { path, kind: 'symlink', mode: goMode(0o777, 'symlink'), size: link.length, mtimeNs, link };
      } else if (st.isFile()) {
        yield { path, kind: 'file', mode: goMode(unixMode, 'file'), size: Number(st.size), mtimeNs };
      }
    }
  }
  yield* walk('', '', false);
}

const stripSlash = (p: string) => (p.startsWith('/') ? p.slice(1) || '.' : p);

// ---------------------------------------------------------------- sending

/** One side of a DiffCopy stream: packets out, packets in. */
export interface PacketPort {
  /** Resolves once the packet is written (waiting for room when the stream is full). */
  send(packet: Buffer): Promise<void>;
  /** The engine's packets, one at a time; ends when its stream does. */
  readonly packets: AsyncIterable<Packet>;
}

export interface SendReport {
  readonly entries: number;
  readonly files: number;
  readonly requested: number;
  /** File bytes sent. */
  readonly bytes: number;
  /** sha256 of each file sent whole, by path. */
  readonly hashes: Map<string, string>;
  /** Every regular file STAT-ed, by path (to hash later the ones not asked for). */
  readonly filesListed: string[];
}

export class SyncError extends Error {}

/** Entries listed, or files hashed, between two turns of the event loop. */
const YIELD_EVERY = 500;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Bytes per DATA packet (the engine takes up to 4 MiB per message). */
const DATA_CHUNK = 512 * 1024;

/**
 * Send `root` as the engine asks: every STAT, then each file it requests,
 * until it says FIN. `onBytes` hears the file bytes sent so far.
 */
export async function sendFolder(
  root: string,
  filter: SyncFilter,
  port: PacketPort,
  onBytes: (n: number) => void = () => undefined,
  signal?: AbortSignal,
): Promise<SendReport> {
  const files = new Map<number, SyncEntry>();
  const hashes = new Map<string, string>();
  const filesListed: string[] = [];
  let entries = 0;
  let bytes = 0;
  let requested = 0;
  const statsDone = (async () => {
    for (const e of syncEntries(root, filter)) {
      if (signal?.aborted) throw new SyncError('cancelled');
      if (e.kind === 'file') {
        files.set(entries, e);
        filesListed.push(e.path);
      }
      entries++;
      await port.send(encodePacket(PACKET.STAT, { stat: e }));
      // The walk is synchronous: now and then the backend answers its other calls.
      if (entries % YIELD_EVERY === 0) await yieldToLoop();
    }
    await port.send(encodePacket(PACKET.STAT));
  })();
  // A failure while listing is told to the engine, and reported once its side ends.
  let listingError: unknown;
  statsDone.catch((err: unknown) => {
    listingError = err;
    void port.send(encodePacket(PACKET.ERR, { data: Buffer.from((err as Error).message) })).catch(() => undefined);
  });
  const sendFile = async (id: number) => {
    const e = files.get(id);
    if (!e) throw new SyncError(`The engine asked for entry ${id}, which is not a file that was listed.`);
    requested++;
    const read = await readHashed(
      join(root, e.path),
      e.size,
      async (piece) => {
        bytes += piece.length;
        await port.send(encodePacket(PACKET.DATA, { id, data: piece }));
        onBytes(bytes);
      },
      signal,
    );
    // Hashed for the build's record when what was sent is the file as listed (one gone since goes empty).
    if (read && read.bytes === e.size) hashes.set(e.path, read.sha256);
    await port.send(encodePacket(PACKET.DATA, { id }));
  };
  for await (const p of port.packets) {
    if (listingError) break;
    if (p.type === PACKET.REQ) await sendFile(p.id);
    else if (p.type === PACKET.ERR) throw new SyncError(`The engine stopped reading ${root}: ${p.data.toString('utf8')}`);
    else if (p.type === PACKET.FIN) {
      await statsDone;
      await port.send(encodePacket(PACKET.FIN));
      return { entries, files: files.size, requested, bytes, hashes, filesListed };
    }
  }
  if (listingError) throw listingError instanceof SyncError ? listingError : new SyncError(`Berth could not list ${root}: ${(listingError as Error).message}`);
  throw new SyncError(`The engine closed the sync of ${root} before it was done.`);
}

/**
 * Read a file whole, hashing it on the way and handing each piece (at most DATA_CHUNK bytes, never empty) to
 * `each` in order: a small file (by its listed size) in one synchronous read (about as long as one thread-pool round
 * trip, without the open, read and close of three; a project's files are mostly small), a larger one chunk by chunk.
 * Undefined when it cannot be opened (gone since it was listed).
 */
async function readHashed(
  path: string,
  listedSize: number,
  each?: (piece: Buffer) => Promise<void>,
  signal?: AbortSignal,
): Promise<{ sha256: string; bytes: number } | undefined> {
  const hash = createHash('sha256');
  let bytes = 0;
  const take = async (piece: Buffer) => {
    hash.update(piece);
    bytes += piece.length;
    await each?.(piece);
  };
  if (listedSize <= DATA_CHUNK) {
    let body: Buffer;
    try {
      body = readFileSync(path);
    } catch {
      return undefined;
    }
    for (let at = 0; at < body.length; at += DATA_CHUNK) await take(body.subarray(at, at + DATA_CHUNK));
    return { sha256: hash.digest('hex'), bytes };
  }
  const file = await open(path).catch(() => undefined);
  if (!file) return undefined;
  // A piece handed on may be kept until it is sent: each gets its own buffer then.
  const shared = each ? undefined : Buffer.allocUnsafe(DATA_CHUNK);
  try {
    for (;;) {
      if (signal?.aborted) throw new SyncError('cancelled');
      const buf = shared ?? Buffer.allocUnsafe(DATA_CHUNK);
      const { bytesRead } = await file.read(buf, 0, buf.length, null);
      if (!bytesRead) break;
      await take(buf.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** sha256 of files not sent (the engine held them already), for the build's record. */
export async function hashFiles(root: string, paths: readonly string[], into: Map<string, string>): Promise<void> {
  let n = 0;
  for (const p of paths) {
    if (into.has(p)) continue;
    if (++n % YIELD_EVERY === 0) await yieldToLoop();
    let st;
    try {
      st = lstatSync(join(root, p));
    } catch {
      continue;
    }
    const read = await readHashed(join(root, p), st.size);
    if (read) into.set(p, read.sha256);
  }
}
