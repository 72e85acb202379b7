/** Local images (the start of the Images view): the list `docker images` shows. */
import type Docker from 'dockerode';
import type { ActionResult, ImageDiskSummary, ImageHistoryStep, ImageSummary, ImageUser, PruneResult } from '../contract/index.js';
import { mapLimited } from '../util/limit.js';
import { chainIds, diskSummary, layerSizes, type ImageLayers } from './image-disk.js';
import { type EngineClient, engineError, engineMessage } from '../engine/index.js';
import { toInstruction } from './image-history.js';
import { applyProgress, emptyProgress, type EngineProgressEvent, type PullProgress } from './pull-progress.js';
import { parseImageRef } from './image-ref.js';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import { ndjsonSplitter } from '../util/text-stream.js';
import { HELPER_IMAGE } from './helper-image.js';
import { explainDenied, type RegistryAuthSource } from '../registries/index.js';

/** Pure: `GET /images/json` entries as summaries, newest first, each with the containers made from it; Berth's own helper image left out. */
export function toImageSummaries(raw: readonly Docker.ImageInfo[], containers: readonly Docker.ContainerInfo[] = [], includeHelper = false): ImageSummary[] {
  const users = new Map<string, ImageUser[]>();
  for (const c of containers) {
    const list = users.get(c.ImageID) ?? [];
    list.push({ id: c.Id, name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), state: c.State });
    users.set(c.ImageID, list);
  }
  return raw
    .map((i) => ({
      id: i.Id,
      tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
      size: i.Size,
      created: i.Created,
      digests: (i.RepoDigests ?? []).filter((d) => d !== '<none>@<none>'),
      containers: users.get(i.Id) ?? [],
    }))
    .filter((i) => includeHelper || !i.tags.includes(HELPER_IMAGE))
    .sort((a, b) => b.created - a.created);
}

/** The images with their containers (one list call each); Berth's helper image only when counting disk use (a prune removes it too). */
export async function listImages(supervisor: EngineClient, includeHelper = false): Promise<ImageSummary[]> {
  try {
    const docker = supervisor.docker();
    const [images, containers] = await Promise.all([docker.listImages(), docker.listContainers({ all: true })]);
    return toImageSummaries(images, containers, includeHelper);
  } catch (err) {
    throw engineError(err);
  }
}

/** Image list reloads follow image events and containers coming and going (which changes "in use"). */
export function affectsImageList(e: { Type?: string; Action?: string }): boolean {
  return e.Type === 'image' || (e.Type === 'container' && (e.Action === 'create' || e.Action === 'destroy' || e.Action === 'rename'));
}

/** Pure: the engine's history entries as steps, newest first. */
export function toHistory(
  raw: ReadonlyArray<{ Id: string; Created: number; CreatedBy: string; Size: number; Tags?: string[] | null; Comment?: string }>,
): ImageHistoryStep[] {
  return raw.map((h) => ({
    id: h.Id,
    created: h.Created,
    instruction: h.CreatedBy ? toInstruction(h.CreatedBy) : h.Comment || toInstruction(''),
    size: h.Size,
    emptyLayer: h.Size === 0,
    tags: h.Tags ?? [],
  }));
}

export class ImagesService {
  /** Layer chains and sizes by image id; an image never changes, so entries stay valid while it exists. */
  private readonly layerCache = new Map<string, Omit<ImageLayers, 'inUse' | 'dangling'>>();

  constructor(
    private readonly supervisor: EngineClient,
    private readonly registries?: RegistryAuthSource,
  ) {}

  /** Disk use by layer: each image's layers are read once (inspect + history), then cached by image id. */
  async disk(): Promise<ImageDiskSummary> {
    const docker = this.supervisor.docker();
    try {
      const list = await listImages(this.supervisor, true);
      const live = new Set(list.map((i) => i.id));
      for (const id of this.layerCache.keys()) if (!live.has(id)) this.layerCache.delete(id);
      const missing = list.filter((i) => !this.layerCache.has(i.id));
      await mapLimited(missing, 8, async (img) => {
        const [info, history] = await Promise.all([docker.getImage(img.id).inspect(), docker.getImage(img.id).history() as Promise<Array<{ Size: number }>>]);
        const diffIds = info.RootFS?.Layers ?? [];
        const { sizes, exact } = layerSizes(diffIds, history);
        this.layerCache.set(img.id, { id: img.id, chains: chainIds(diffIds), sizes, exact });
      });
      return diskSummary(
        list.flatMap((i) => {
          const layers = this.layerCache.get(i.id);
          return layers ? [{ ...layers, inUse: i.containers.length > 0, dangling: i.tags.length === 0, hidden: i.tags.includes(HELPER_IMAGE) }] : [];
        }),
      );
    } catch (err) {
      throw engineError(err);
    }
  }

