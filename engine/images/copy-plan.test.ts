import { describe, expect, it } from 'vitest';
import { copiedSentence, droppedSentence, isImageId, targetDownSentence, undoPlan } from './copy-plan.js';

const NEW = `sha256:${'a'.repeat(64)}`;
const OLD = `sha256:${'b'.repeat(64)}`;

describe('undoing a copy cancelled after the target loaded it', () => {
  it('removes the name, and the image with it, when the target had neither', () => {
    expect(undoPlan('app:1', NEW, { hadImage: false })).toEqual([{ kind: 'remove', name: 'app:1' }]);
  });

  it('removes only the name when the target already had the image under other names', () => {
    expect(undoPlan('app:1', NEW, { hadImage: true })).toEqual([{ kind: 'remove', name: 'app:1' }]);
  });

  it('gives the name back to the image it named before, and removes the copied image the target did not have', () => {
    expect(undoPlan('app:1', NEW, { refId: OLD, hadImage: false })).toEqual([
      { kind: 'retag', id: OLD, ref: 'app:1' },
      { kind: 'remove', name: NEW },
    ]);
    expect(undoPlan('app:1', NEW, { refId: OLD, hadImage: true })).toEqual([{ kind: 'retag', id: OLD, ref: 'app:1' }]);
  });

  it('leaves the target alone when it already had the image under that name', () => {
    expect(undoPlan('app:1', NEW, { refId: NEW, hadImage: true })).toEqual([]);
  });

  it('copies by id carry no name: only an image the target did not have is removed', () => {
    expect(isImageId('0123456789ab')).toBe(true);
    expect(isImageId(NEW)).toBe(true);
    expect(isImageId('busybox')).toBe(false);
    expect(undoPlan(NEW, NEW, { hadImage: false })).toEqual([{ kind: 'remove', name: NEW }]);
    expect(undoPlan(NEW.slice(7, 19), NEW, { hadImage: true })).toEqual([]);
  });
});

describe('copy sentences', () => {
  it('says which engine is down, and why, in one sentence', () => {
    expect(targetDownSentence('app:1', 'build', 'Nothing answers at /run/b.sock (connection refused): is the engine running and listening there?')).toBe(
      'Could not copy app:1 to "build": nothing answers at /run/b.sock (connection refused): is the engine running and listening there?',
    );
  });

  it('says how far a dropped copy got, which side dropped, and what the target has', () => {
    const mid = droppedSentence('app:1', 'target', 'build', { bytes: 4 * 1024 * 1024, total: 16 * 1024 * 1024, sentAll: false }, 'socket hang up');
    expect(mid).toBe(
      'The connection to "build" dropped after 4.0 MiB of about 16.0 MiB of app:1 (socket hang up): the copy stopped and nothing was loaded on the target. Check that "build" is running, then copy again.',
    );
    const late = droppedSentence('app:1', 'source', 'Berth', { bytes: 10, total: 10, sentAll: true }, '');
    expect(late).toContain('The connection from "Berth" dropped while the target was loading app:1: check the target');
  });

  it('ends a copy with the short id and the bytes sent', () => {
    expect(copiedSentence('app:1', 'build', NEW, 2048)).toBe('Copied app:1 to "build" (aaaaaaaaaaaa, 2.0 KiB).');
  });
});
