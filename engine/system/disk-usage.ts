/**
 * Pure: the engine's `/system/df` reply summarised as `docker system df` prints it, and the items each clean-up would delete.
 * "Reclaimable" follows the docker CLI: images — all layer bytes minus the unique bytes of images some container uses (so layers a used
 * image shares with unused ones count as reclaimable); containers — the writable layers of those not running, paused or restarting;
 * volumes — those no container references; build cache — records neither in use nor shared with images.
 */
import type { CleanupItem, CleanupPlan, DiskFigure, DiskKind, DiskUsage } from './contract.js';

/** The parts of the engine's `/system/df` reply used here (API 1.41 and later). */
export interface DfReply {
  readonly LayersSize?: number;
  readonly Images?: ReadonlyArray<{
    readonly Id: string;
    readonly RepoTags?: readonly string[] | null;
    readonly Size: number;
    readonly SharedSize: number;
    readonly VirtualSize?: number;
    readonly Containers: number;
    readonly Created?: number;
  }> | null;
  readonly Containers?: ReadonlyArray<{
    readonly Id: string;
    readonly Names?: readonly string[] | null;
    readonly State: string;
    readonly SizeRw?: number;
  }> | null;
  readonly Volumes?: ReadonlyArray<{
    readonly Name: string;
    readonly UsageData?: { readonly Size: number; readonly RefCount: number } | null;
  }> | null;
  readonly BuildCache?: ReadonlyArray<{
    readonly ID: string;
    readonly Type?: string;
    readonly Description?: string;
    readonly InUse: boolean;
    readonly Shared: boolean;
    readonly Size: number;
    readonly LastUsedAt?: string | null;
  }> | null;
}

type Image = NonNullable<DfReply['Images']>[number];
type Container = NonNullable<DfReply['Containers']>[number];
type Volume = NonNullable<DfReply['Volumes']>[number];
type CacheRecord = NonNullable<DfReply['BuildCache']>[number];

/** Running, paused or restarting: a container `docker system df` counts as active (its writable layer is not reclaimable). */
export function isActiveContainer(c: Pick<Container, 'State'>): boolean {
  return /running|paused|restarting/.test(c.State);
}

/** An image with no name (`<none>:<none>`), as `docker image prune` without `-a` takes them. */
export function isDangling(i: Pick<Image, 'RepoTags'>): boolean {
  return !(i.RepoTags ?? []).some((t) => t !== '<none>:<none>');
}

const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);
const known = (n: number | undefined): number => (n === undefined || n < 0 ? 0 : n);
const imageSize = (i: Image) => (i.Size >= 0 ? i.Size : (i.VirtualSize ?? -1));

function imagesFigure(df: DfReply): DiskFigure {
  const images = df.Images ?? [];
  const size = known(df.LayersSize);
  const used = sum(images.filter((i) => i.Containers !== 0 && imageSize(i) >= 0 && i.SharedSize >= 0).map((i) => imageSize(i) - i.SharedSize));
  return { kind: 'images', count: images.length, active: images.filter((i) => i.Containers > 0).length, size, reclaimable: Math.max(0, size - used) };
}

function containersFigure(df: DfReply): DiskFigure {
  const containers = df.Containers ?? [];
  return {
    kind: 'containers',
    count: containers.length,
    active: containers.filter(isActiveContainer).length,
    size: sum(containers.map((c) => known(c.SizeRw))),
    reclaimable: sum(containers.filter((c) => !isActiveContainer(c)).map((c) => known(c.SizeRw))),
  };
}

const refCount = (v: Volume) => v.UsageData?.RefCount ?? 0;

function volumesFigure(df: DfReply): DiskFigure {
  const volumes = df.Volumes ?? [];
  return {
    kind: 'volumes',
    count: volumes.length,
    active: volumes.filter((v) => refCount(v) > 0).length,
    size: sum(volumes.map((v) => known(v.UsageData?.Size))),
    reclaimable: sum(volumes.filter((v) => refCount(v) === 0).map((v) => known(v.UsageData?.Size))),
  };
}

function buildCacheFigure(df: DfReply): DiskFigure {
  const records = df.BuildCache ?? [];
  return {
    kind: 'buildCache',
    count: records.length,
    active: records.filter((r) => r.InUse).length,
    size: sum(records.filter((r) => !r.Shared).map((r) => known(r.Size))),
    reclaimable: sum(records.filter((r) => !r.Shared && !r.InUse).map((r) => known(r.Size))),
  };
}

/** Pure: the four figures of `docker system df` from the engine's reply. */
export function summariseDf(df: DfReply): DiskUsage {
  return { figures: [imagesFigure(df), containersFigure(df), volumesFigure(df), buildCacheFigure(df)] };
}

const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

function imageItems(df: DfReply): CleanupItem[] {
  return (df.Images ?? [])
    .filter((i) => isDangling(i) && i.Containers === 0)
    .map((i) => ({ id: i.Id, name: `<none> ${shortId(i.Id)}`, size: Math.max(0, imageSize(i) - Math.max(0, i.SharedSize)) }));
}

function containerItems(df: DfReply): CleanupItem[] {
  return (df.Containers ?? [])
    .filter((c) => !isActiveContainer(c))
    .map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? shortId(c.Id)).replace(/^\//, ''), size: known(c.SizeRw) }));
}

function volumeItems(df: DfReply): CleanupItem[] {
  return (df.Volumes ?? []).filter((v) => refCount(v) === 0).map((v) => ({ id: v.Name, name: v.Name, size: known(v.UsageData?.Size) }));
}

/** A build cache record as a person reads it: its description (the step that made it), else its type. */
function cacheName(r: CacheRecord): string {
  const what = (r.Description ?? '').trim() || r.Type || 'cache record';
  return what.length > 80 ? `${what.slice(0, 79)}…` : what;
}

function cacheItems(df: DfReply): CleanupItem[] {
  return (df.BuildCache ?? []).filter((r) => !r.InUse && !r.Shared).map((r) => ({ id: r.ID, name: cacheName(r), size: known(r.Size) }));
}

/** Pure: what a clean-up of `kind` deletes, given the reply — exactly the items whose bytes the figure counts as reclaimable. */
export function cleanupPlan(df: DfReply, kind: DiskKind): CleanupPlan {
  const items = (() => {
    switch (kind) {
      case 'images':
        return imageItems(df);
      case 'containers':
        return containerItems(df);
      case 'volumes':
        return volumeItems(df);
      case 'buildCache':
        return cacheItems(df);
    }
  })().sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
  return { kind, items, size: sum(items.map((i) => i.size)) };
}
