/**
 * "Save as compose.yaml" round trip on Berth's real engine: containers made with the docker CLI (one with every
 * flag the export covers, and a project brought up by the reference peer, Debian's docker-compose 1.29) are
 * written out with `berth compose from`, the file is accepted by `docker-compose config`, the containers are
 * removed, the file is brought up with `berth compose up -d`, and the new containers' inspect (read with the
 * docker CLI) equals the old ones' on every field the export covers.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFromDockerfile, BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import type { RpcClient } from '../rpc/client.js';
import { berth, docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const run = promisify(execFile);
const home = tempHome('cexp');
const dir = mkdtempSync('/tmp/bt-cexp-');
let dockerHost: string;
let rpc: RpcClient;

type Obj = Record<string, any>;

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function inspect(names: string[]): Promise<Obj[]> {
  return JSON.parse(await docker(dockerHost, ['inspect', ...names])) as Obj[];
}

/** The fields the export covers, as the engine reports them, without what the engine or Compose adds by itself. */
function covered(c: Obj): Obj {
  const own = new Set([c.Name.slice(1), c.Id.slice(0, 12), c.Config.Hostname, c.Config.Labels?.['com.docker.compose.service']]);
  return {
    image: c.Config.Image,
    cmd: c.Config.Cmd,
    entrypoint: c.Config.Entrypoint,
    env: [...(c.Config.Env ?? [])].sort(),
    // No ports and no restart policy are said two ways (`{}` or null, `no` or ``).
    ports: Object.keys(c.HostConfig.PortBindings ?? {}).length ? c.HostConfig.PortBindings : null,
    mounts: (c.Mounts as Obj[])
      .map((m) => `${m.Type} ${m.Type === 'bind' ? m.Source : /^[0-9a-f]{64}$/.test(m.Name) ? '(anonymous)' : m.Name} ${m.Destination} ${m.RW}`)
      .sort(),
    networks: Object.fromEntries(
      Object.entries(c.NetworkSettings.Networks as Obj).map(([k, v]) => [k, ((v.Aliases ?? []) as string[]).filter((a) => !own.has(a)).sort()]),
    ),
    restart: { ...c.HostConfig.RestartPolicy, Name: c.HostConfig.RestartPolicy?.Name || 'no' },
    labels: Object.fromEntries(Object.entries(c.Config.Labels ?? {}).filter(([k]) => !k.startsWith('com.docker.compose.'))),
    healthcheck: c.Config.Healthcheck,
    user: c.Config.User,
    workingDir: c.Config.WorkingDir,
    hostname: c.Config.Hostname === c.Id.slice(0, 12) ? '(its id)' : c.Config.Hostname,
    capAdd: c.HostConfig.CapAdd,
    capDrop: c.HostConfig.CapDrop,
    init: c.HostConfig.Init,
    pidsLimit: c.HostConfig.PidsLimit,
    extraHosts: c.HostConfig.ExtraHosts,
    memory: c.HostConfig.Memory,
    nanoCpus: c.HostConfig.NanoCpus,
  };
}

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  await buildFromDockerfile(
    dockerHost,
    'berth-test/exportable:1',
    `FROM ${BUSYBOX_IMAGE}\nENV APP_MODE=prod\nLABEL org.example.from=image\nWORKDIR /app\nVOLUME /cache\nEXPOSE 80\nHEALTHCHECK --interval=30s CMD true\nCMD ["httpd", "-f", "-p", "80"]\n`,
  );
});

afterAll(async () => {
  rpc?.close();
  await removeHomes();
  rmSync(dir, { recursive: true, force: true });
});

