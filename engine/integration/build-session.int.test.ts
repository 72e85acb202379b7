/**
 * Build contexts through a BuildKit session (engine/builds/session.ts), against the real engine:
 * only the files a build reads are sent, a rebuild sends only what changed, and what lands in
 * the image is what a plain tar upload of the same context puts there. The reference builds post
 * a GNU tar of the context (the files `.dockerignore` leaves in) straight to `POST /build?version=2`,
 * with no Berth code on the way but the context's file list.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, createConnection, type Server } from 'node:net';
import { join, posix, relative } from 'node:path';
import Docker from 'dockerode';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent } from '../contract/index.js';
import type { RpcClient } from '../rpc/client.js';
import { BuildService, postBuild } from '../builds/builds.js';
import { scanContext } from '../builds/context.js';
import type { EngineClient } from '../engine/index.js';
import { Rng } from '../util/rng.js';
import { readNdjson } from '../util/text-stream.js';
import { docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('build-session');
let dockerHost = '';
let rpc: RpcClient;
const dirs: string[] = [];

interface Run {
  events: BuildEvent[];
  end?: Extract<BuildEvent, { t: 'done' | 'failed' }>;
  error?: string;
}

function build(context: string, tags: string[]): Promise<Run> {
  const run: Run = { events: [] };
  return new Promise((resolve) => {
    rpc.stream('builds.start', { context, tags, buildArgs: {}, labels: {}, noCache: false, pull: false } as never, {
      next: (e) => {
        run.events.push(e);
        if (e.t === 'done' || e.t === 'failed') run.end = e;
      },
      end: (err) => {
        if (err) run.error = err.message;
        resolve(run);
      },
    });
  });
}

const lastUpload = (r: Run) => r.events.filter((e): e is Extract<BuildEvent, { t: 'upload' }> => e.t === 'upload').at(-1);

/** The reference: the context's files (as `.dockerignore` leaves them) tarred by GNU tar and posted to the engine with no session. */
async function referenceBuild(context: string, tag: string): Promise<{ ok: boolean; message?: string }> {
  const scan = await scanContext(context, join(context, 'Dockerfile'));
  const list = join(context, '..', `${posix.basename(context)}.list`);
  writeFileSync(list, scan.entries.map((e) => e.path).join('\n') + '\n');
  const tar = spawn('tar', ['-c', '--no-recursion', '-C', context, '-T', list], { stdio: ['ignore', 'pipe', 'inherit'] });
  const client = new Docker({ socketPath: dockerHost.replace(/^unix:\/\//, '') });
  let reply: NodeJS.ReadableStream;
  try {
    reply = await postBuild(client, { version: '2', t: [tag] }, tar.stdout);
  } catch (err) {
    rmSync(list, { force: true });
    return { ok: false, message: (err as Error).message };
  }
  let message: string | undefined;
  let id: string | undefined;
  await readNdjson<{ error?: string; id?: string; aux?: { ID?: string } }>(reply, (l) => {
    if (l.error) message = l.error;
    if (l.id === 'moby.image.id') id = l.aux?.ID;
  });
  rmSync(list, { force: true });
  return id && !message ? { ok: true } : { ok: false, message: message ?? 'no image' };
}

/** Every entry an image has under the given folders: type, mode, size, link, content hash, and a file's mtime in seconds. */
async function imageTree(tag: string, roots: readonly string[]): Promise<Record<string, string>> {
  const id = (await docker(dockerHost, ['create', tag, 'none'])).trim();
  try {
    const out: Record<string, string> = {};
    const exp = spawn('docker', ['-H', dockerHost, 'export', id], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ex = extract();
    ex.on('entry', (h, stream, next) => {
      const name = h.name.replace(/\/$/, '');
      const hash = createHash('sha256');
      stream.on('data', (c: unknown) => void hash.update(c as Buffer));
      stream.on('end', () => {
        if (roots.some((r) => name === r || name.startsWith(`${r}/`))) {
          const mtime = h.type === 'file' ? Math.floor((h.mtime?.getTime() ?? 0) / 1000) : '';
          out[name] = [
            h.type,
            ((h.mode ?? 0) & 0o7777).toString(8),
            h.size,
            h.linkname ?? '',
            h.type === 'file' ? hash.digest('hex').slice(0, 16) : '',
            mtime,
            h.uid,
            h.gid,
          ].join(' ');
        }
        next();
      });
      stream.resume();
    });
    exp.stdout.pipe(ex);
    await new Promise<void>((resolve, reject) => {
      ex.on('finish', resolve);
      ex.on('error', reject);
    });
    return out;
  } finally {
    await docker(dockerHost, ['rm', id]);
  }
}

const NAMES = ['a', 'a.txt', 'a-b', 'B', 'ü.md', 'sp ace', '_x', 'z9', 'f.log', 'keep', 'a b.txt', 'deep'];

interface Made {
  files: string[];
  dirs: string[];
  links: string[];
}

/** A random context: nested folders, files of random sizes, modes and times, symlinks (to files, folders, outside, nowhere). */
function makeTree(rng: Rng, root: string, made: Made = { files: [], dirs: [], links: [] }, rel = '', depth = 0): Made {
  const n = rng.int(depth ? 0 : 3, 5);
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const name = rng.pick(NAMES);
    if (used.has(name)) continue;
    used.add(name);
    const path = rel ? `${rel}/${name}` : name;
    const full = join(root, path);
    if (depth < 3 && rng.chance(0.35)) {
      mkdirSync(full);
      made.dirs.push(path);
      makeTree(rng, root, made, path, depth + 1);
    } else {
      writeFile(rng, full);
      made.files.push(path);
    }
  }
  return made;
}

function writeFile(rng: Rng, full: string): void {
  const size = rng.weighted<number>([
    [0, 1],
    [rng.int(1, 200), 5],
    [rng.int(1000, 200_000), 3],
    [rng.int(600_000, 1_500_000), 1],
  ]);
  writeFileSync(full, size > 4096 ? randomBytes(size) : rng.bytes(size));
  chmodSync(full, rng.pick([0o644, 0o755, 0o600, 0o444, 0o640]));
  const t = 1_500_000_000 + rng.int(0, 200_000_000) + rng.int(0, 999_999) / 1e6;
  utimesSync(full, t, t);
}

function addLinks(rng: Rng, root: string, made: Made): void {
  const count = rng.int(0, 3);
  for (let i = 0; i < count; i++) {
    const dir = rng.chance(0.5) || !made.dirs.length ? '' : rng.pick(made.dirs);
    const name = `ln${i}`;
    const path = dir ? `${dir}/${name}` : name;
    const targets = [...made.files, ...made.dirs];
    const kind = rng.weighted<string>([
      ['relative', targets.length ? 6 : 0],
      ['absolute', targets.length ? 2 : 0],
      ['nowhere', 1],
    ]);
    const target = kind === 'relative' ? relative(dir || '.', rng.pick(targets)) || '.' : kind === 'absolute' ? `/${rng.pick(targets)}` : 'nowhere/at/all';
    symlinkSync(target, join(root, path));
    made.links.push(path);
  }
}

const json = (s: string[]) => JSON.stringify(s);

/** A Dockerfile copying 1–3 random sources (files, folders, globs, symlinks) and sometimes the whole context. */
function makeDockerfile(rng: Rng, made: Made): { text: string; roots: string[] } {
  const lines = ['FROM scratch'];
  const roots: string[] = [];
  const n = rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    const dirsWithFiles = made.dirs.filter((d) => made.files.some((f) => f.startsWith(`${d}/`)));
    const src = rng.weighted<string>([
      [made.files.length ? rng.pick(made.files) : 'Dockerfile', 4],
      [dirsWithFiles.length ? rng.pick(dirsWithFiles) : 'Dockerfile', 3],
      [dirsWithFiles.length ? `${rng.pick(dirsWithFiles)}/*` : '*.txt', 2],
      ['*.log', 1],
      [made.links.length ? rng.pick(made.links) : 'Dockerfile', 1],
    ]);
    lines.push(`COPY ${json([src, `/c${i}/`])}`);
    roots.push(`c${i}`);
  }
  if (rng.chance(0.3)) {
    lines.push('COPY . /all/');
    roots.push('all');
  }
  return { text: `${lines.join('\n')}\n`, roots };
}

/** A `.dockerignore` leaving out some of the generated names, sometimes with an exception. */
function makeIgnore(rng: Rng, made: Made): string {
  const lines: string[] = [];
  if (rng.chance(0.4)) lines.push('*.log');
  if (made.dirs.length && rng.chance(0.4)) {
    const d = rng.pick(made.dirs);
    lines.push(d);
    const inside = made.files.filter((f) => f.startsWith(`${d}/`));
    if (inside.length && rng.chance(0.6)) lines.push(`!${rng.pick(inside)}`);
  }
  if (made.files.length && rng.chance(0.3)) lines.push(rng.pick(made.files));
  if (rng.chance(0.2)) lines.push('**/a.txt');
  return lines.join('\n') + (lines.length ? '\n' : '');
}

/** Change some of a context between two builds: new content and times, new files, removals, modes. */
function mutate(rng: Rng, root: string, made: Made): void {
  for (const f of [...made.files]) {
    if (!existsSync(join(root, f))) continue;
    const r = rng.next();
    if (r < 0.2) writeFile(rng, join(root, f));
    else if (r < 0.3) {
      unlinkSync(join(root, f));
      made.files = made.files.filter((x) => x !== f);
    } else if (r < 0.4) chmodSync(join(root, f), rng.pick([0o755, 0o600]));
  }
  if (made.dirs.length && rng.chance(0.5)) {
    const p = `${rng.pick(made.dirs)}/new-${rng.int(0, 99)}.txt`;
    writeFile(rng, join(root, p));
    made.files.push(p);
  }
}

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});
afterAll(async () => {
  rpc?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await removeHomes();
});

