/**
 * Disk use and clean-ups against a real engine: the figures compared with the docker CLI's own `docker system df` (the reference,
 * computed independently from the same engine), then grown by a stopped container and an unused volume, then cleaned up — exactly
 * what was listed, refusing what changed since.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent, DiskFigure, DiskKind } from '../contract/index.js';
import type { RpcClient } from '../rpc/client.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('sys');
let dockerHost = '';
let rpc: RpcClient;

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

const TYPES: Readonly<Record<string, DiskKind>> = { Images: 'images', Containers: 'containers', 'Local Volumes': 'volumes', 'Build Cache': 'buildCache' };
const UNITS: Readonly<Record<string, number>> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };

/** Bytes of a size as the docker CLI prints it (go-units HumanSize: decimal units, 4 significant digits), e.g. "4.261MB". */
function parseHuman(text: string): number {
  const m = /^([\d.]+)\s*([kMGT]?B)/.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text}`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

/** `docker system df` of the same engine, as figures (sizes as rounded as the CLI prints them). */
async function reference(): Promise<Map<DiskKind, { count: number; active: number; size: number; reclaimable: number }>> {
  const out = await docker(dockerHost, ['system', 'df', '--format', '{{json .}}']);
  const rows = out
    .split('\n')
    .map((l) => JSON.parse(l) as { Type: string; TotalCount: string | number; Active: string | number; Size: string; Reclaimable: string });
  return new Map(
    rows.map((r) => [
      TYPES[r.Type]!,
      { count: Number(r.TotalCount), active: Number(r.Active), size: parseHuman(r.Size), reclaimable: parseHuman(r.Reclaimable) },
    ]),
  );
}

/** Close enough to a figure the CLI rounded to 4 significant digits. */
const near = (ours: number, printed: number) => Math.abs(ours - printed) <= Math.max(1, ours * 0.0006);

async function figures(): Promise<Map<DiskKind, DiskFigure>> {
  return new Map((await rpc.call('system.df', {})).figures.map((f) => [f.kind, f]));
}

function expectSameAsCli(ours: Map<DiskKind, DiskFigure>, cli: Awaited<ReturnType<typeof reference>>) {
  for (const [kind, ref] of cli) {
    const f = ours.get(kind)!;
    expect({ kind, count: f.count, active: f.active }).toEqual({ kind, count: ref.count, active: ref.active });
    expect(near(f.size, ref.size), `${kind} size ${f.size} vs ${ref.size}`).toBe(true);
    expect(near(f.reclaimable, ref.reclaimable), `${kind} reclaimable ${f.reclaimable} vs ${ref.reclaimable}`).toBe(true);
  }
}

describe('system.df', () => {
  it('agrees with `docker system df`, and grows with a stopped container and an unused volume', async () => {
    await docker(dockerHost, ['run', '-d', '--name', 'sys-running', BUSYBOX_IMAGE, 'sleep', '600']);
    expectSameAsCli(await figures(), await reference());
    const before = await figures();

    await docker(dockerHost, ['run', '--name', 'sys-stopped', BUSYBOX_IMAGE, 'sh', '-c', 'head -c 3000000 /dev/urandom > /blob']);
    await docker(dockerHost, ['volume', 'create', 'sys-unused']);
    await docker(dockerHost, ['run', '--rm', '-v', 'sys-unused:/d', BUSYBOX_IMAGE, 'sh', '-c', 'head -c 2000000 /dev/urandom > /d/blob']);
    const after = await figures();
    expectSameAsCli(after, await reference());
    expect(after.get('containers')!.count).toBe(before.get('containers')!.count + 1);
    expect(after.get('containers')!.reclaimable - before.get('containers')!.reclaimable).toBeGreaterThanOrEqual(3_000_000);
    expect(after.get('volumes')!.reclaimable - before.get('volumes')!.reclaimable).toBeGreaterThanOrEqual(2_000_000);
  });
});

describe('clean-ups', () => {
  it('deletes the stopped containers listed, and keeps one started since', async () => {
    await docker(dockerHost, ['create', '--name', 'sys-later', BUSYBOX_IMAGE, 'sleep', '600']);
    const plan = await rpc.call('system.cleanupPlan', { kind: 'containers' });
    const names = plan.items.map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['sys-stopped', 'sys-later']));
    expect(names).not.toContain('sys-running');
    expect(plan.items.find((i) => i.name === 'sys-stopped')!.size).toBeGreaterThanOrEqual(3_000_000);

    await docker(dockerHost, ['start', 'sys-later']);
    // One made after the list was shown is not on it, so it stays too.
    await docker(dockerHost, ['create', '--name', 'sys-newer', BUSYBOX_IMAGE, 'true']);
    const results = await rpc.call('system.cleanup', { kind: 'containers', ids: plan.items.map((i) => i.id) });
    const later = plan.items.find((i) => i.name === 'sys-later')!.id;
    expect(results.find((r) => r.id === later)).toMatchObject({ ok: false, error: expect.stringMatching(/no longer a stopped container/) });
    expect(results.filter((r) => r.id !== later).every((r) => r.ok)).toBe(true);
    const left = (await docker(dockerHost, ['ps', '-a', '--format', '{{.Names}}'])).split('\n').sort();
    expect(left).toEqual(['sys-later', 'sys-newer', 'sys-running']);
    expect((await figures()).get('containers')!.reclaimable).toBeLessThan(3_000_000);
  });

  it('deletes the unused volumes listed, and keeps one a container took since', async () => {
    await docker(dockerHost, ['volume', 'create', 'sys-taken']);
    const plan = await rpc.call('system.cleanupPlan', { kind: 'volumes' });
    expect(plan.items.map((i) => i.id)).toEqual(expect.arrayContaining(['sys-unused', 'sys-taken']));
    await docker(dockerHost, ['create', '--name', 'sys-taker', '-v', 'sys-taken:/d', BUSYBOX_IMAGE, 'true']);
    const results = await rpc.call('system.cleanup', { kind: 'volumes', ids: plan.items.map((i) => i.id) });
    expect(results.find((r) => r.id === 'sys-taken')).toMatchObject({ ok: false });
    expect(results.find((r) => r.id === 'sys-unused')).toMatchObject({ ok: true });
    const volumes = (await docker(dockerHost, ['volume', 'ls', '-q'])).split('\n');
    expect(volumes).toContain('sys-taken');
    expect(volumes).not.toContain('sys-unused');
    expect((await figures()).get('volumes')!.reclaimable).toBe(0);
  });

  it('deletes the dangling images listed, and keeps one tagged since', async () => {
    // Two commits under one name: the first loses it and dangles; the same again makes a second dangling image.
    const make = async (ref: string, text: string) => {
      const c = await docker(dockerHost, ['create', BUSYBOX_IMAGE, 'sh', '-c', `echo ${text} > /f`]);
      await docker(dockerHost, ['start', '-a', c]);
      const id = await docker(dockerHost, ['commit', c, ref]);
      await docker(dockerHost, ['rm', c]);
      return id;
    };
    const first = await make('sys-img:1', 'one');
    await make('sys-img:1', 'two');
    const second = await make('sys-img:2', 'three');
    await make('sys-img:2', 'four');
    const plan = await rpc.call('system.cleanupPlan', { kind: 'images' });
    expect(plan.items.map((i) => i.id)).toEqual(expect.arrayContaining([first, second]));
    await docker(dockerHost, ['tag', second, 'sys-img:kept']);
    const results = await rpc.call('system.cleanup', { kind: 'images', ids: plan.items.map((i) => i.id) });
    expect(results.find((r) => r.id === first)).toMatchObject({ ok: true });
    expect(results.find((r) => r.id === second)).toMatchObject({ ok: false, error: expect.stringMatching(/no longer a dangling image/) });
    expect(await docker(dockerHost, ['images', '-q', '--filter', 'dangling=true'])).toBe('');
    expect(await docker(dockerHost, ['images', '-q', 'sys-img:kept'])).not.toBe('');
  });

  it('deletes the build cache records listed (BuildKit), and the figure drops by their bytes', async () => {
    const dir = mkdtempSync('/tmp/berth-sys-build-');
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nRUN head -c 1500000 /dev/urandom > /blob\n`);
    try {
      const end = await new Promise<BuildEvent | undefined>((res) => {
        let last: BuildEvent | undefined;
        rpc.stream('builds.start', { context: dir, tags: ['sys-cache:1'], builder: 'buildkit' } as never, {
          next: (e) => {
            if (e.t === 'done' || e.t === 'failed') last = e;
          },
          end: () => res(last),
        });
      });
      expect(end).toMatchObject({ t: 'done' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Without the image, its layer is the cache's alone: reclaimable.
    await docker(dockerHost, ['rmi', 'sys-cache:1']);
    expectSameAsCli(await figures(), await reference());
    const before = (await figures()).get('buildCache')!;
    const plan = await rpc.call('system.cleanupPlan', { kind: 'buildCache' });
    expect(plan.size).toBe(before.reclaimable);
    expect(plan.size).toBeGreaterThanOrEqual(1_500_000);
    const results = await rpc.call('system.cleanup', { kind: 'buildCache', ids: plan.items.map((i) => i.id) });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect((await figures()).get('buildCache')!.reclaimable).toBe(0);
  });

  it('still agrees with `docker system df` after the clean-ups', async () => {
    expectSameAsCli(await figures(), await reference());
  });
});
