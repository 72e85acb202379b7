/** Finding and removing mounts a stopped or crashed engine left under its folders. */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Decode the octal escapes (\040 for space…) of /proc/self/mountinfo. */
export function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Mount points under any of `roots` (the roots included), deepest first, from mountinfo text. */
export function mountsUnder(mountinfo: string, roots: readonly string[]): string[] {
  const points = mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => !!p)
    .map(unescapeMountPath)
    .filter((p) => roots.some((r) => p === r || p.startsWith(r + '/')));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** Unmount (lazily, so a busy one cannot block a stop) every mount under the roots. */
export async function unmountUnder(roots: readonly string[]): Promise<string[]> {
  if (process.platform !== 'linux') return [];
  const failed: string[] = [];
  for (let round = 0; round < 3; round++) {
    const points = mountsUnder(await fs.readFile('/proc/self/mountinfo', 'utf8'), roots);
    if (!points.length) return [];
    failed.length = 0;
    for (const p of points) {
      await run('umount', ['-l', p]).catch(() => failed.push(p));
    }
  }
  return failed;
}
