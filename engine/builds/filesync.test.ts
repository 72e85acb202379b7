import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fields } from './buildkit-trace.js';
import { decodePacket, encodePacket, followLinks, goMode, matchPrefix, PACKET, sendFolder, syncEntries, type Packet, type SyncEntry } from './filesync.js';
import { grpcFrame, grpcMessages, headerValues } from './session.js';

const root = mkdtempSync(join(tmpdir(), 'berth-filesync-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder: `a`, `a/b`, `a.txt`, `b/c/d.go`, `b/keep.md`, `link -> b/c`, `logs/x.log`. */
function tree(): string {
  const dir = mkdtempSync(join(root, 't-'));
  mkdirSync(join(dir, 'a'));
  writeFileSync(join(dir, 'a', 'b'), 'ab');
  writeFileSync(join(dir, 'a.txt'), 'hello');
  mkdirSync(join(dir, 'b', 'c'), { recursive: true });
  writeFileSync(join(dir, 'b', 'c', 'd.go'), 'package d');
  writeFileSync(join(dir, 'b', 'keep.md'), '# keep');
  symlinkSync('b/c', join(dir, 'link'));
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'logs', 'x.log'), 'log');
  return dir;
}

const paths = (dir: string, filter: Parameters<typeof syncEntries>[1]) => [...syncEntries(dir, filter)].map((e) => e.path);

describe('packets', () => {
  it('writes a STAT with Go file modes and nanosecond times, and reads the engine’s REQ and FIN', () => {
    const e: SyncEntry = { path: 'b/c', kind: 'dir', mode: goMode(0o755, 'dir'), size: 0, mtimeNs: 1_700_000_000_123_456_789n };
    const f = fields(encodePacket(PACKET.STAT, { stat: e }));
    // type STAT (0) is the default, so not written; the stat is field 2.
    expect(f.map((x) => x.no)).toEqual([2]);
    const stat = fields(f[0]!.value as Buffer);
    expect(stat.map((x) => x.no)).toEqual([1, 2, 6]);
    expect((stat[0]!.value as Buffer).toString()).toBe('b/c');
    expect(stat[1]!.value).toBe(0x80000000 + 0o755);
    // 1.7e18 ns is beyond a double's exact integers: the varint is written from the bigint.
    const raw = f[0]!.value as Buffer;
    const at = raw.indexOf(0x30) + 1; // field 6, varint
    let ns = 0n;
    for (let i = at, shift = 0n; ; i++, shift += 7n) {
      ns |= BigInt(raw[i]! & 0x7f) << shift;
      if (!(raw[i]! & 0x80)) break;
    }
    expect(ns).toBe(1_700_000_000_123_456_789n);
    expect(goMode(0o4755, 'file')).toBe(0x00800000 + 0o755);
    expect(goMode(0o644, 'symlink')).toBe(0x08000000 + 0o644);
    expect(encodePacket(PACKET.STAT).length).toBe(0);
    expect(decodePacket(Buffer.from([0x08, 0x01, 0x18, 0x07]))).toMatchObject({ type: PACKET.REQ, id: 7 });
    expect(decodePacket(encodePacket(PACKET.DATA, { id: 3, data: Buffer.from('xyz') }))).toMatchObject({ type: PACKET.DATA, id: 3, data: Buffer.from('xyz') });
    expect(decodePacket(encodePacket(PACKET.FIN)).type).toBe(PACKET.FIN);
  });

  it('frames gRPC messages, whole or cut anywhere', async () => {
    const msgs = [Buffer.from('one'), Buffer.alloc(0), Buffer.alloc(70_000, 7)];
    const wire = Buffer.concat(msgs.map(grpcFrame));
    for (const cut of [1, 3, 5, 6, 9, 4096]) {
      const chunks = async function* () {
        for (let i = 0; i < wire.length; i += cut) yield wire.subarray(i, i + cut);
      };
      const got: Buffer[] = [];
      for await (const m of grpcMessages(chunks())) got.push(Buffer.from(m));
      expect(got).toEqual(msgs);
    }
  });

  it('reads repeated headers one by one, in UTF-8', () => {
    const raw = ['followpaths', 'a,b', 'dir-name', 'context', 'followpaths', Buffer.from('ü.md').toString('latin1')];
    expect(headerValues(raw, 'followpaths')).toEqual(['a,b', 'ü.md']);
    expect(headerValues(raw, 'exclude-patterns')).toBeUndefined();
  });
});

