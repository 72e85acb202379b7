/**
 * Berth's helper image, made on the spot from the host's static busybox
 * (Debian's busybox-static), never pulled: a root filesystem with busybox and
 * its applets. Used for short-lived helper containers (browsing a volume).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';

export const HELPER_IMAGE = 'berth/helper:busybox';
/** Label on every helper container, so the containers list can leave them out. */
export const HELPER_LABEL = 'dev.berth.helper';

const APPLETS = ['sh', 'ls', 'cat', 'echo', 'sleep', 'httpd', 'true', 'yes', 'env', 'id', 'ps', 'top', 'wget', 'uname', 'find', 'stat', 'head', 'seq', 'sed'];

/** A statically linked busybox on this host, or an error naming the package. */
export function staticBusybox(): string {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) if (existsSync(p)) return p;
  throw new Error("Berth needs a static busybox for its helper containers: install Debian's busybox-static package.");
}

/** A root filesystem tarball with busybox and its applets as symlinks, plus extra files. */
export async function busyboxRootfs(extra: Record<string, string> = {}): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    p.on('end', () => resolve());
    p.on('error', reject);
  });
  const bin = readFileSync(staticBusybox());
  for (const dir of ['bin', 'tmp', 'etc', 'proc', 'sys', 'dev', 'www']) p.entry({ name: `${dir}/`, type: 'directory', mode: dir === 'tmp' ? 0o1777 : 0o755 });
  p.entry({ name: 'bin/busybox', mode: 0o755, size: bin.length }, bin);
  for (const a of APPLETS) p.entry({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' });
  p.entry({ name: 'etc/passwd', mode: 0o644 }, 'root:x:0:0:root:/:/bin/sh\n');
  for (const [name, body] of Object.entries(extra)) p.entry({ name, mode: 0o644 }, body);
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Make sure the helper image exists on this engine (imported once). */
export async function ensureHelperImage(docker: Docker): Promise<string> {
  if (
    await docker
      .getImage(HELPER_IMAGE)
      .inspect()
      .catch(() => undefined)
  )
    return HELPER_IMAGE;
  const [repo, tag] = HELPER_IMAGE.split(':');
  const tar = Readable.from(await busyboxRootfs());
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    docker.importImage(tar as unknown as string, { repo, tag, changes: 'CMD ["sh"]' } as never, (err, s) => (err || !s ? reject(err) : resolve(s))),
  );
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
  return HELPER_IMAGE;
}
