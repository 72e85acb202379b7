/**
 * The layer browser: index time and peak memory for an image of 100,000
 * files in 20 layers (made here as a `docker save` archive and loaded), against
 * the floor of the same `docker save` stream read through `tar -t`; and the
 * time to open an image already indexed.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pack } from 'tar-stream';
import { runBerth } from '../e2e/fixtures/berth.js';
import { connectBackend, ensureBackend } from '../engine/backend/launch.js';
import { layout } from '../engine/engine/paths.js';
import type { RpcClient } from '../engine/rpc/client.js';
import { median, timed, type BenchResult } from './stats.js';

const exec = promisify(execFile);
const LAYERS = 20;
const FILES_PER_LAYER = 5000;
const IMAGE = 'bench/layers:100k';

/**
 * One layer tar: FILES_PER_LAYER small files in 50 folders; some layers also delete or replace earlier files.
 * Variant 'b' (the image-diff bench's second image) writes other bytes of the same sizes from layer 15 up.
 */
async function layerTar(i: number, variant: 'a' | 'b' = 'a'): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  const add = (name: string, body?: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (body) p.entry({ name, size: body.length, mode: 0o644, mtime: new Date(0) }, body, cb);
      else p.entry({ name, type: 'directory', mode: 0o755, mtime: new Date(0) }, cb);
    });
  await add(`l${i}/`);
  for (let d = 0; d < 50; d++) {
    await add(`l${i}/d${d}/`);
    for (let f = 0; f < FILES_PER_LAYER / 50; f++)
      await add(`l${i}/d${d}/f${f}.txt`, Buffer.alloc(100 + ((f * 37) % 900), (variant === 'b' && i >= 15 ? 65 : 97) + (i % 26)));
  }
  // Layer 10 deletes layer 0's folder; layer 15 replaces a folder of layer 5.
  if (i === 10) await add('.wh.l0', Buffer.alloc(0));
  if (i === 15) for (let f = 0; f < 100; f++) await add(`l5/d0/f${f}.txt`, Buffer.alloc(64, 122));
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Write a `docker save` archive (legacy layout) of the generated layers, and load it as `tag`. */
export async function makeImage(dockerHost: string, dir: string, tag = IMAGE, variant: 'a' | 'b' = 'a'): Promise<void> {
  const file = join(dir, 'image.tar');
  const out = pack();
  const written = new Promise<void>((resolve, reject) => out.pipe(createWriteStream(file)).on('finish', resolve).on('error', reject));
  const put = (name: string, body: Buffer) =>
    new Promise<void>((resolve, reject) => out.entry({ name, size: body.length, mode: 0o644 }, body, (err) => (err ? reject(err) : resolve())));
  const diffIds: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < LAYERS; i++) {
    const tar = await layerTar(i, variant);
    const hex = createHash('sha256').update(tar).digest('hex');
    diffIds.push(`sha256:${hex}`);
    paths.push(`${hex}/layer.tar`);
    await put(`${hex}/layer.tar`, tar);
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['sh'] },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: diffIds.map((_, i) => ({ created: '2026-01-01T00:00:00Z', created_by: `/bin/sh -c generate layer ${i}` })),
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  await put(configName, config);
  await put('manifest.json', Buffer.from(JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: paths }])));
  out.finalize();
  await written;
  await exec('docker', ['load', '-q', '-i', file], { env: { ...process.env, DOCKER_HOST: dockerHost }, maxBuffer: 1 << 20 });
  rmSync(file);
}

/** Resident memory of a process, in bytes: now, and its peak so far. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

function indexOnce(rpc: RpcClient): Promise<void> {
  return new Promise((resolve, reject) =>
    rpc.stream(
      'layers.index',
      { ref: IMAGE },
      {
        next: (e) => e.t === 'ready' && resolve(),
        end: (err) => (err ? reject(err) : resolve()),
      },
    ),
  );
}

/** A fresh backend (the engine keeps running and is adopted), so nothing is indexed yet. */
export async function freshBackend(home: string, rpc?: RpcClient): Promise<{ rpc: RpcClient; pid: number }> {
  if (rpc) {
    const { pid } = await rpc.call('backend.hello', {});
    rpc.close();
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
  }
  await ensureBackend(home);
  const client = (await connectBackend(home))!;
  const { pid } = await client.call('backend.hello', {});
  // The new backend adopts the running engine: wait until it has.
  while ((await client.call('engine.status', {})).state !== 'running') await new Promise((r) => setTimeout(r, 50));
  return { rpc: client, pid };
}

