/** Local images (the start of the Images view): the list `docker images` shows. */
import type Docker from 'dockerode';
import type { ActionResult, ImageHistoryStep, ImageSummary, PruneResult } from '../contract/index.js';
import type { Supervisor } from '../provision/supervisor.js';
import { engineError, engineMessage } from './engine-errors.js';
import { toInstruction } from './image-history.js';
import { HELPER_IMAGE } from './helper-image.js';

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
  constructor(private readonly supervisor: Supervisor) {}

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
