/**
 * Two images compared file by file against a real engine: images built here
 * (a busybox base, then RUN steps adding, changing and removing files, modes,
 * owners and links), compared through `layers.diff` and `berth image diff`,
 * and checked against a deliberately simple reference written below, which
 * walks the two `docker save` archives with tar-stream.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageDiff } from '../contract/image-diff.js';
import { BUSYBOX_IMAGE, buildFromDockerfile } from '../../e2e/fixtures/images.js';
import type { RpcClient } from '../rpc/client.js';
import { berth, docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('idiff');
const dir = mkdtempSync('/tmp/berth-idiff-');
let dockerHost = '';
let rpc: RpcClient;

const BASE = `FROM ${BUSYBOX_IMAGE}
RUN ${[
  'busybox mkdir -p /app/sub /app/olddir',
  'echo same > /app/same.txt',
  'echo aaaa > /app/content.txt',
  'echo gone > /app/removed.txt',
  'echo run > /app/mode.sh',
  'busybox ln -s target-one /app/link',
  'echo 1 > /app/olddir/f',
  'echo owned > /app/owned',
  'echo grow > /app/grow.txt',
].join(' && ')}
`;
const A = `FROM diff/base:1
RUN echo only-in-a > /app/a-only.txt
`;
const B = `FROM diff/base:1
RUN ${[
  'echo bbbb > /app/content.txt',
  'busybox rm /app/removed.txt',
  'busybox chmod 755 /app/mode.sh',
  'busybox ln -sfn target-two /app/link',
  'echo new > /app/added.txt',
  'busybox chown 1:1 /app/owned',
  'busybox rm -rf /app/olddir',
  'busybox mkdir -p /app/newdir',
  'echo n > /app/newdir/n',
  'busybox touch /app/same.txt',
  'echo growing-bigger > /app/grow.txt',
].join(' && ')}
RUN echo later > /app/late.txt && busybox chmod 700 /app/sub
`;

/** A seeded random generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = ['/r/p0', '/r/p1', '/r/p2', '/r/d', '/r/d/p3', '/r/d/p4'];
// Pairs of the same length, so content changes that keep the size happen often.
const BODIES = ['aaaa', 'bbbb', 'cc', 'dd', 'eeeeeeeeee'];

/** One RUN of `n` random operations on a few paths: writes, modes, owners, links, removals, directories, touches. */
function randomRun(next: () => number, n: number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const ops: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = pick(PATHS);
    switch (pick(['write', 'write', 'chmod', 'chown', 'symlink', 'rm', 'mkdir', 'hardlink', 'touch'] as const)) {
      case 'write':
        ops.push(`busybox rm -rf ${p}; echo ${pick(BODIES)} > ${p}`);
        break;
      case 'chmod':
        ops.push(`busybox chmod ${pick(['600', '644', '755', '700'])} ${p}`);
        break;
      case 'chown':
        ops.push(`busybox chown -h ${pick(['0:0', '1:1', '2:0'])} ${p}`);
        break;
      case 'symlink':
        ops.push(`busybox rm -rf ${p}; busybox ln -s ${pick(['one', 'two', '../p0'])} ${p}`);
        break;
      case 'rm':
        ops.push(`busybox rm -rf ${p}`);
        break;
      case 'mkdir':
        ops.push(`busybox rm -rf ${p}; busybox mkdir -p ${p}/sub; echo ${pick(BODIES)} > ${p}/sub/f`);
        break;
      case 'hardlink':
        ops.push(`busybox rm -rf ${p}; busybox ln ${pick(PATHS)} ${p}`);
        break;
      case 'touch':
        ops.push(`busybox touch ${p}`);
        break;
    }
  }
  return `RUN busybox mkdir -p /r/d; ${ops.map((o) => `${o} 2>/dev/null`).join('; ')}; true\n`;
}

// ---- The reference: a docker save archive walked with tar-stream, layers applied by the OCI rules, in the plainest way. ----

interface RefNode {
  kind: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  link?: string;
  hash?: string;
  layer: number;
}

