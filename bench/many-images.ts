/**
 * Many distinct images fast: one `docker load` of a tar holding one small shared layer and `n` image configs (each with its own label, so
 * its own id) named bench/img-0000:latest…. Creating them one by one with commit would take minutes.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import tar from 'tar-stream';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function tarOf(files: Array<[string, Buffer]>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, body] of files) pack.entry({ name, mode: 0o644, mtime: new Date(0) }, body);
  pack.finalize();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    pack.on('data', (c) => chunks.push(c as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
}

/** Load `n` images into the engine at dockerHost (a unix:// socket); resolves when the engine has them all. */
export async function loadManyImages(dockerHost: string, n: number): Promise<void> {
  const layer = await tarOf([['hello.txt', Buffer.from('hello from a bench layer\n')]]);
  const diffId = `sha256:${sha(layer)}`;
  const files: Array<[string, Buffer]> = [['layer/layer.tar', layer]];
  const manifest = [];
  for (let i = 0; i < n; i++) {
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        created: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60, i)).toISOString(),
        config: { Cmd: ['sh'], Labels: { 'bench.index': String(i) } },
        rootfs: { type: 'layers', diff_ids: [diffId] },
        history: [{ created: '2026-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:hello.txt in /' }],
      }),
    );
    const name = `${sha(config)}.json`;
    files.push([name, config]);
    manifest.push({ Config: name, RepoTags: [`bench/img-${String(i).padStart(4, '0')}:latest`], Layers: ['layer/layer.tar'] });
  }
  files.push(['manifest.json', Buffer.from(JSON.stringify(manifest))]);
  const body = await tarOf(files);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = request(
      { socketPath: dockerHost.replace(/^unix:\/\//, ''), path: '/images/load?quiet=1', method: 'POST', headers: { 'content-type': 'application/x-tar' } },
      (res) => {
        let out = '';
        res.on('data', (c) => (out += c));
        res.on('end', () => (res.statusCode === 200 && !out.includes('errorDetail') ? resolve() : reject(new Error(`docker load failed: ${out}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  console.log(`  (loaded ${n} images in ${Math.round(performance.now() - t0)} ms)`);
}
