/** Local images (the start of the Images view): the list `docker images` shows. */
import type Docker from 'dockerode';
import type { ActionResult, ImageHistoryStep, ImageSummary, PruneResult } from '../contract/index.js';
import type { Supervisor } from '../provision/supervisor.js';
import { engineError, engineMessage } from './engine-errors.js';
import { toInstruction } from './image-history.js';
import { applyProgress, emptyProgress, type EngineProgressEvent, type PullProgress } from '../contract/pull-progress.js';
import { parseImageRef } from '../contract/image-ref.js';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import { ndjsonSplitter } from './events.js';
import { HELPER_IMAGE } from './helper-image.js';
import { explainDenied, type RegistryAuthSource } from './registries.js';

/** Pure: `GET /images/json` entries as summaries, newest first; Berth's own helper image left out. */
export function toImageSummaries(raw: readonly Docker.ImageInfo[]): ImageSummary[] {
  return raw
    .map((i) => ({ id: i.Id, tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'), size: i.Size, created: i.Created }))
    .filter((i) => !i.tags.includes(HELPER_IMAGE))
    .sort((a, b) => b.created - a.created);
}

export async function listImages(supervisor: Supervisor): Promise<ImageSummary[]> {
  try {
    return toImageSummaries(await supervisor.docker().listImages());
  } catch (err) {
    throw engineError(err);
  }
}

/** Pure: the engine's history entries as steps, newest first. */
export function toHistory(raw: ReadonlyArray<{ Id: string; Created: number; CreatedBy: string; Size: number; Tags?: string[] | null; Comment?: string }>): ImageHistoryStep[] {
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
  constructor(
    private readonly supervisor: Supervisor,
    private readonly registries?: RegistryAuthSource,
  ) {}

  /** Pull with per-layer progress, sent at most every 100 ms; aborting the stream cancels the pull on the engine. */
  async pull(ref: string, sink: StreamSink<PullProgress>): Promise<void> {
    const r = checkedRef(ref);
    const fromImage = r.domain === 'docker.io' ? r.path : `${r.domain}/${r.path}`;
    const authconfig = await this.registries?.authFor(r.domain);
    const open = () => this.supervisor.docker().createImage({ fromImage: r.digest ? `${fromImage}@${r.digest}` : fromImage, tag: r.digest ? undefined : r.tag, authconfig });
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

  async users(ref: string): Promise<Array<{ id: string; name: string; state: string }>> {
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
    const at = target.lastIndexOf(':');
    const slash = target.lastIndexOf('/');
    const [repo, tag] = at > slash ? [target.slice(0, at), target.slice(at + 1)] : [target, 'latest'];
    try {
      await this.supervisor.docker().getImage(ref).tag({ repo, tag });
    } catch (err) {
      throw engineError(err);
    }
  }

  async prune(all: boolean): Promise<PruneResult> {
    try {
      const r = await this.supervisor.docker().pruneImages({ filters: { dangling: [all ? 'false' : 'true'] } });
      return { deleted: (r.ImagesDeleted ?? []).map((d) => d.Deleted ?? d.Untagged ?? '').filter(Boolean), spaceReclaimed: r.SpaceReclaimed ?? 0 };
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
      stream.on('data', (c: Buffer) => split(c.toString()));
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
