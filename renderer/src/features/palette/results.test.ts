import { describe, expect, it } from 'vitest';
import type { ContainerSummary, ImageSummary } from '../../../../engine/contract/dto';
import { buildEntries, type PaletteEntry } from './entries';
import { MAX_RESULTS, paletteResults } from './results';

const container = (id: string, name: string, state: ContainerSummary['state']): ContainerSummary => ({
  id,
  name,
  image: 'busybox',
  imageId: 'sha256:1',
  command: 'sh',
  state,
  status: '',
  observedAt: 0,
  created: 0,
  ports: [],
  labels: {},
});
const image = (id: string, tags: string[]): ImageSummary => ({ id, tags, size: 1, created: 0, digests: [], containers: [] });

const pages = ['containers', 'images', 'volumes'] as const;
const entries = buildEntries({
  pages,
  containers: [container('c1', 'web', 'running'), container('c2', 'db', 'exited'), container('c3', 'webhook', 'running')],
  live: true,
  images: [image('sha256:aaa', ['busybox:latest']), image('sha256:bbb', [])],
});

const titles = (es: readonly { entry: PaletteEntry }[]) => es.map((r) => r.entry.title);

describe('buildEntries', () => {
  it('offers a shell only in running containers, and start or stop by state', () => {
    const ts = entries.map((e) => e.title);
    expect(ts).toContain('Open a shell in web');
    expect(ts).not.toContain('Open a shell in db');
    expect(ts).toContain('Start db');
    expect(ts).toContain('Stop web');
    expect(ts).toContain('Restart web');
    expect(ts).not.toContain('Stop db');
    expect(ts).toContain('Run busybox:latest…');
    expect(ts).toContain('Images');
  });

  it('offers actions on all the containers of a Compose project', () => {
    const shop = (id: string, state: ContainerSummary['state']) => ({
      ...container(id, `shop-${id}`, state),
      labels: { 'com.docker.compose.project': 'shop' },
    });
    const es = buildEntries({ pages: [], containers: [shop('a', 'running'), shop('b', 'running'), shop('c', 'exited')], live: true });
    expect(es.find((e) => e.title === 'Stop all in shop')?.action).toEqual({ t: 'act', ids: ['a', 'b'], action: 'stop' });
    expect(es.find((e) => e.title === 'Start all in shop')?.action).toEqual({ t: 'act', ids: ['c'], action: 'start' });
    expect(paletteResults(es, 'stop all shop', []).flat[0]!.entry.title).toBe('Stop all in shop');
  });

  it('offers no container actions while the engine is away', () => {
    const away = buildEntries({ pages, containers: [container('c1', 'web', 'running')], live: false });
    expect(away.filter((e) => e.kind === 'action')).toEqual([]);
    expect(away.some((e) => e.title === 'web')).toBe(true);
  });

  it('offers pruning the build cache while the engine is reachable', () => {
    const live = buildEntries({ pages, containers: [], live: true });
    expect(live.find((e) => e.title === 'Prune build cache…')?.action).toEqual({ t: 'prune-build-cache' });
    expect(buildEntries({ pages, containers: [], live: false }).some((e) => e.id === 'prune-build-cache')).toBe(false);
  });

  it('gives entries ids that do not collide', () => {
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });
});

describe('paletteResults', () => {
  it('lists the best match first, in its kind group', () => {
    const r = paletteResults(entries, 'web', []);
    expect(r.flat[0]!.entry.title).toBe('web');
    expect(r.groups[0]!.label).toBe('Containers');
    expect(titles(r.groups[0]!.results)).toEqual(['web', 'webhook']);
    // the flat order is the groups' order
    expect(titles(r.flat)).toEqual(r.groups.flatMap((g) => titles(g.results)));
  });

  it('finds actions by their words', () => {
    const r = paletteResults(entries, 'shell web', []);
    expect(r.flat[0]!.entry.title).toBe('Open a shell in web');
    expect(r.flat[0]!.entry.action).toEqual({ t: 'shell', id: 'c1' });
  });

  it('lists recent entries first when nothing is typed, most recent first', () => {
    const r = paletteResults(entries, '', ['shell:c3', 'page:volumes', 'gone:x']);
    expect(r.groups[0]!.label).toBe('Recent');
    expect(titles(r.groups[0]!.results)).toEqual(['Open a shell in webhook', 'Volumes']);
    // a recent entry is not listed twice
    expect(titles(r.flat).filter((t) => t === 'Volumes')).toHaveLength(1);
  });

  it('breaks ties with recency', () => {
    const a = paletteResults(entries, 'db', []);
    const b = paletteResults(entries, 'db', ['start:c2']);
    expect(a.flat[0]!.entry.title).toBe('db');
    expect(b.flat.map((x) => x.entry.id).indexOf('start:c2')).toBeLessThanOrEqual(a.flat.map((x) => x.entry.id).indexOf('start:c2'));
  });

  it('matches nothing for letters no entry has', () => {
    const r = paletteResults(entries, 'zzq', []);
    expect(r.flat).toEqual([]);
    expect(r.groups).toEqual([]);
  });

  it('shows at most the limit', () => {
    const many = buildEntries({ pages: [], containers: Array.from({ length: 80 }, (_, i) => container(`id${i}`, `app-${i}`, 'exited')), live: true });
    expect(paletteResults(many, 'app', []).flat).toHaveLength(MAX_RESULTS);
    expect(paletteResults(many, 'app', []).matched).toBe(160);
    expect(paletteResults(many, '', []).flat).toHaveLength(MAX_RESULTS);
  });

  it('orders the same whatever order the entries come in', () => {
    const shuffled = [...entries].reverse();
    for (const q of ['', 'e', 'web', 'st', 'b']) {
      const ids = (es: readonly PaletteEntry[]) => paletteResults(es, q, []).flat.map((r) => r.entry.id);
      if (q) expect(ids(shuffled)).toEqual(ids(entries));
    }
  });
});