const newDir = (tag: string) => {
  const d = mkdtempSync(`/tmp/berth-session-${tag}-`);
  dirs.push(d);
  return d;
};

describe('build context through a session', () => {
  it('sends only the file a COPY reads out of a 300 MB context, then nothing on a rebuild, then the one file that changed', async () => {
    const dir = newDir('big');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'one.txt'), 'hello\n');
    // Written in pieces of random bytes, so nothing is compressible and the size is real.
    const big = join(dir, 'big.bin');
    for (let i = 0; i < 30; i++) writeFileSync(big, randomBytes(10 << 20), { flag: i ? 'a' : 'w' });
    const dockerfile = 'FROM scratch\nCOPY sub/one.txt /one.txt\n';
    writeFileSync(join(dir, 'Dockerfile'), dockerfile);

    const first = await build(dir, ['session/one:1']);
    expect(first.error).toBeUndefined();
    expect(first.end?.t).toBe('done');
    expect(first.events.find((e) => e.t === 'context')).toMatchObject({ files: 3, bytes: 300 * (1 << 20) + 6 + dockerfile.length });
    // The Dockerfile and the one file it copies: the 300 MB file stayed here.
    expect(lastUpload(first)).toMatchObject({ sent: 2, bytes: 6 + dockerfile.length });
    expect(await imageTree('session/one:1', ['one.txt'])).toMatchObject({ 'one.txt': expect.stringMatching(/^file 644 6 /) });
    const out = execFileSync('docker', ['-H', dockerHost, 'save', 'session/one:1']);
    expect(out.length).toBeLessThan(1 << 20);

    // The engine holds the folder from the last build: nothing goes, and every step is cached.
    const again = await build(dir, ['session/one:1']);
    expect(again.end?.t).toBe('done');
    expect(lastUpload(again)).toMatchObject({ sent: 0, bytes: 0 });

    writeFileSync(join(dir, 'sub', 'one.txt'), 'hello again\n');
    writeFileSync(join(dir, 'big.bin'), randomBytes(1 << 20), { flag: 'a' });
    const changed = await build(dir, ['session/one:2']);
    expect(changed.end?.t).toBe('done');
    expect(lastUpload(changed)).toMatchObject({ sent: 1, bytes: 12 });
    const c = (await docker(dockerHost, ['create', 'session/one:2', 'none'])).trim();
    expect(execFileSync('docker', ['-H', dockerHost, 'cp', `${c}:/one.txt`, '-']).toString()).toContain('hello again\n');
    await docker(dockerHost, ['rm', c]);
    // The record has the hash of the file the build read, for the cache explanation (which also had the
    // scratch stage's COPY at the FROM line before: BuildKit numbers no FROM step for `scratch`).
    const explain = changed.events.find((e) => e.t === 'explain');
    expect(explain?.t === 'explain' && explain.explanation.first?.reason).toEqual({ kind: 'files-changed', changed: ['sub/one.txt'], added: [], removed: [] });
  });

  it('puts in the image what a tar of the same context puts there, for 12 seeded random contexts and a changed rebuild of each', async () => {
    const seeds = Array.from({ length: 12 }, (_, i) => 9100 + i);
    const report: string[] = [];
    for (const seed of seeds) {
      const rng = new Rng(seed);
      const dir = newDir(`s${seed}`);
      const made = makeTree(rng, dir);
      addLinks(rng, dir, made);
      const df = makeDockerfile(rng, made);
      writeFileSync(join(dir, 'Dockerfile'), df.text);
      const ignore = makeIgnore(rng, made);
      if (ignore) writeFileSync(join(dir, '.dockerignore'), ignore);
      for (const round of [0, 1]) {
        if (round) mutate(rng, dir, made);
        const tag = `session/s${seed}:${round}`;
        const ref = await referenceBuild(dir, `ref/s${seed}:${round}`);
        const r = await build(dir, [tag]);
        const what = `seed ${seed} round ${round}\n${df.text}${ignore}`;
        expect(r.error, what).toBeUndefined();
        if (!ref.ok) {
          // A source that is not there (a glob matching nothing, a link to nowhere, a file left out) fails both ways.
          expect(r.end?.t, `${what}\nreference failed: ${ref.message}`).toBe('failed');
          report.push(`${seed}/${round}: both failed`);
          continue;
        }
        expect(r.end?.t, `${what}\n${r.end?.t === 'failed' ? r.end.message : ''}`).toBe('done');
        const [mine, theirs] = [await imageTree(tag, df.roots), await imageTree(`ref/s${seed}:${round}`, df.roots)];
        expect(mine, what).toEqual(theirs);
        report.push(`${seed}/${round}: ${Object.keys(mine).length} entries, sent ${lastUpload(r)?.sent} files`);
      }
    }
    console.log(report.join('\n'));
    // Most contexts build and copy something: the comparison is not only of failures or of empty globs.
    expect(report.filter((l) => / [1-9]\d* entries/.test(l)).length).toBeGreaterThanOrEqual(12);
  });

  it('builds with a tar upload when the engine refuses a session, as an engine before BuildKit sessions does', async () => {
    const sock = join(newDir('gate'), 'engine.sock');
    const target = dockerHost.replace(/^unix:\/\//, '');
    let refused = 0;
    // In front of the engine: `POST /session` answered 404 as an engine without it does; the rest passes.
    // Connections are kept alive, so every request's first bytes are looked at, not only a connection's.
    const server: Server = createServer((client) => {
      const up = createConnection({ path: target });
      up.pipe(client);
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
      client.on('data', (chunk: Buffer) => {
        if (/^POST [^ ]*\/session /.test(chunk.toString('latin1'))) {
          refused++;
          up.unpipe(client);
          up.destroy();
          client.end(
            'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 29\r\n\r\n{"message":"page not found"}\n',
          );
          return;
        }
        up.write(chunk);
      });
      client.on('end', () => up.end());
    });
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const dir = newDir('refused');
      writeFileSync(join(dir, 'keep.txt'), 'kept\n');
      writeFileSync(join(dir, 'other.bin'), randomBytes(100_000));
      writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY keep.txt /keep.txt\n');
      const d = new Docker({ socketPath: sock });
      const client: EngineClient = { docker: () => d, status: () => ({ state: 'running' }) as never, subscribe: () => () => undefined };
      const events: BuildEvent[] = [];
      const ac = new AbortController();
      await new BuildService(client, undefined, dir).start(
        { context: dir, tags: ['session/refused:1'], buildArgs: {}, labels: {}, noCache: false, pull: false },
        { emit: (e: BuildEvent) => events.push(e), signal: ac.signal } as never,
      );
      expect(refused).toBeGreaterThan(0);
      expect(events.find((e) => e.t === 'done')).toBeDefined();
      // The whole context went as a tar: both files' bytes.
      const uploads = events.filter((e): e is Extract<BuildEvent, { t: 'upload' }> => e.t === 'upload');
      expect(uploads.at(-1)).toMatchObject({ bytes: 100_005 + 'FROM scratch\nCOPY keep.txt /keep.txt\n'.length });
      expect(uploads.some((u) => u.sent !== undefined)).toBe(false);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