/** Every entry of a tar (bodies in memory: these archives are small). */
async function untar(
  bytes: Buffer,
): Promise<Array<{ name: string; type: string; size: number; mode: number; uid: number; gid: number; link?: string; body: Buffer }>> {
  const out: Array<{ name: string; type: string; size: number; mode: number; uid: number; gid: number; link?: string; body: Buffer }> = [];
  const ex = extract();
  const done = (async () => {
    for await (const entry of ex) {
      const parts: Buffer[] = [];
      for await (const c of entry) parts.push(c as Buffer);
      const h = entry.header;
      out.push({
        name: h.name,
        type: h.type ?? 'file',
        size: h.size ?? 0,
        mode: h.mode ?? 0,
        uid: h.uid ?? 0,
        gid: h.gid ?? 0,
        ...(h.linkname ? { link: h.linkname } : {}),
        body: Buffer.concat(parts),
      });
    }
  })();
  ex.end(bytes);
  await done;
  return out;
}

const KIND: Record<string, string> = {
  file: 'file',
  link: 'hardlink',
  symlink: 'symlink',
  directory: 'dir',
  'character-device': 'device',
  'block-device': 'device',
  fifo: 'fifo',
};
const clean = (name: string) => name.replace(/^(\.\/)+/, '').replace(/^\/+|\/+$/g, '');

/** An image's final files, from its `docker save` archive. */
async function referenceImage(archive: Buffer): Promise<Map<string, RefNode>> {
  const outer = await untar(archive);
  const byName = new Map(outer.map((e) => [clean(e.name), e]));
  const body = (name: string): Buffer => {
    let e = byName.get(name);
    for (let hops = 0; e && e.type === 'symlink' && hops < 4; hops++) e = byName.get(clean(join(name, '..', e.link!)));
    if (!e) throw new Error(`the archive has no ${name}`);
    return e.body;
  };
  const manifest = JSON.parse(body('manifest.json').toString()) as Array<{ Layers: string[] }>;
  const fs = new Map<string, RefNode>();
  const dropBelow = (p: string) => {
    for (const k of [...fs.keys()]) if (k.startsWith(`${p}/`)) fs.delete(k);
  };
  for (const [i, layerPath] of manifest[0]!.Layers.entries()) {
    let tar = body(layerPath);
    if (tar[0] === 0x1f && tar[1] === 0x8b) tar = gunzipSync(tar);
    const entries = (await untar(tar)).map((e) => ({ ...e, path: clean(e.name) })).filter((e) => e.path);
    // Whiteouts and opaque markers hide what the layers below have, before this layer's own entries.
    for (const e of entries) {
      const base = e.path.split('/').pop()!;
      const parent = e.path.slice(0, Math.max(0, e.path.length - base.length - 1));
      if (base === '.wh..wh..opq') dropBelow(parent);
      else if (base.startsWith('.wh.')) {
        const gone = parent ? `${parent}/${base.slice(4)}` : base.slice(4);
        fs.delete(gone);
        dropBelow(gone);
      }
    }
    for (const e of entries) {
      if (e.path.split('/').pop()!.startsWith('.wh.')) continue;
      const kind = KIND[e.type] ?? 'other';
      const before = fs.get(e.path);
      if (kind === 'dir' && before?.kind === 'dir') {
        // A directory written again keeps the layer that last changed it.
        const changed = before.mode !== e.mode || before.uid !== e.uid || before.gid !== e.gid;
        fs.set(e.path, { ...before, mode: e.mode, uid: e.uid, gid: e.gid, layer: changed ? i : before.layer });
        continue;
      }
      if (before?.kind === 'dir') dropBelow(e.path);
      const target = kind === 'hardlink' ? fs.get(clean(e.link!)) : undefined;
      const size = kind === 'file' ? e.size : (target?.size ?? 0);
      const hash = kind === 'file' ? (e.size ? createHash('sha256').update(e.body).digest('hex') : undefined) : target?.hash;
      fs.set(e.path, {
        kind,
        size,
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        layer: i,
        ...(kind === 'symlink' ? { link: e.link } : kind === 'hardlink' ? { link: clean(e.link!) } : {}),
        ...(hash ? { hash } : {}),
      });
    }
  }
  return fs;
}

