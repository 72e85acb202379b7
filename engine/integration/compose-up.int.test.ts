/**
 * `berth compose up/down/ps` on Berth's real engine, and the round trips with the reference peer, Debian's
 * `docker-compose` 1.29: a project brought up by Berth is managed by docker-compose, and the other way round.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { berth, docker, removeHomes, startTestEngine, tempHome } from './harness.js';
import type { RpcClient } from '../rpc/client.js';

const run = promisify(execFile);
const home = tempHome('compose');
const dir = mkdtempSync('/tmp/bt-compose-project-');
const file = join(dir, 'compose.yaml');
const PORT = 20_000 + (process.pid % 20_000);
let dockerHost: string;
let rpc: RpcClient;

/** db becomes healthy after a second; migrate runs once db is healthy; web serves a line once migrate succeeded. */
const COMPOSE = `services:
  db:
    image: ${BUSYBOX_IMAGE}
    command: ['sh', '-c', 'sleep 1; touch /tmp/ready; exec sleep 3600']
    stop_signal: SIGKILL
    healthcheck:
      test: ['CMD-SHELL', 'test -f /tmp/ready']
      interval: 300ms
      retries: 50
  migrate:
    image: ${BUSYBOX_IMAGE}
    command: ['sh', '-c', 'echo migrated; exit \${MIGRATE_EXIT:-0}']
    depends_on:
      db:
        condition: service_healthy
  web:
    image: ${BUSYBOX_IMAGE}
    command: ['sh', '-c', 'exec busybox nc -ll -p 8080 -e echo "$$GREETING"']
    stop_signal: SIGKILL
    environment:
      GREETING: \${GREETING:-hello}
    ports:
      - '127.0.0.1:${PORT}:8080'
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
`;

const compose = (project: string, args: string[], env: Record<string, string> = {}) => berth(home, ['compose', '-f', file, '-p', project, ...args], env);
const dockerCompose = (project: string, args: string[]) =>
  run('/usr/bin/docker-compose', ['-f', file, '-p', project, ...args], { env: { ...process.env, DOCKER_HOST: dockerHost } });

interface Inspected {
  Id: string;
  Name: string;
  State: { Status: string; ExitCode: number; StartedAt: string; FinishedAt: string };
}
async function inspect(project: string): Promise<Record<string, Inspected>> {
  const ids = (await docker(dockerHost, ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`])).split('\n').filter(Boolean);
  if (!ids.length) return {};
  const all = JSON.parse(await docker(dockerHost, ['inspect', ...ids])) as Array<Inspected & { Config: { Labels: Record<string, string> } }>;
  return Object.fromEntries(all.map((c) => [c.Config.Labels['com.docker.compose.service']!, c]));
}

async function networksOf(project: string): Promise<string[]> {
  return (await docker(dockerHost, ['network', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.compose.project=${project}`]))
    .split('\n')
    .filter(Boolean);
}

/** The line the web service answers with. */
function ask(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let data = '';
    s.on('data', (d: Buffer) => (data += d.toString()));
    s.on('end', () => resolve(data.trim()));
    s.on('error', reject);
  });
}

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  writeFileSync(file, COMPOSE);
});

afterAll(async () => {
  rpc?.close();
  await removeHomes();
  rmSync(dir, { recursive: true, force: true });
});