  /** Pull with per-layer progress, sent at most every 100 ms; aborting the stream cancels the pull on the engine. */
  async pull(ref: string, sink: StreamSink<PullProgress>): Promise<void> {
    const r = checkedRef(ref);
    const fromImage = r.domain === 'docker.io' ? r.path : `${r.domain}/${r.path}`;
    const authconfig = await this.registries?.authFor(r.domain);
    const open = () =>
      this.supervisor.docker().createImage({ fromImage: r.digest ? `${fromImage}@${r.digest}` : fromImage, tag: r.digest ? undefined : r.tag, authconfig });
    await followProgress(`Pulling ${r.familiar}`, open, sink).catch((err: unknown) => {
      throw explainDenied(r.domain, err, authconfig?.username) ?? err;
    });
  }

  /** Push a local image to its registry, with per-layer progress (pushed / already exists / mounted); cancellable. */
  async push(ref: string, sink: StreamSink<PullProgress>): Promise<void> {
    const r = checkedRef(ref);
    if (r.digest) throw new RpcError('bad_request', `Push a tag, not a digest: ${r.familiar}.`);
    const name = r.familiar.slice(0, r.familiar.length - (r.tag ? r.tag.length + 1 : 0));
    const authconfig = await this.registries?.authFor(r.domain);
    const open = () => this.supervisor.docker().getImage(name).push({ tag: r.tag, authconfig });
    await followProgress(`Pushing ${name}:${r.tag}`, open, sink).catch((err: unknown) => {
      throw explainDenied(r.domain, err, authconfig?.username) ?? err;
    });
  }

  async inspect(ref: string): Promise<unknown> {
    try {
      return await this.supervisor.docker().getImage(ref).inspect();
    } catch (err) {
      throw engineError(err);
    }
  }

  async history(ref: string): Promise<ImageHistoryStep[]> {
    try {
      return toHistory((await this.supervisor.docker().getImage(ref).history()) as never);
    } catch (err) {
      throw engineError(err);
    }
  }

  async users(ref: string): Promise<ImageUser[]> {
    const docker = this.supervisor.docker();
    try {
      const image = await docker.getImage(ref).inspect();
      const all = await docker.listContainers({ all: true });
      return all.filter((c) => c.ImageID === image.Id).map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''), state: c.State }));
    } catch (err) {
      throw engineError(err);
    }
  }

  async remove(refs: readonly string[], force: boolean): Promise<ActionResult[]> {
    const out: ActionResult[] = [];
    for (const ref of refs) {
      try {
        await this.supervisor.docker().getImage(ref).remove({ force });
        out.push({ id: ref, ok: true });
      } catch (err) {
        out.push({ id: ref, ok: false, error: engineMessage(err) });
      }
    }
    return out;
  }

  async tag(ref: string, target: string): Promise<void> {
    const t = checkedRef(target);
    if (t.digest) throw new RpcError('bad_request', `A new name cannot carry a digest (the registry gives one on push): remove @${t.digest}.`);
    const tag = t.tag ?? 'latest';
    const repo = t.familiar.slice(0, -(tag.length + 1));
    try {
      await this.supervisor.docker().getImage(ref).tag({ repo, tag });
    } catch (err) {
      throw engineError(err);
    }
  }

  /**
   * Prune; `deleted` names the removed images as the images list shows them.
   * The engine also lists each freed layer and, for classic builds, their
   * intermediate parent images: those are left out, so the count is the one
   * the prune dialog announced.
   */
  async prune(all: boolean): Promise<PruneResult> {
    const docker = this.supervisor.docker();
    try {
      const before = new Set((await docker.listImages()).map((i) => i.Id));
      const r = await docker.pruneImages({ filters: { dangling: [all ? 'false' : 'true'] } });
      const deleted = (r.ImagesDeleted ?? []).flatMap((d) => (d.Deleted && before.has(d.Deleted) ? [d.Deleted] : []));
      return { deleted, spaceReclaimed: r.SpaceReclaimed ?? 0 };
    } catch (err) {
      throw engineError(err);
    }
  }
}

function checkedRef(ref: string) {
  const parsed = parseImageRef(ref);
  if (!parsed.ok) throw new RpcError('bad_request', parsed.message);
  return parsed.value;
}

/** Follow an engine progress stream (pull or push) into throttled progress states; abort closes it, which cancels the job on the engine. */
async function followProgress(what: string, open: () => Promise<NodeJS.ReadableStream>, sink: StreamSink<PullProgress>): Promise<void> {
  let stream: NodeJS.ReadableStream & { destroy?: () => void };
  try {
    stream = await open();
  } catch (err) {
    throw engineError(err);
  }
  let state = emptyProgress;
  let dirty = false;
  const timer = setInterval(() => {
    if (dirty) sink.emit(state);
    dirty = false;
  }, 100);
  try {
    await new Promise<void>((resolve, reject) => {
      const split = ndjsonSplitter((o) => {
        try {
          state = applyProgress(state, o as EngineProgressEvent);
          dirty = true;
        } catch (err) {
          reject(new RpcError('engine', `${what} failed: ${(err as Error).message}`));
        }
      });
      stream.on('data', (c: Buffer) => split(c));
      stream.on('end', () => resolve());
      stream.on('error', (err: Error) => reject(engineError(err)));
      sink.signal.addEventListener('abort', () => {
        stream.destroy?.();
        resolve();
      });
    });
  } finally {
    clearInterval(timer);
  }
  if (!sink.signal.aborted) sink.emit({ ...state, done: true, fraction: 1 });
}
