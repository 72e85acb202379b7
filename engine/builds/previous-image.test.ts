import { describe, expect, it } from 'vitest';
import type { BuildRecord } from './records.js';
import { buildImages } from './previous-image.js';

const settings = { tags: ['app:1', 'app:latest'] } as unknown as BuildRecord['settings'];
const done = (previousImages?: Record<string, string>) => ({ result: { kind: 'done' as const, imageId: 'sha256:new' }, settings, previousImages });

describe('buildImages', () => {
  it('names the first tag that named another image before the build', () => {
    expect(buildImages(done({ 'app:1': 'sha256:new', 'app:latest': 'sha256:old' }))).toEqual({
      imageId: 'sha256:new',
      previous: { tag: 'app:latest', imageId: 'sha256:old' },
    });
    expect(buildImages(done({ 'app:1': 'sha256:old' }))).toMatchObject({ previous: { tag: 'app:1', imageId: 'sha256:old' } });
  });
  it('has no previous image when the tags named none, or the same image (everything cached), or for older records', () => {
    expect(buildImages(done({}))).toEqual({ imageId: 'sha256:new' });
    expect(buildImages(done({ 'app:1': 'sha256:new', 'app:latest': 'sha256:new' }))).toEqual({ imageId: 'sha256:new' });
    expect(buildImages(done())).toEqual({ imageId: 'sha256:new' });
  });
  it('says which image the engine no longer has, and nothing when the engine did not answer', () => {
    const r = done({ 'app:1': 'sha256:old' });
    expect(buildImages(r, new Set(['sha256:new']))).toEqual({ imageId: 'sha256:new', previous: { tag: 'app:1', imageId: 'sha256:old', gone: true } });
    expect(buildImages(r, new Set(['sha256:old']))).toEqual({ imageId: 'sha256:new', imageGone: true, previous: { tag: 'app:1', imageId: 'sha256:old' } });
    expect(buildImages(r, new Set(['sha256:old', 'sha256:new']))).toEqual({ imageId: 'sha256:new', previous: { tag: 'app:1', imageId: 'sha256:old' } });
  });
  it('has nothing for builds that failed or were cancelled', () => {
    expect(buildImages({ result: { kind: 'failed', message: 'x' }, settings, previousImages: { 'app:1': 'sha256:old' } })).toEqual({});
    expect(buildImages({ result: { kind: 'cancelled' }, settings })).toEqual({});
  });
});
