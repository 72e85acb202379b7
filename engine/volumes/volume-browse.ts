/**
 * Browsing a volume read-only: a short-lived helper container (from Berth's
 * own helper image) mounts the volume read-only, without network, lists one
 * folder with find + stat, and is removed.
 */
import { posix } from 'node:path';
import type { VolumeEntry } from '../contract/index.js';
import { RpcError } from '../rpc/protocol.js';
import { type EngineClient, engineError } from '../engine/index.js';
import { HELPER_LABEL, ensureHelperImage } from '../images/index.js';
import { LogDemuxer } from '../util/log-demux.js';

const SEP = '\x1f';
const FORMAT = ['%F', '%s', '%a', '%Y', '%n', '%N'].join(SEP);
/** Most entries returned for one folder. */
export const MAX_ENTRIES = 5000;

/** Pure: a path inside the volume, normalised; refuses anything that climbs out. */
export function volumePath(path: string): string {
  if (!path.startsWith('/')) throw new RpcError('bad_request', `"${path}" is not a path inside the volume: it starts with /.`);
  const norm = posix.normalize(path);
  if (norm.split('/').includes('..')) throw new RpcError('bad_request', `"${path}" leaves the volume.`);
  return norm;
}

/** Pure: busybox `stat -c` lines (fields split by US) into entries, folders first, then by name. */
export function parseStatLines(text: string): VolumeEntry[] {
  const entries: VolumeEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(SEP);
    if (f.length < 6) continue;
    const [kind, size, mode, mtime, full, quoted] = f as [string, string, string, string, string, string];
    const type: VolumeEntry['type'] = kind === 'directory' ? 'dir' : kind.startsWith('regular') ? 'file' : kind === 'symbolic link' ? 'link' : 'other';
    const target = type === 'link' ? /-> '(.*)'$/.exec(quoted)?.[1] : undefined;
    entries.push({ name: posix.basename(full), type, size: Number(size), mode, mtime: Number(mtime), target });
  }
  return entries.sort((a, b) => Number(b.type === 'dir') - Number(a.type === 'dir') || a.name.localeCompare(b.name));
}

export async function browseVolume(supervisor: EngineClient, name: string, path: string): Promise<VolumeEntry[]> {
  const inside = volumePath(path);
  const docker = supervisor.docker();
  // A bind of an unknown name would create that volume: check first.
  if (
    !(await docker
      .getVolume(name)
      .inspect()
      .catch(() => undefined))
  )
    throw new RpcError('not_found', `There is no volume named "${name}".`);
  const image = await ensureHelperImage(docker).catch((err) => {
    throw engineError(err);
  });
  const dir = posix.join('/v', inside);
  const container = await docker.createContainer({
    Image: image,
    Cmd: [
      'sh',
      '-c',
      `[ -d "$1" ] || { echo "not a folder" >&2; exit 2; }; find "$1" -mindepth 1 -maxdepth 1 | head -n ${MAX_ENTRIES} | while IFS= read -r p; do stat -c "$2" "$p"; done`,
      'browse',
      dir,
      FORMAT,
    ],
    Labels: { [HELPER_LABEL]: 'volume-browse' },
    NetworkDisabled: true,
    HostConfig: { Binds: [`${name}:/v:ro`], NetworkMode: 'none', ReadonlyRootfs: true },
  });
  try {
    await container.start();
    const done = (await Promise.race([container.wait(), new Promise((r) => setTimeout(() => r({ StatusCode: -1 }), 15_000))])) as { StatusCode: number };
    const out = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    const lines = (() => {
      const d = new LogDemuxer(true, false);
      return [...d.push(out), ...d.end()];
    })();
    if (done.StatusCode === 2) throw new RpcError('not_found', `${inside} is not a folder in volume ${name}.`);
    if (done.StatusCode !== 0)
      throw new RpcError(
        'engine',
        `Listing ${inside} in volume ${name} failed: ${
          lines
            .filter((l) => l.stream === 'stderr')
            .map((l) => l.text)
            .join(' ') || `exit ${done.StatusCode}`
        }.`,
      );
    return parseStatLines(
      lines
        .filter((l) => l.stream === 'stdout')
        .map((l) => l.text)
        .join('\n'),
    );
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