describe('what is sent', () => {
  it('walks depth first with siblings in byte order, a folder before its contents (a, a/b, a.txt)', () => {
    expect(paths(tree(), {})).toEqual(['a', 'a/b', 'a.txt', 'b', 'b/c', 'b/c/d.go', 'b/keep.md', 'link', 'logs', 'logs/x.log']);
  });

  it('matches include patterns part by part: a folder on the way is sent, a folder matched whole is sent with its contents', () => {
    expect(matchPrefix('b/c/*.go', 'b')).toBe('partial');
    expect(matchPrefix('b/c/*.go', 'b/c/d.go')).toBe('full');
    expect(matchPrefix('b/c/*.go', 'a')).toBe('none');
    const dir = tree();
    expect(paths(dir, { includePatterns: ['b/c/*.go'] })).toEqual(['b', 'b/c', 'b/c/d.go']);
    expect(paths(dir, { includePatterns: ['b'] })).toEqual(['b', 'b/c', 'b/c/d.go', 'b/keep.md']);
    // A file is not sent for being on the way to a deeper pattern.
    expect(paths(dir, { includePatterns: ['a.txt/x'] })).toEqual([]);
    expect(paths(dir, { includePatterns: ['.'] })).toHaveLength(10);
  });

  it('follows symlinks on the way of a follow path to where they lead', () => {
    const dir = tree();
    expect(followLinks(dir, ['link/d.go']).sort()).toEqual(['b/c/d.go', 'link', 'link/d.go']);
    expect(paths(dir, { followPaths: ['link/d.go'] })).toEqual(['b', 'b/c', 'b/c/d.go', 'link']);
    expect(paths(dir, { followPaths: ['*.txt'] })).toEqual(['a.txt']);
  });

  it('leaves out what the exclude patterns name, with .dockerignore exceptions', () => {
    const dir = tree();
    expect(paths(dir, { excludePatterns: ['logs', 'b', '!b/keep.md', '**/*.txt'] })).toEqual(['a', 'a/b', 'b', 'b/keep.md', 'link']);
    expect(paths(dir, { excludePatterns: ['*.log'], includePatterns: ['logs'] })).toEqual(['logs', 'logs/x.log']);
    expect(paths(dir, { excludePatterns: ['logs/*.log'], includePatterns: ['logs'] })).toEqual(['logs']);
  });

  it('sends every STAT, then the files asked for by index, then answers FIN', async () => {
    const dir = tree();
    const out: Buffer[] = [];
    const engine: Packet[] = [
      { type: PACKET.REQ, id: 2, data: Buffer.alloc(0), hasStat: false },
      { type: PACKET.REQ, id: 5, data: Buffer.alloc(0), hasStat: false },
      { type: PACKET.FIN, id: 0, data: Buffer.alloc(0), hasStat: false },
    ];
    const report = await sendFolder(
      dir,
      {},
      {
        send: async (p) => void out.push(p),
        packets: (async function* () {
          yield* engine;
        })(),
      },
    );
    const sent = out.map(decodePacket);
    expect(sent.filter((p) => p.type === PACKET.STAT)).toHaveLength(11);
    expect(sent.filter((p) => p.type === PACKET.STAT).at(-1)?.hasStat).toBe(false);
    const data = sent.filter((p) => p.type === PACKET.DATA);
    expect(data.map((p) => [p.id, p.data.toString()])).toEqual([
      [2, 'hello'],
      [2, ''],
      [5, 'package d'],
      [5, ''],
    ]);
    expect(sent.at(-1)?.type).toBe(PACKET.FIN);
    expect(report).toMatchObject({ entries: 10, files: 5, requested: 2, bytes: 14 });
    expect([...report.hashes.keys()]).toEqual(['a.txt', 'b/c/d.go']);
    await expect(
      sendFolder(
        dir,
        {},
        {
          send: async () => undefined,
          packets: (async function* () {
            yield { type: PACKET.REQ, id: 0, data: Buffer.alloc(0), hasStat: false };
          })(),
        },
      ),
    ).rejects.toThrow('not a file that was listed');
  });
});
