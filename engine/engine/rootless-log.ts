/**
 * Reading RootlessKit's lines in the engine log: how the engine under it
 * ended (so a `kill -9` of dockerd is told from a failure), and the known
 * ways a rootless start fails, as sentences that say what to do.
 */
import { promises as fs } from 'node:fs';
import type { EngineExit } from './driver.js';

/** Pure: the signal RootlessKit's child reported its command was killed by ("exited: signal: killed"). */
export function childSignal(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /\[rootlesskit:child \] error: command .* exited: signal: (\w[\w ]*)$/.exec(lines[i]!.trim());
    if (m) return m[1] === 'killed' ? 'SIGKILL' : m[1] === 'terminated' ? 'SIGTERM' : m[1]!;
  }
  return undefined;
}

/** Known failures of a rootless start, each with the sentence that says what to do. */
const START_FAILURES: ReadonlyArray<readonly [RegExp, string]> = [
  [/setting up tap tap0|open \/dev\/net\/tun|tuntap add/, 'slirp4netns could not open /dev/net/tun: run `sudo chmod 0666 /dev/net/tun`'],
  [
    /newuidmap|newgidmap|uid_map|gid_map/,
    'RootlessKit could not map user IDs: check `berth engine check` (subordinate IDs in /etc/subuid and /etc/subgid, the uidmap package)',
  ],
  [/clone.*operation not permitted|unshare.*operation not permitted/i, 'User namespaces are not allowed here: see `berth engine check`'],
  [/failed to lock|resource temporarily unavailable/, 'Another RootlessKit holds this home’s state folder: run `berth engine down`, then start again'],
];

/** Pure: the first known failure in the log lines of a start, as a sentence. */
export function startFailure(lines: readonly string[]): string | undefined {
  for (const [re, sentence] of START_FAILURES) if (lines.some((l) => re.test(l))) return sentence;
  return undefined;
}

async function linesFrom(file: string, fromByte: number): Promise<string[]> {
  try {
    const fh = await fs.open(file, 'r');
    try {
      const { size } = await fh.stat();
      const buf = Buffer.alloc(Math.max(0, size - fromByte));
      await fh.read(buf, 0, buf.length, fromByte);
      return buf.toString('utf8').split('\n');
    } finally {
      await fh.close();
    }
  } catch {
    return [];
  }
}

/** A known start failure in the log written since `fromByte`. */
export async function rootlessStartFailure(file: string, fromByte: number): Promise<string | undefined> {
  return startFailure(await linesFrom(file, fromByte));
}

/** How RootlessKit's exit ended the engine: dockerd killed by a signal counts as killed from outside. */
export async function rootlessExit(file: string, fromByte: number, code: number | null, sig: NodeJS.Signals | null): Promise<EngineExit> {
  if (sig) return { why: `rootlesskit was killed by ${sig}`, killed: true };
  const childSig = childSignal(await linesFrom(file, fromByte));
  if (childSig) return { why: `dockerd was killed by ${childSig}`, killed: true };
  return { why: `the rootless dockerd exited (rootlesskit code ${code})`, killed: false };
}
