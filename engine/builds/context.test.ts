/** Build contexts on real folders: walked with their .dockerignore, packed, and read back. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { TarReader } from '../util/tar-reader.js';
import { ContextError, packContext, scanContext } from './context.js';

let dir = '';
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function folder(files: Record<string, string>): string {
  dir = mkdtempSync('/tmp/berth-context-');
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

/** The names and bodies of a packed context. */
async function unpack(stream: NodeJS.ReadableStream): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let current = '';
  const r = new TarReader((h) => {
    current = h.name;
    out.set(h.name, h.kind === 'file' ? '' : `<${h.kind}${h.link ? `:${h.link}` : ''}>`);
    return h.kind === 'file' ? (c: Buffer) => void out.set(current, out.get(current) + c.toString()) : undefined;
  });
  for await (const c of stream as AsyncIterable<Buffer>) await r.push(c);
  await r.end();
  return out;
}

describe('build contexts', () => {
  it('leaves out what .dockerignore excludes, brings back ! exceptions, and always sends the Dockerfile and .dockerignore', async () => {
    const root = folder({
      Dockerfile: 'FROM x\n',
      '.dockerignore': '*.log\nsecrets\nnode_modules\n!node_modules/keep.js\nDockerfile\n',
      'app.js': 'console.log(1)\n',
      'debug.log': 'noise',
      'secrets/key': 'k',
      'node_modules/big/index.js': 'x'.repeat(100),
      'node_modules/keep.js': 'kept',
    });
    symlinkSync('app.js', join(root, 'link.js'));
    const scan = await scanContext(root, join(root, 'Dockerfile'));
    expect(scan.entries.map((e) => e.path)).toEqual(['.dockerignore', 'Dockerfile', 'app.js', 'link.js', 'node_modules/keep.js']);
    expect(scan.files).toBe(4);
    const ignoreText = '*.log\nsecrets\nnode_modules\n!node_modules/keep.js\nDockerfile\n';
    // .dockerignore, Dockerfile (7), app.js (15), keep.js (4); the symlink counts no bytes.
    expect(scan.bytes).toBe(ignoreText.length + 7 + 15 + 4);
    expect(scan.excluded).toBeGreaterThanOrEqual(3);
    expect(scan.dockerfileInContext).toBe('Dockerfile');
    const packed = packContext(scan, join(root, 'Dockerfile'), () => undefined);
    const files = await unpack(packed.stream);
    expect([...files.keys()]).toEqual(['.dockerignore', 'Dockerfile', 'app.js', 'link.js', 'node_modules/keep.js']);
    expect(files.get('link.js')).toBe('<symlink:app.js>');
    expect(files.get('node_modules/keep.js')).toBe('kept');
    expect(packed.hashes.get('app.js')).toBe(createHash('sha256').update('console.log(1)\n').digest('hex'));
    expect(packed.dockerfileName).toBe('Dockerfile');
  });

  it('sends a Dockerfile from outside the context under a name of its own', async () => {
    const root = folder({ 'ctx/a.txt': 'a', 'build/Dockerfile.prod': 'FROM y\n' });
    const scan = await scanContext(join(root, 'ctx'), join(root, 'build/Dockerfile.prod'));
    expect(scan.dockerfileInContext).toBeUndefined();
    const packed = packContext(scan, join(root, 'build/Dockerfile.prod'), () => undefined);
    const files = await unpack(packed.stream);
    expect(files.get(packed.dockerfileName)).toBe('FROM y\n');
    expect(packed.dockerfileName).toMatch(/^\.dockerfile\./);
  });

  it('packs long and non-ASCII names, long link targets and a file bigger than a chunk, as GNU tar reads them back', async () => {
    const long = `${'deep/'.repeat(30)}name-${'x'.repeat(80)}.txt`;
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const root = folder({ Dockerfile: 'FROM x\n', [long]: 'long', 'café/naïve.txt': 'accents' });
    writeFileSync(join(root, 'big.bin'), big);
    symlinkSync(long, join(root, 'to-long'));
    const scan = await scanContext(root, join(root, 'Dockerfile'));
    const packed = packContext(scan, join(root, 'Dockerfile'), () => undefined);
    const chunks: Buffer[] = [];
    for await (const c of packed.stream) chunks.push(c as Buffer);
    const tar = Buffer.concat(chunks);
    expect(tar.length % 512).toBe(0);
    // GNU tar lists every entry, with the PAX names and link target whole.
    const listing = execFileSync('tar', ['-tvf', '-'], { input: tar }).toString();
    expect(listing).toContain(` ${long}\n`);
    expect(listing).toContain(' café/naïve.txt\n');
    expect(listing).toContain(` to-long -> ${long}\n`);
    expect(listing).toMatch(new RegExp(` ${big.length} \\S+ \\S+ big\\.bin\n`));
    expect(execFileSync('tar', ['-xOf', '-', 'big.bin'], { input: tar, maxBuffer: 1 << 24 }).equals(big)).toBe(true);
    expect(execFileSync('tar', ['-xOf', '-', 'café/naïve.txt'], { input: tar }).toString()).toBe('accents');
    expect(packed.hashes.get('big.bin')).toBe(createHash('sha256').update(big).digest('hex'));
    expect(packed.hashes.get(long)).toBe(createHash('sha256').update('long').digest('hex'));
    // And so does Berth's own reader.
    const files = await unpack(Readable.from([tar]));
    expect(files.get(long)).toBe('long');
    expect(files.get('to-long')).toBe(`<symlink:${long}>`);
  });

  it('says when the folder is not there', async () => {
    await expect(scanContext('/tmp/berth-no-such-context', '/tmp/berth-no-such-context/Dockerfile')).rejects.toThrow(
      new ContextError('There is no folder /tmp/berth-no-such-context to build from.'),
    );
  });
});
