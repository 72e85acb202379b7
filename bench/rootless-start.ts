/**
 * Rootless engine cold start to `/_ping`: `berth engine up` on a fresh home
 * as a user who is not root (RootlessKit, slirp4netns, dockerd), against the
 * root engine's `berth engine up` on a fresh home, alternating, in the same
 * run. Needs root (to act as both) and the berth-ci user `.ci/run` makes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { runBerth } from '../e2e/fixtures/berth.js';
import { berthAs, homeFor, rootlessUser, type TestUser } from '../engine/integration/rootless-user.js';
import { median, type BenchResult } from './stats.js';

async function rootStart(): Promise<number> {
  const home = mkdtempSync('/tmp/bb-');
  const t0 = performance.now();
  const up = await runBerth(home, ['engine', 'up']);
  const ms = performance.now() - t0;
  if (up.code !== 0) throw new Error(up.stderr);
  await runBerth(home, ['engine', 'down']);
  rmSync(home, { recursive: true, force: true });
  return ms;
}

async function rootlessStart(user: TestUser): Promise<number> {
  const home = homeFor(user, 'br');
  const t0 = performance.now();
  const up = await berthAs(user, home, ['engine', 'up']);
  const ms = performance.now() - t0;
  if (up.code !== 0) throw new Error(up.stderr);
  await berthAs(user, home, ['engine', 'down']);
  rmSync(home, { recursive: true, force: true });
  return ms;
}

export async function benchRootlessStart(rounds = 5): Promise<BenchResult[]> {
  const user = rootlessUser();
  if ('missing' in user || !user.switched) {
    console.log(`rootless start bench skipped: ${'missing' in user ? user.missing : 'it runs as root, to start both engines'}.`);
    return [];
  }
  const root: number[] = [];
  const rootless: number[] = [];
  for (let i = 0; i < rounds; i++) {
    root.push(await rootStart());
    rootless.push(await rootlessStart(user));
  }
  return [
    {
      name: 'rootless engine cold start to /_ping',
      unit: 'ms',
      subject: { label: `\`berth engine up\` as ${user.name}, fresh home (rootless)`, samples: rootless, median: median(rootless) },
      baseline: { label: '`berth engine up` as root, fresh home (root engine)', samples: root, median: median(root) },
    },
  ];
}
