import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { toImageSummaries } from './images.js';

describe('image list', () => {
  it('keeps tags, drops <none> and Berth’s helper, newest first', () => {
    const raw = [
      { Id: 'sha256:a', RepoTags: ['berth-test/busybox:latest'], Size: 10, Created: 1 },
      { Id: 'sha256:b', RepoTags: ['<none>:<none>'], Size: 5, Created: 3 },
      { Id: 'sha256:c', RepoTags: ['berth/helper:busybox'], Size: 5, Created: 2 },
    ] as unknown as Docker.ImageInfo[];
    expect(toImageSummaries(raw)).toEqual([
      { id: 'sha256:b', tags: [], size: 5, created: 3 },
      { id: 'sha256:a', tags: ['berth-test/busybox:latest'], size: 10, created: 1 },
    ]);
  });
});
