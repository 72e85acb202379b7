import { describe, expect, it } from 'vitest';
import type { ArchiveProgress } from '../../../../engine/contract/dto';
import { cancelOutcome } from './archive-transfer';

const at = (bytes: number, total: number, images: string[] = []): ArchiveProgress => ({
  bytes,
  total,
  estimated: false,
  fraction: 0,
  done: false,
  message: '',
  images,
});

describe('what a cancel says', () => {
  it('a save never leaves a file', () => {
    expect(cancelOutcome('images.save', at(10, 100))).toBe('Cancelled; nothing was written.');
  });
  it('a load names what already arrived, or says the engine may still finish', () => {
    expect(cancelOutcome('images.load', at(10, 100))).toBe('Cancelled; no image was loaded.');
    expect(cancelOutcome('images.load', undefined)).toBe('Cancelled; no image was loaded.');
    expect(cancelOutcome('images.load', at(100, 100, ['a:1']))).toBe('Cancelled. Already loaded: a:1.');
    expect(cancelOutcome('images.load', at(100, 100))).toMatch(/^Cancelled after the whole file was sent: the engine may still finish loading it/);
  });
  it('an import says whether the image may still appear', () => {
    expect(cancelOutcome('images.import', at(1, 100))).toBe('Cancelled; no image was created.');
    expect(cancelOutcome('images.import', at(100, 100))).toMatch(/may still create the image/);
  });
  it('a copy leaves nothing on the other engine, however far it got (the engine undoes a load it finished)', () => {
    expect(cancelOutcome('images.copyTo', at(1, 100))).toBe('Copy cancelled; nothing was left tagged on the other engine.');
    expect(cancelOutcome('images.copyTo', at(100, 100))).toBe('Copy cancelled; nothing was left tagged on the other engine.');
  });
});