/** The reference's comparison: each differing path in words, and the totals. */
function referenceDiff(a: Map<string, RefNode>, b: Map<string, RefNode>) {
  const paths: Record<string, string> = {};
  const totals = { added: 0, removed: 0, changed: 0, bytesAdded: 0, bytesRemoved: 0 };
  const bytes = (n: RefNode) => (n.kind === 'file' ? n.size : 0);
  for (const p of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(p);
    const y = b.get(p);
    if (x && !y) {
      paths[p] = `removed a${x.layer}`;
      totals.removed++;
      totals.bytesRemoved += bytes(x);
    } else if (y && !x) {
      paths[p] = `added b${y.layer}`;
      totals.added++;
      totals.bytesAdded += bytes(y);
    } else if (x && y) {
      const what: string[] = [];
      if (x.kind !== y.kind) what.push('kind');
      else if (x.kind === 'file' || x.kind === 'hardlink') {
        if (x.size !== y.size) what.push('size');
        if (x.size !== y.size || x.hash !== y.hash) what.push('content');
      }
      if ((x.mode & 0o7777) !== (y.mode & 0o7777)) what.push('mode');
      if (x.uid !== y.uid || x.gid !== y.gid) what.push('owner');
      if (x.kind === y.kind && (x.link ?? '') !== (y.link ?? '')) what.push('link');
      if (!what.length) continue;
      paths[p] = `changed ${what.join(',')} a${x.layer} b${y.layer}`;
      totals.changed++;
      if (what.includes('content') || what.includes('kind')) {
        totals.bytesAdded += bytes(y);
        totals.bytesRemoved += bytes(x);
      }
    }
  }
  return { paths, totals };
}

/** Berth's comparison in the reference's words. */
function berthWords(d: ImageDiff) {
  const paths: Record<string, string> = {};
  for (const e of d.entries) {
    if (e.status === 'added') paths[e.path] = `added b${e.b!.layer}`;
    else if (e.status === 'removed') paths[e.path] = `removed a${e.a!.layer}`;
    else if (e.status === 'changed') paths[e.path] = `changed ${e.aspects!.join(',')} a${e.a!.layer} b${e.b!.layer}`;
  }
  const { added, removed, changed, bytesAdded, bytesRemoved } = d.totals;
  return { paths, totals: { added, removed, changed, bytesAdded, bytesRemoved } };
}

async function saved(tag: string): Promise<Buffer> {
  const file = join(dir, `${tag.replace(/[/:]/g, '_')}.tar`);
  await docker(dockerHost, ['save', '-o', file, tag]);
  return readFileSync(file);
}

async function checkAgainstReference(a: string, b: string): Promise<ImageDiff> {
  const d = await rpc.call('layers.diff', { a, b });
  const ref = referenceDiff(await referenceImage(await saved(a)), await referenceImage(await saved(b)));
  expect(berthWords(d)).toEqual(ref);
  expect(d.more).toBe(0);
  return d;
}

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  await buildFromDockerfile(dockerHost, 'diff/base:1', BASE);
  await buildFromDockerfile(dockerHost, 'diff/a:1', A);
  await buildFromDockerfile(dockerHost, 'diff/b:1', B);
}, 180_000);
afterAll(async () => {
  rpc?.close();
  await removeHomes();
  rmSync(dir, { recursive: true, force: true });
});