export async function benchLayers(rounds = 3): Promise<BenchResult[]> {
  const home = mkdtempSync('/tmp/bl-');
  const up = await runBerth(home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(up.stderr);
  const dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
  const index: number[] = [];
  const floor: number[] = [];
  const peak: number[] = [];
  const before: number[] = [];
  const cached: number[] = [];
  const fromDisk: number[] = [];
  const firstTree: number[] = [];
  try {
    await makeImage(dockerHost, home);
    let backend = await freshBackend(home);
    const cacheDir = layout(home).layerCacheDir;
    for (let i = 0; i < rounds; i++) {
      floor.push(await timed(() => exec('sh', ['-c', `docker save ${IMAGE} | tar -t > /dev/null`], { env: { ...process.env, DOCKER_HOST: dockerHost } })));
      // Nothing indexed: a new backend, and no index on disk.
      rmSync(cacheDir, { recursive: true, force: true });
      if (i > 0) backend = await freshBackend(home, backend.rpc);
      before.push(memoryOf(backend.pid).rss);
      index.push(await timed(() => indexOnce(backend.rpc)));
      peak.push(memoryOf(backend.pid).peak);
    }
    for (let i = 0; i < 5; i++) cached.push(await timed(() => indexOnce(backend.rpc)));
    // A restarted backend finds the index on disk, and every layer's change tree, written after indexing (the last one last).
    const lastTree = `${(await exec('docker', ['image', 'inspect', '-f', '{{.Id}}', IMAGE], { env: { ...process.env, DOCKER_HOST: dockerHost } })).stdout.trim().replace('sha256:', '')}.L${LAYERS - 1}.changes.gz`;
    for (let waited = 0; !existsSync(join(cacheDir, lastTree)) && waited < 60_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < rounds; i++) {
      backend = await freshBackend(home, backend.rpc);
      fromDisk.push(await timed(() => indexOnce(backend.rpc)));
      // The view's next question: the last layer's changes, which needs every layer read back.
      const rpc = backend.rpc;
      firstTree.push(await timed(() => rpc.call('layers.tree', { ref: IMAGE, layer: LAYERS - 1, view: 'changes', path: '' })));
    }
    backend.rpc.close();
  } finally {
    await runBerth(home, ['engine', 'down']);
    rmSync(home, { recursive: true, force: true });
  }
  const mb = (xs: number[]) => xs.map((x) => x / 1e6);
  return [
    {
      name: `indexing an image of ${(LAYERS * FILES_PER_LAYER).toLocaleString()} files in ${LAYERS} layers (ms, lower is better)`,
      unit: 'ms',
      subject: { label: 'Berth layers.index on a fresh backend (docker save stream → per-layer index → summary)', samples: index, median: median(index) },
      baseline: { label: '`docker save | tar -t > /dev/null` (the floor)', samples: floor, median: median(floor) },
    },
    {
      name: 'backend memory while indexing (MB, lower is better)',
      unit: 'MB',
      subject: { label: 'backend peak resident memory (VmHWM) after indexing', samples: mb(peak), median: median(mb(peak)) },
      baseline: { label: 'backend resident memory before indexing', samples: mb(before), median: median(mb(before)) },
    },
    {
      name: 'opening it after a restart of the backend (ms, lower is better; target under 100 ms)',
      unit: 'ms',
      subject: { label: 'Berth layers.index → summary, from the index on disk', samples: fromDisk, median: median(fromDisk) },
      baseline: { label: 'the index read from the engine', samples: index, median: median(index) },
    },
    {
      name: 'after a restart, its first tree once the summary is shown (ms, lower is better)',
      unit: 'ms',
      subject: { label: 'Berth layers.tree (the last layer’s changes, root) right after the summary', samples: firstTree, median: median(firstTree) },
      baseline: { label: 'the summary from the index on disk', samples: fromDisk, median: median(fromDisk) },
    },
    {
      name: 'opening an image already indexed (ms, lower is better; target under 100 ms)',
      unit: 'ms',
      subject: { label: 'Berth layers.index → summary, cached', samples: cached, median: median(cached) },
      baseline: { label: 'the same index on a fresh backend', samples: index, median: median(index) },
    },
  ];
}
