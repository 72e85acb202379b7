import { describe, expect, it } from 'vitest';
import { cleanupPlan, isActiveContainer, isDangling, summariseDf, type DfReply } from './disk-usage.js';

/** A small reply, shaped by hand, whose figures are worked out below line by line. */
const HAND: DfReply = {
  LayersSize: 1000,
  Images: [
    { Id: 'sha256:aaa', RepoTags: ['busybox:latest'], Size: 400, SharedSize: 100, Containers: 2 },
    { Id: 'sha256:bbb', RepoTags: ['<none>:<none>'], Size: 300, SharedSize: 100, Containers: 0 },
    { Id: 'sha256:ccc', RepoTags: ['app:1'], Size: 200, SharedSize: 0, Containers: 0 },
    { Id: 'sha256:ddd', RepoTags: null, Size: 150, SharedSize: -1, Containers: 1 },
  ],
  Containers: [
    { Id: 'c1', Names: ['/web'], State: 'running', SizeRw: 10 },
    { Id: 'c2', Names: ['/old'], State: 'exited', SizeRw: 20 },
    { Id: 'c3', Names: ['/made'], State: 'created', SizeRw: 0 },
    { Id: 'c4', Names: ['/held'], State: 'paused', SizeRw: 5 },
  ],
  Volumes: [
    { Name: 'data', UsageData: { Size: 64, RefCount: 1 } },
    { Name: 'spare', UsageData: { Size: 32, RefCount: 0 } },
    { Name: 'unknown', UsageData: { Size: -1, RefCount: 0 } },
  ],
  BuildCache: [
    { ID: 'r1', Type: 'regular', Description: 'mount / from exec /bin/sh -c make', InUse: false, Shared: false, Size: 7 },
    { ID: 'r2', Type: 'regular', InUse: true, Shared: false, Size: 11 },
    { ID: 'r3', Type: 'regular', InUse: false, Shared: true, Size: 13 },
  ],
};

describe('summariseDf', () => {
  it('counts, sizes and reclaimable bytes as `docker system df` does', () => {
    const [images, containers, volumes, cache] = summariseDf(HAND).figures;
    // Used: aaa's unique bytes (400-100); ddd's shared size is unknown, so it is left out. Reclaimable: 1000-300.
    expect(images).toEqual({ kind: 'images', count: 4, active: 2, size: 1000, reclaimable: 700 });
    expect(containers).toEqual({ kind: 'containers', count: 4, active: 2, size: 35, reclaimable: 20 });
    // A size the engine could not measure (-1) counts as nothing.
    expect(volumes).toEqual({ kind: 'volumes', count: 3, active: 1, size: 96, reclaimable: 32 });
    // Shared records take no bytes of their own; in-use ones are not reclaimable.
    expect(cache).toEqual({ kind: 'buildCache', count: 3, active: 1, size: 18, reclaimable: 7 });
  });

  it('reads an empty engine (null lists) as zeros', () => {
    const figures = summariseDf({ LayersSize: 0, Images: null, Containers: null, Volumes: null, BuildCache: null }).figures;
    expect(figures.map((f) => [f.kind, f.count, f.size, f.reclaimable])).toEqual([
      ['images', 0, 0, 0],
      ['containers', 0, 0, 0],
      ['volumes', 0, 0, 0],
      ['buildCache', 0, 0, 0],
    ]);
  });

  it('tells active containers and dangling images', () => {
    expect(['running', 'paused', 'restarting'].every((State) => isActiveContainer({ State }))).toBe(true);
    expect(['exited', 'created', 'dead'].some((State) => isActiveContainer({ State }))).toBe(false);
    expect(isDangling({ RepoTags: ['<none>:<none>'] })).toBe(true);
    expect(isDangling({ RepoTags: [] })).toBe(true);
    expect(isDangling({ RepoTags: null })).toBe(true);
    expect(isDangling({ RepoTags: ['a:b'] })).toBe(false);
  });
});

describe('cleanupPlan', () => {
  it('lists dangling images no container uses, with their own bytes', () => {
    expect(cleanupPlan(HAND, 'images')).toEqual({ kind: 'images', items: [{ id: 'sha256:bbb', name: '<none> bbb', size: 200 }], size: 200 });
  });

  it('lists the containers that are not running, paused or restarting: exactly the reclaimable bytes', () => {
    const plan = cleanupPlan(HAND, 'containers');
    expect(plan.items.map((i) => i.name)).toEqual(['old', 'made']);
    expect(plan.size).toBe(summariseDf(HAND).figures[1]!.reclaimable);
  });

  it('lists volumes no container references, and build cache neither in use nor shared', () => {
    expect(cleanupPlan(HAND, 'volumes').items.map((i) => i.id)).toEqual(['spare', 'unknown']);
    expect(cleanupPlan(HAND, 'buildCache')).toEqual({
      kind: 'buildCache',
      items: [{ id: 'r1', name: 'mount / from exec /bin/sh -c make', size: 7 }],
      size: 7,
    });
  });
});