describe('image diff', () => {
  it('sees what b adds, removes and changes, as the reference reads the two archives', async () => {
    const d = await checkAgainstReference('diff/a:1', 'diff/b:1');
    const status = Object.fromEntries(d.entries.map((e) => [e.path, `${e.status}${e.aspects ? ` ${e.aspects.join(',')}` : ''}`]));
    expect(status).toMatchObject({
      'app/content.txt': 'changed content',
      'app/removed.txt': 'removed',
      'app/a-only.txt': 'removed',
      'app/mode.sh': 'changed mode',
      'app/link': 'changed link',
      'app/added.txt': 'added',
      'app/owned': 'changed owner',
      'app/olddir': 'removed',
      'app/olddir/f': 'removed',
      'app/newdir': 'added',
      'app/newdir/n': 'added',
      'app/grow.txt': 'changed size,content',
      'app/late.txt': 'added',
      'app/sub': 'changed mode',
    });
    // Touched (a new mtime) but the same bytes: no difference.
    expect(status['app/same.txt']).toBeUndefined();
    expect(d.entries.find((e) => e.path === 'app')).toMatchObject({ status: 'unchanged', below: { added: 4, removed: 4, changed: 6 } });
    // busybox and the base are shared; a has one layer of its own, b two.
    expect(d.sharedBase).toBe(2);
    expect(d.a.layers.map((l) => l.shared)).toEqual([true, true, false]);
    expect(d.b.layers.map((l) => l.shared)).toEqual([true, true, false, false]);
    expect(d.b.layers[2]!.instruction).toContain('echo bbbb');
    expect(d.b.layers[3]).toMatchObject({ paths: 2, bytes: 'later\n'.length });
  });

  it('compares an image with itself as the same, and the other way round as the mirror image', async () => {
    const same = await rpc.call('layers.diff', { a: 'diff/b:1', b: 'diff/b:1' });
    expect(same.entries).toEqual([]);
    expect(same.totals).toMatchObject({ added: 0, removed: 0, changed: 0 });
    const back = await checkAgainstReference('diff/b:1', 'diff/a:1');
    const forth = await rpc.call('layers.diff', { a: 'diff/a:1', b: 'diff/b:1' });
    expect(back.totals).toMatchObject({ added: forth.totals.removed, removed: forth.totals.added, bytesAdded: forth.totals.bytesRemoved });
  });

  it.each([7, 31, 99, 2026, ...(process.env.BERTH_DIFF_SEED ? [Number(process.env.BERTH_DIFF_SEED)] : [])])(
    'random RUN steps from seed %i: Berth agrees with the reference, both ways',
    async (seed) => {
      const next = random(seed);
      const host = dockerHost;
      await buildFromDockerfile(host, `diff/seed-${seed}-base:1`, `FROM ${BUSYBOX_IMAGE}\n${randomRun(next, 8)}`);
      await buildFromDockerfile(host, `diff/seed-${seed}-a:1`, `FROM diff/seed-${seed}-base:1\n${randomRun(next, 6)}${randomRun(next, 6)}`);
      await buildFromDockerfile(host, `diff/seed-${seed}-b:1`, `FROM diff/seed-${seed}-base:1\n${randomRun(next, 6)}${randomRun(next, 6)}`);
      const d = await checkAgainstReference(`diff/seed-${seed}-a:1`, `diff/seed-${seed}-b:1`);
      expect(d.sharedBase, `seed ${seed}`).toBe(2);
      await checkAgainstReference(`diff/seed-${seed}-b:1`, `diff/seed-${seed}-a:1`);
    },
  );

  it('berth image diff prints the comparison as text and as JSON, and says so when an image is unknown', async () => {
    const text = await berth(home, ['image', 'diff', 'diff/a:1', 'diff/b:1']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('They share their first 2 layers');
    expect(text.stdout).toMatch(/^\+ \/app\/added\.txt {2}4 B {2}\(b L2\)$/m);
    expect(text.stdout).toMatch(/^- \/app\/removed\.txt {2}5 B {2}\(a L1\)$/m);
    expect(text.stdout).toMatch(/^~ \/app\/content\.txt {2}content \(5 B\) {2}\(a L1, b L2\)$/m);
    expect(text.stdout).toMatch(/^~ \/app\/mode\.sh {2}mode 644 → 755/m);
    expect(text.stdout).toContain('4 added, 4 removed, 6 changed;');
    const json = await berth(home, ['image', 'diff', 'diff/a:1', 'diff/b:1', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(await rpc.call('layers.diff', { a: 'diff/a:1', b: 'diff/b:1' }));
    const unknown = await berth(home, ['image', 'diff', 'diff/a:1', 'nope/missing:1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('There is no image nope/missing:1 on this engine.');
    const usage = await berth(home, ['image', 'diff', 'diff/a:1']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Name both images');
  });
});
