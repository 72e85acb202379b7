import { describe, expect, it } from 'vitest';
import { analyse } from './image-tree.js';
import type { LayerChanges, LayerEntry } from './layer-changes.js';
import { compareLayers, cutAtCharacter, flagsOf, matcher, previewOf, stepsFromConfig } from './layers-service.js';

const file = (path: string, size: number): LayerEntry => ({ path, kind: 'file', size, mode: 0o644, uid: 0, gid: 0, mtime: 0 });
const layer = (entries: LayerEntry[], whiteouts: string[] = []): LayerChanges => ({
  entries,
  whiteouts,
  opaque: [],
  bytes: entries.reduce((a, e) => a + e.size, 0),
});

describe('layer service logic', () => {
  it('finds paths by substring (any case) or by glob', () => {
    expect(matcher('SSL')('usr/lib/libssl.so.3')).toBe(true);
    const conf = matcher('**/*.conf');
    expect(conf('etc/nginx/nginx.conf')).toBe(true);
    expect(conf('nginx.conf')).toBe(true);
    expect(conf('etc/nginx.conf.d')).toBe(false);
    expect(matcher('etc/*.conf')('etc/a/b.conf')).toBe(false);
    expect(matcher('bin/s?')('bin/sh')).toBe(true);
    expect(matcher('a+b(1).txt')('dir/a+b(1).txt')).toBe(true);
  });

  it('flags package caches left in the image and a .git deleted later but still stored, with their fixes', () => {
    const a = analyse([
      layer([file('var/lib/apt/lists/deb_main', 300), file('src/.git/objects/pack/p.pack', 1000), file('src/app.js', 10)]),
      layer([], ['src/.git']),
    ]);
    const flags = flagsOf(a);
    expect(flags.map((f) => [f.kind, f.inImage, f.wasted])).toEqual([
      ['package-cache', 300, 0],
      ['git', 0, 1000],
    ]);
    expect(flags[0]!.fix).toContain('rm -rf /var/lib/apt/lists/*');
    expect(flags[1]!.examples).toEqual(['src/.git/objects/pack/p.pack']);
  });

  it('numbers the config history steps that made a layer, and turns them into instructions', () => {
    const steps = stepsFromConfig([
      { created: '2026-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
      { created_by: '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer: true },
      { created_by: 'RUN /bin/sh -c apk add curl # buildkit', comment: 'buildkit.dockerfile.v0' },
    ]);
    expect(steps.map((s) => s.layer)).toEqual([0, undefined, 1]);
    expect(steps[0]!.created).toBe(Date.parse('2026-01-01T00:00:00Z') / 1000);
    expect(steps[1]!.instruction).toBe('CMD ["sh"]');
  });
});

describe('comparing images', () => {
  const side = (ref: string, ids: string[]) => ({ ref, id: ref, layers: ids.map((d) => ({ diffId: d, instruction: `RUN ${d}`, size: 10 })) });
  it('finds the shared base and the first layer that differs; above it nothing counts as shared', () => {
    const c = compareLayers(side('a', ['x', 'y', 'z', 'w']), side('b', ['x', 'y', 'q', 'w', 'v']));
    expect(c.shared).toBe(2);
    expect(c.sharedBytes).toBe(20);
    expect(c.firstDifference).toBe(2);
    expect(c.rows.map((r) => r.same)).toEqual([true, true, false, false, false]);
    expect(c.rows[4]).toEqual({ b: { diffId: 'v', instruction: 'RUN v', size: 10 }, same: false });
  });
  it('says nothing differs for the same layers', () => {
    const c = compareLayers(side('a', ['x']), side('b', ['x']));
    expect(c.firstDifference).toBeUndefined();
    expect(c.shared).toBe(1);
  });
});

describe('file previews', () => {
  it('shows UTF-8 text, cutting a character split by the preview limit, and calls NUL bytes binary', () => {
    expect(previewOf(Buffer.from('héllo\n'), 7)).toEqual({ kind: 'text', text: 'héllo\n', size: 7, truncated: false });
    const cut = Buffer.from('ab€').subarray(0, 4);
    expect(cutAtCharacter(cut)).toBe(2);
    expect(previewOf(cut, 100)).toEqual({ kind: 'text', text: 'ab', size: 100, truncated: true });
    expect(cutAtCharacter(Buffer.from('aé'))).toBe(3);
    expect(previewOf(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]), 900)).toEqual({ kind: 'binary', size: 900 });
    expect(previewOf(Buffer.from([0xff, 0xfe, 0x41]), 3)).toEqual({ kind: 'binary', size: 3 });
  });
});
