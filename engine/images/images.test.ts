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
      { id: 'sha256:b', tags: [], size: 5, created: 3, digests: [], containers: [] },
      { id: 'sha256:a', tags: ['berth-test/busybox:latest'], size: 10, created: 1, digests: [], containers: [] },
    ]);
  });

  it('names the containers of each image, running or not', () => {
    const raw = [{ Id: 'sha256:a', RepoTags: ['x:1'], RepoDigests: ['<none>@<none>'], Size: 1, Created: 1 }] as unknown as Docker.ImageInfo[];
    const containers = [
      { Id: 'c1', Names: ['/web'], ImageID: 'sha256:a', State: 'running' },
      { Id: 'c2', Names: ['/job'], ImageID: 'sha256:a', State: 'exited' },
      { Id: 'c3', Names: ['/other'], ImageID: 'sha256:z', State: 'exited' },
    ] as unknown as Docker.ContainerInfo[];
    expect(toImageSummaries(raw, containers)[0]!.containers).toEqual([
      { id: 'c1', name: 'web', state: 'running' },
      { id: 'c2', name: 'job', state: 'exited' },
    ]);
  });
});
