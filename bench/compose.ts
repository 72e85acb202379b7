/**
 * `up` of a 10-service project from cached images: Berth's `compose.up` (what the UI and `berth compose up`
 * ask the backend for; the CLI's own start-up is left out) against Debian's `docker-compose up -d` (1.29,
 * its Python start-up included: it is what the user waits for) on the same file, in the same run, alternating.
 * Each sample starts from nothing (the project is taken down, untimed, between samples).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runBerth } from '../e2e/fixtures/berth.js';
import { BUSYBOX_IMAGE, importBusybox } from '../e2e/fixtures/images.js';
import { connectBackend } from '../engine/backend/launch.js';
import { ended, median, timed, type BenchResult } from './stats.js';

const exec = promisify(execFile);
const SERVICES = 10;
const SAMPLES = 5;

const COMPOSE = `services:\n${Array.from(
  { length: SERVICES },
  (_, i) => `  s${i}:\n    image: ${BUSYBOX_IMAGE}\n    command: ['sleep', '3600']\n    stop_signal: SIGKILL\n    environment:\n      N: '${i}'\n`,
).join('')}`;

export async function benchCompose(): Promise<BenchResult[]> {
  const home = mkdtempSync('/tmp/bc-');
  const dir = mkdtempSync('/tmp/bc-project-');
  const file = join(dir, 'compose.yaml');
  writeFileSync(file, COMPOSE);
  const up = await runBerth(home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(up.stderr);
  const dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
  await importBusybox(dockerHost);
  const rpc = await connectBackend(home);
  if (!rpc) throw new Error('no backend');
  const env = { ...process.env, DOCKER_HOST: dockerHost };
  const project = (name: string) => ({ files: [file], projectName: name, environment: {} });
  const berth: number[] = [];
  const peer: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      berth.push(await timed(() => ended((end) => rpc.stream('compose.up', { project: project('bb') }, { next: () => undefined, end: (e) => end(e) }))));
      await rpc.call('compose.down', { project: project('bb') });
      peer.push(await timed(() => exec('/usr/bin/docker-compose', ['-f', file, '-p', 'bp', 'up', '-d'], { env })));
      await exec('/usr/bin/docker-compose', ['-f', file, '-p', 'bp', 'down'], { env });
    }
  } finally {
    rpc.close();
    await runBerth(home, ['engine', 'down']);
    rmSync(home, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    {
      name: `compose up of ${SERVICES} services from cached images`,
      unit: 'ms',
      subject: { label: 'Berth compose.up', samples: berth, median: median(berth) },
      baseline: { label: 'docker-compose 1.29 up -d', samples: peer, median: median(peer) },
    },
  ];
}
