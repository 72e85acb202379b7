import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyLoadReply, emptyLoadReply, importedId, type ArchiveReplyLine, type LoadReplyState } from './archive-replies.js';
import { engineMessage } from '../engine/index.js';

/** A reply recorded from dockerd 20.10 (see fixtures/), one JSON object per line. */
const reply = (name: string): ArchiveReplyLine[] =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ArchiveReplyLine);
const load = (name: string): LoadReplyState => reply(name).reduce(applyLoadReply, emptyLoadReply);

describe('load replies (recorded)', () => {
  it('reads layer progress, then the loaded name', () => {
    const states: LoadReplyState[] = [];
    reply('load-reply.ndjson').reduce((s, l) => {
      const next = applyLoadReply(s, l);
      states.push(next);
      return next;
    }, emptyLoadReply);
    expect(states[0]).toEqual({ images: [], status: 'Loading layer 70e5eafc488c: 0.0 MB of 2.0 MB' });
    expect(states.at(-1)).toEqual({ images: ['berth-test/busybox:latest'], status: 'Loaded berth-test/busybox:latest' });
  });
  it('lists every name of a multi-name archive, and the id of one saved by id', () => {
    expect(load('load-two-names.ndjson').images).toEqual(['berth-test/busybox:latest', 'rec/two:1']);
    expect(load('load-by-id.ndjson').images).toEqual(['sha256:86c72854a435cd6ba9501ae5e3ba466096e368149b7382120b38dbb2f0ea5e64']);
  });
  it("says a file that is not a tar is not an image archive, keeping the engine's words", () => {
    expect(() => load('load-not-a-tar.ndjson')).toThrow(
      "The file is not an image archive: it is not a tar file, or it is cut short. Choose a file made by docker save or Berth's Save. (The engine says: Error processing tar file(exit status 1): unexpected EOF.)",
    );
    expect(() => load('load-cut-short.ndjson')).toThrow(/cut short/);
  });
  it('sends a root filesystem tarball to Import', () => {
    expect(() => load('load-rootfs-tar.ndjson')).toThrow(
      'This tar file is not an image archive made by docker save (it has no manifest.json). If it holds a root filesystem, use Import… instead.',
    );
  });
});

describe('import replies (recorded)', () => {
  it('finds the new image id', () => {
    expect(reply('import-reply.ndjson').map(importedId)).toEqual(['sha256:3e2b443e0d599321a13c4c003f49eb5cbf903dda351b89fa39a0eeec6f8fd25f']);
  });
  it("turns the engine's refusals (HTTP error bodies) into sentences", () => {
    const body = (name: string) => ({ json: JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as { message: string } });
    expect(() => importedId({ error: engineMessage(body('import-not-a-tar.json')) })).toThrow(
      /^The file is not a root filesystem tarball: it is not a tar file \(plain, gzip, bzip2 or xz\), or it is cut short\./,
    );
    expect(() => importedId({ error: engineMessage(body('import-bad-change.json')) })).toThrow(
      'The engine refused a change: frob is not a valid change command. Start each line with an instruction such as CMD, ENV or WORKDIR.',
    );
  });
});
