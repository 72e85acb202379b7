/** Pure: the Images table's rows — one per name, one per dangling image — filtered, searched and sorted. */
import type { ImageSummary } from '../../../../engine/contract/dto';
import { parseImageRef } from '../../../../engine/contract/image-ref';
import { keepUnchanged } from '../../lib/keep-unchanged';

export type ImageFilter = 'all' | 'in-use' | 'unused' | 'dangling';
export type ImageSortKey = 'name' | 'created' | 'size';
export interface ImageSort {
  readonly key: ImageSortKey;
  readonly desc: boolean;
}

export interface ImageRow {
  /** Unique per row: image id and name. */
  readonly key: string;
  readonly image: ImageSummary;
  /** repo:tag of this row; absent for a dangling image. */
  readonly ref?: string;
}

export const FILTERS: ReadonlyArray<{ readonly value: ImageFilter; readonly label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'in-use', label: 'In use' },
  { value: 'unused', label: 'Unused' },
  { value: 'dangling', label: 'Dangling' },
];

/** The short id `docker images` shows. */
export const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** How a row is named to the user (and in accessible names): its ref, or its short id when dangling. */
export const rowName = (row: ImageRow) => row.ref ?? shortId(row.image.id);

function keep(filter: ImageFilter, img: ImageSummary): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'in-use':
      return img.containers.length > 0;
    case 'unused':
      return img.containers.length === 0;
    case 'dangling':
      return img.tags.length === 0;
  }
}

/** Rows for the table: a search matches a name, an id prefix (with or without sha256:), a digest or a container's name. */
export function imageRows(images: readonly ImageSummary[], filter: ImageFilter, query: string, sort: ImageSort): ImageRow[] {
  const q = query.trim().toLowerCase();
  const rows: ImageRow[] = [];
  for (const image of images) {
    if (!keep(filter, image)) continue;
    const bare = image.id.replace(/^sha256:/, '');
    const imageMatches =
      !q ||
      bare.startsWith(q.replace(/^sha256:/, '')) ||
      image.digests.some((d) => d.includes(q)) ||
      image.containers.some((c) => c.name.toLowerCase().includes(q));
    if (image.tags.length === 0) {
      if (imageMatches || (q && '<none>'.includes(q))) rows.push({ key: image.id, image });
      continue;
    }
    for (const ref of image.tags) if (imageMatches || ref.toLowerCase().includes(q)) rows.push({ key: `${image.id}/${ref}`, image, ref });
  }
  const dir = sort.desc ? -1 : 1;
  const by: Record<ImageSortKey, (a: ImageRow, b: ImageRow) => number> = {
    // Dangling images (no name) sort after named ones.
    name: (a, b) => (a.ref === undefined ? 1 : 0) - (b.ref === undefined ? 1 : 0) || dir * (a.ref ?? '').localeCompare(b.ref ?? ''),
    created: (a, b) => dir * (a.image.created - b.image.created),
    size: (a, b) => dir * (a.image.size - b.image.size),
  };
  return rows.sort((a, b) => by[sort.key](a, b) || a.key.localeCompare(b.key));
}

/** How many rows `imageRows` gives with no filter and no search, without building them. */
export function rowCount(images: readonly ImageSummary[]): number {
  return images.reduce((n, i) => n + Math.max(1, i.tags.length), 0);
}

/** "web", "web, job" or "web, job +3": the containers using an image, for a narrow cell. */
export function usersText(img: ImageSummary, max = 2): string {
  const names = img.containers.map((c) => c.name);
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} +${names.length - max}`;
}

/**
 * Pure: where a push of `ref` goes when the reference names no registry host
 * (`local/web:1`, `web`): Docker Hub, in full (docker.io/local/web:1,
 * docker.io/library/web:latest), so the user is asked first. Undefined when the
 * reference names its registry (127.0.0.1:5000/x, docker.io/x) or is not valid.
 */
export function implicitHubDestination(ref: string): string | undefined {
  const parsed = parseImageRef(ref);
  if (!parsed.ok || parsed.value.domain !== 'docker.io') return undefined;
  const first = ref.trim().split('/')[0]!;
  return first === 'docker.io' || first === 'index.docker.io' ? undefined : parsed.value.full;
}

/** Pure: the new images list with every unchanged image kept as the object already held, and the images by id (see lib/keep-unchanged). */
export const reuseUnchanged = (held: Readonly<Record<string, ImageSummary>>, next: readonly ImageSummary[]) => {
  const { items, byKey } = keepUnchanged(held, next, (i) => i.id);
  return { images: items, byId: byKey };
};