describe('save as compose.yaml', () => {
  it('recreates docker run containers with everything they had', async () => {
    const port = await freePort();
    const src = join(dir, 'bindsrc');
    await run('mkdir', ['-p', src]);
    await docker(dockerHost, ['network', 'create', 'appnet']);
    // prettier-ignore
    await docker(dockerHost, ['run', '-d', '--name', 'web', '-e', 'A=1', '-e', 'APP_MODE=dev', '-p', `127.0.0.1:${port}:80`, '-v', 'named:/data',
      '-v', `${src}:/srv:ro`, '-v', '/anon', '--network', 'appnet', '--network-alias', 'api', '--restart', 'on-failure:3', '-l', 'team=x',
      '--health-cmd', 'test -d /tmp', '--health-interval', '2s', '--health-retries', '4', '-u', '1000', '-w', '/tmp', '--hostname', 'webhost',
      '--cap-add', 'NET_ADMIN', '--cap-drop', 'MKNOD', '--init', '--pids-limit', '50', '--add-host', 'h1:10.1.2.3', '--memory', '64m',
      '--cpus', '0.5', '--entrypoint', 'sh', 'berth-test/exportable:1', '-c', 'sleep 3600']);
    await docker(dockerHost, ['run', '-d', '--name', 'plain', BUSYBOX_IMAGE, 'sleep', '3600']);
    const before = (await inspect(['web', 'plain'])).map(covered);

    const file = join(dir, 'run.yaml');
    const r = await berth(home, ['compose', 'from', 'web', 'plain', '-o', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Wrote ${file}`);
    // The reference peer accepts the file.
    await run('docker-compose', ['-f', file, 'config', '-q']);
    // Asked again without --force, the file is left alone with a sentence.
    const again = await berth(home, ['compose', 'from', 'web', '-o', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${file} already exists`);

    await docker(dockerHost, ['rm', '-f', 'web', 'plain']);
    const up = await berth(home, ['compose', '-f', file, '-p', 'exported', 'up', '-d']);
    expect(up.code, up.stderr).toBe(0);
    const after = (await inspect(['web', 'plain'])).map(covered);
    // `plain` was on the default bridge; from the file it joins the project's network.
    expect(after[1]!.networks).toEqual({ exported_default: [] });
    expect({ ...after[1], networks: undefined }).toEqual({ ...before[1], networks: undefined });
    expect(after[0]).toEqual(before[0]);
  });

  it('recreates a project brought up by docker-compose under its own names', async () => {
    const project = join(dir, 'shop');
    await run('mkdir', ['-p', project]);
    writeFileSync(
      join(project, 'docker-compose.yml'),
      `services:
  db:
    image: ${BUSYBOX_IMAGE}
    command: sleep 3600
    volumes: [dbdata:/var/lib/db]
    environment: {POSTGRES: "1"}
  api:
    image: berth-test/exportable:1
    scale: 2
    networks:
      default:
      back:
        aliases: [backend]
networks:
  back: {}
volumes:
  dbdata: {}
`,
    );
    const peer = (args: string[]) => run('docker-compose', ['-p', 'shop', ...args], { cwd: project, env: { ...process.env, DOCKER_HOST: dockerHost } });
    await peer(['up', '-d']);
    const names = ['shop_db_1', 'shop_api_1', 'shop_api_2'];
    const before = (await inspect(names)).map(covered);

    // Through the contract, as the UI asks: the text comes back, nothing is written.
    const r = await rpc.call('compose.export', { containers: names, overwrite: false });
    expect(r.project).toBe('shop');
    expect(r.yaml).not.toContain('com.docker.compose');
    const file = join(dir, 'shop.yaml');
    writeFileSync(file, r.yaml);
    await run('docker-compose', ['-f', file, 'config', '-q']);

    await peer(['down']);
    const up = await berth(home, ['compose', '-f', file, '-p', 'shop', 'up', '-d']);
    expect(up.code, up.stderr).toBe(0);
    // Berth names containers as Compose v2 does (shop-db-1); the volume is the one the peer made, with its data.
    const after = (await inspect(['shop-db-1', 'shop-api-1', 'shop-api-2'])).map(covered);
    expect(after).toEqual(before);
    expect(readFileSync(file, 'utf8')).toContain('docker compose -p shop');
  });
});