describe('berth compose up', () => {
  it('brings three services up in depends_on order, recreates only the changed one, and down removes them', async () => {
    const plan = await compose('stack', ['up', '--dry-run']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('create network stack_default');
    expect(plan.stdout).toContain('create container stack-web-1 after db (service_healthy), migrate (service_completed_successfully)');

    const up = await compose('stack', ['up', '-d']);
    expect(up.code, up.stderr).toBe(0);
    const first = await inspect('stack');
    expect(Object.keys(first).sort()).toEqual(['db', 'migrate', 'web']);
    expect(first.db!.Name).toBe('/stack-db-1');
    expect(first.migrate!.State).toMatchObject({ Status: 'exited', ExitCode: 0 });
    expect(first.web!.State.Status).toBe('running');
    // Order: migrate started after db became healthy (so after db started), web after migrate finished.
    expect(Date.parse(first.migrate!.State.StartedAt)).toBeGreaterThan(Date.parse(first.db!.State.StartedAt) + 900);
    expect(Date.parse(first.web!.State.StartedAt)).toBeGreaterThanOrEqual(Date.parse(first.migrate!.State.FinishedAt));
    expect(await ask(PORT)).toBe('hello');
    const labels = JSON.parse(await docker(dockerHost, ['inspect', '--format', '{{json .Config.Labels}}', 'stack-web-1'])) as Record<string, string>;
    expect(labels).toMatchObject({
      'com.docker.compose.project': 'stack',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.project.working_dir': dir,
      'com.docker.compose.project.config_files': file,
      'com.docker.compose.depends_on': 'db:service_healthy:false,migrate:service_completed_successfully:false',
    });
    expect((await compose('stack', ['ps'])).stdout).toMatch(new RegExp(`stack-web-1 +web +Up .*127\\.0\\.0\\.1:${PORT}->8080/tcp`));

    const changed = await compose('stack', ['up', '--dry-run'], { GREETING: 'bonjour' });
    expect(changed.stdout).toContain('recreate container stack-web-1: changed environment.GREETING');
    expect(changed.stdout).toContain('leave container stack-db-1 as it is (up to date)');
    const again = await compose('stack', ['up', '-d'], { GREETING: 'bonjour' });
    expect(again.code, again.stderr).toBe(0);
    const second = await inspect('stack');
    expect(second.db!.Id).toBe(first.db!.Id);
    expect(second.migrate!.Id).toBe(first.migrate!.Id);
    expect(second.web!.Id).not.toBe(first.web!.Id);
    expect(await ask(PORT)).toBe('bonjour');

    const down = await compose('stack', ['down']);
    expect(down.code, down.stderr).toBe(0);
    expect(await inspect('stack')).toEqual({});
    expect(await networksOf('stack')).toEqual([]);
  });

  it('stops at a failed one-shot dependency with a sentence, saying what it had created', async () => {
    const up = await compose('failing', ['up', '-d'], { MIGRATE_EXIT: '3' });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(
      'web depends on migrate (service_completed_successfully), and failing-migrate-1 exited with code 3. Before that, Berth created network failing_default',
    );
    const left = await inspect('failing');
    expect(Object.keys(left).sort()).toEqual(['db', 'migrate']);
    expect((await compose('failing', ['down'])).code).toBe(0);
    expect(await networksOf('failing')).toEqual([]);
  });
});

describe('berth compose and docker-compose 1.29 manage each other’s projects', () => {
  it('a project Berth brought up is listed and taken down by docker-compose', async () => {
    expect((await compose('peer1', ['up', '-d'])).code).toBe(0);
    const ps = await dockerCompose('peer1', ['ps']);
    for (const name of ['peer1-db-1', 'peer1-migrate-1', 'peer1-web-1']) expect(ps.stdout).toContain(name);
    await dockerCompose('peer1', ['down']);
    expect(await inspect('peer1')).toEqual({});
    expect(await networksOf('peer1')).toEqual([]);
  });

  it('a project docker-compose brought up is listed and taken down by Berth (and Berth would recreate it: 1.29 hashes differently)', async () => {
    await dockerCompose('peer2', ['up', '-d']);
    const ps = await compose('peer2', ['ps']);
    expect(ps.code, ps.stderr).toBe(0);
    for (const name of ['peer2_db_1', 'peer2_migrate_1', 'peer2_web_1']) expect(ps.stdout).toContain(name);
    const plan = await compose('peer2', ['up', '--dry-run']);
    expect(plan.stdout.split('\n').filter((l) => l.startsWith('recreate container'))).toHaveLength(3);
    const down = await compose('peer2', ['down']);
    expect(down.code, down.stderr).toBe(0);
    expect(await inspect('peer2')).toEqual({});
    expect(await networksOf('peer2')).toEqual([]);
  });
});
