/**
 * `engine down` leaves no bridge of the engine's own networks on the host:
 * dockerd keeps a user network's `br-<id>` interface when it stops, and
 * those left over from earlier engines used up the default address pools
 * (found when `compose up` failed with "could not find an available,
 * non-overlapping IPv4 address pool").
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { berth, docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('down-nets');
const linkExists = (name: string) => spawnSync('ip', ['link', 'show', name], { stdio: 'ignore' }).status === 0;

afterAll(async () => {
  await removeHomes();
}, 60_000);

it('removes the bridges of the networks the engine made, and only those', async () => {
  const { dockerHost } = await startTestEngine(home);
  const id = await docker(dockerHost, ['network', 'create', 'down-a']);
  await docker(dockerHost, ['network', 'create', '-o', 'com.docker.network.bridge.name=berthdown1', 'down-b']);
  // A container brings the first network's bridge up; the second stays as dockerd made it.
  await docker(dockerHost, ['run', '-d', '--network', 'down-a', 'berth-test/busybox', 'sleep', '600']);
  const bridges = [`br-${id.slice(0, 12)}`, 'berthdown1'];
  for (const b of bridges) expect(linkExists(b), b).toBe(true);
  // An interface of someone else's, named like a network bridge, stays.
  execFileSync('ip', ['link', 'add', 'br-0000notours', 'type', 'bridge']);
  try {
    expect((await berth(home, ['engine', 'down'])).code).toBe(0);
    for (const b of bridges) expect(linkExists(b), `${b} after engine down`).toBe(false);
    expect(linkExists('br-0000notours')).toBe(true);
  } finally {
    spawnSync('ip', ['link', 'del', 'br-0000notours']);
  }
});
