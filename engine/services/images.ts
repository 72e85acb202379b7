/** Local images (the start of the Images view): the list `docker images` shows. */
import type Docker from 'dockerode';
import type { ImageSummary } from '../contract/index.js';
import type { Supervisor } from '../provision/supervisor.js';
import { engineError } from './engine-errors.js';
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
