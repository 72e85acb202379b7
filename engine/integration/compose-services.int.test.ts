/**
 * `berth compose` on one service at a time, on Berth's real engine: `up web` brings up web and what it depends
 * on and nothing else, `stop`/`restart`/`logs` act on the services named, an unknown name changes nothing; and
 * an attached `up --abort-on-container-exit` / `--exit-code-from` stops the project when a container exits and
 * exits with the right code. Everything is checked with the docker CLI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import type { RpcClient } from '../rpc/client.js';
import { berth, docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const home = tempHome('csvc');
const dir = mkdtempSync('/tmp/bt-csvc-');
let dockerHost: string;
let rpc: RpcClient;

const compose = (file: string, project: string, args: string[]) => berth(home, ['compose', '-f', file, '-p', project, ...args]);

/** `name state` of each container of a project, read by the docker CLI. */
async function states(project: string): Promise<string[]> {
  const out = await docker(dockerHost, ['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}} {{.State}}']);
  return out.split('\n').filter(Boolean).sort();
}

const exitCode = (name: string) => docker(dockerHost, ['inspect', '-f', '{{.State.ExitCode}}', name]).then(Number);

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});

afterAll(async () => {
  rpc?.close();
  for (const p of ['three', 'abort']) await compose(join(dir, `${p}.yaml`), p, ['down', '--volumes', '--remove-orphans']).catch(() => undefined);
  await removeHomes();
  rmSync(dir, { recursive: true, force: true });
});

describe('compose commands on named services', () => {
  it('up SERVICE brings up it and its dependency only; stop, restart and logs keep to the services named', async () => {
    const file = join(dir, 'three.yaml');
    const sleeper = (say: string) => `    image: ${BUSYBOX_IMAGE}\n    command: ['sh', '-c', 'echo ${say}; exec sleep 3600']\n    stop_signal: SIGKILL\n`;
    writeFileSync(
      file,
      `services:\n  db:\n${sleeper('db here')}    volumes: [data:/data]\n  web:\n${sleeper('web here')}    depends_on: [db]\n  cache:\n${sleeper('cache here')}    volumes: [cached:/c]\nvolumes:\n  data: {}\n  cached: {}\n`,
    );

    // An unknown name: a sentence naming the services, and nothing made.
    const bad = await compose(file, 'three', ['up', '-d', 'web', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"nope" is not a service of the project three (its services: cache, db, web). Nothing was changed.');
    expect(await states('three')).toEqual([]);

    const dry = await compose(file, 'three', ['up', '--dry-run', 'web']);
    expect(dry.stdout).toContain('create container three-db-1');
    expect(dry.stdout).not.toContain('cache');

    const up = await compose(file, 'three', ['up', '-d', 'web']);
    expect(up.code, up.stderr).toBe(0);
    expect(await states('three')).toEqual(['three-db-1 running', 'three-web-1 running']);
    // Only the volume web's dependency uses was made.
    expect((await docker(dockerHost, ['volume', 'ls', '-q', '--filter', 'label=com.docker.compose.project=three'])).split('\n')).toEqual(['three_data']);

    const stop = await compose(file, 'three', ['stop', 'web']);
    expect(stop.stderr).toContain('Stopped three-web-1.');
    expect(await states('three')).toEqual(['three-db-1 running', 'three-web-1 exited']);
    const badStop = await compose(file, 'three', ['stop', 'db', 'wbe']);
    expect(badStop.code).toBe(1);
    expect(badStop.stderr).toContain('"wbe" is not a service of the project three (its services: cache, db, web). Nothing was changed.');
    expect(await states('three')).toEqual(['three-db-1 running', 'three-web-1 exited']);

    const started = await docker(dockerHost, ['inspect', '-f', '{{.State.StartedAt}}', 'three-db-1']);
    expect((await compose(file, 'three', ['restart', 'web'])).stderr).toContain('Restarted three-web-1.');
    expect(await states('three')).toEqual(['three-db-1 running', 'three-web-1 running']);
    expect(await docker(dockerHost, ['inspect', '-f', '{{.State.StartedAt}}', 'three-db-1'])).toBe(started);

    const logs = await compose(file, 'three', ['logs', '--no-color', 'db']);
    expect(logs.stdout).toContain('db-1 | db here');
    expect(logs.stdout).not.toContain('web here');

    // The whole project afterwards: cache joins, the others are left as they are.
    await compose(file, 'three', ['up', '-d']);
    expect(await states('three')).toEqual(['three-cache-1 running', 'three-db-1 running', 'three-web-1 running']);
  }, 180_000);

  it('an attached up stops the project when a container exits, and exits with its code (or that of --exit-code-from)', async () => {
    const file = join(dir, 'abort.yaml');
    writeFileSync(
      file,
      `services:
  migrate:
    image: ${BUSYBOX_IMAGE}
    command: ['sh', '-c', 'echo migrated']
  server:
    image: ${BUSYBOX_IMAGE}
    command: ['sh', '-c', 'echo serving; exec sleep 3600']
    stop_signal: SIGKILL
    depends_on: { migrate: { condition: service_completed_successfully } }
  test:
    image: ${BUSYBOX_IMAGE}
    command: ['sh', '-c', 'echo testing; exit 3']
    depends_on: [server]
`,
    );
    // The migration exits first, as it should: only test's exit aborts, and its code is up's.
    const aborted = await compose(file, 'abort', ['up', '--no-color', '--abort-on-container-exit']);
    expect(aborted.stdout).toMatch(/test-1 +\| testing/);
    expect(aborted.stderr).toContain('Aborting on container exit');
    expect(aborted.stderr).toContain('abort-test-1 exited first, with code 3.');
    expect(aborted.code).toBe(3);
    expect(await states('abort')).toEqual(['abort-migrate-1 exited', 'abort-server-1 exited', 'abort-test-1 exited']);

    // --exit-code-from server: test's exit stops server (SIGKILL: 137), and that is the code.
    const fromServer = await compose(file, 'abort', ['up', '--no-color', '--exit-code-from', 'server']);
    expect(fromServer.code).toBe(137);
    expect(fromServer.code).toBe(await exitCode('abort-server-1'));
    expect(await states('abort')).toEqual(['abort-migrate-1 exited', 'abort-server-1 exited', 'abort-test-1 exited']);
    const fromTest = await compose(file, 'abort', ['up', '--no-color', '--exit-code-from', 'test']);
    expect(fromTest.code).toBe(3);

    // A service up does not bring up: refused before anything changes.
    const before = await docker(dockerHost, ['inspect', '-f', '{{.State.FinishedAt}}', 'abort-server-1']);
    const notUp = await compose(file, 'abort', ['up', '--exit-code-from', 'test', 'server']);
    expect(notUp.code).toBe(1);
    expect(notUp.stderr).toContain('"test" is not among the services up brings up (migrate, server). Nothing was changed.');
    expect(await docker(dockerHost, ['inspect', '-f', '{{.State.FinishedAt}}', 'abort-server-1'])).toBe(before);
  }, 180_000);
});
