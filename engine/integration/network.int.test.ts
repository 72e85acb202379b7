/**
 * Containers on the root native engine reach the network, through Berth's
 * own nftables table, and nothing else on the machine is touched.
 *
 * The "internet" is a far host in its own network namespace (far-host.ts)
 * with no route back to Berth's bridge, so only NAT gets a container there.
 * DNS: Berth's backend (and so dockerd) runs in a mount namespace whose
 * /etc/resolv.conf names a resolver on loopback — a host with dnsmasq or a
 * local stub — served by this test (dns-responder.ts); containers must
 * resolve the far host's name through Berth's forwarding.
 */
import { execFile, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent, EngineStatus } from '../contract/index.js';
import { BUSYBOX_IMAGE, importBusybox } from '../../e2e/fixtures/images.js';
import type { CliResult } from '../../e2e/fixtures/berth.js';
import { layout } from '../engine/paths.js';
import { bridgeName } from '../engine/network.js';
import { ping } from '../engine/driver.js';
import { isBerthTable, natTableName } from '../engine/nat-rules.js';
import { NO_NFT } from '../engine/nat.js';
import { findEngineBinaries } from '../engine/binaries.js';
import { readSettings } from '../settings/index.js';
import { isAlive, readPidfile, sleep } from '../util/fs.js';
import { startDnsResponder, type DnsResponder } from './dns-responder.js';
import { startFarHost, type FarHost } from './far-host.js';
import { berth, client, docker, removeHomes, tempHome } from './harness.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');
const home = tempHome('net');
const l = layout(home);
const FAR_NAME = 'far.berth.test';
const foreign = `sometest_${process.pid}`;
let far: FarHost;
let dns: DnsResponder;
let dockerHost = '';
let resolvDir = '';
let table = '';
let gateway = '';
let forwardBefore = '';
let rulesBefore = '';
let foreignBefore = '';

/** `berth <args>` in a mount namespace whose /etc/resolv.conf is the test's (the backend and dockerd it starts stay in it). */
function berthWithResolver(args: string[]): Promise<CliResult> {
  return new Promise((res) => {
    const script = 'mount --bind "$0" /etc/resolv.conf && exec "$@"';
    const cli = [process.execPath, '--import', 'tsx', join(root, 'engine', 'cli.ts'), ...args];
    const child = spawn('unshare', ['-m', '--propagation', 'slave', 'sh', '-c', script, join(resolvDir, 'resolv.conf'), ...cli], {
      cwd: root,
      env: { ...process.env, BERTH_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => res({ code: code ?? 1, stdout, stderr }));
  });
}

async function up(): Promise<void> {
  const r = await berthWithResolver(['engine', 'up']);
  expect(r.code, r.stderr).toBe(0);
  dockerHost = r.stdout.trim().replace(/^DOCKER_HOST=/, '');
}

const nft = async (...args: string[]) => (await run('nft', args)).stdout;
const tables = async () => (await nft('list', 'tables')).split('\n').filter(Boolean);
const hasBerthTable = async () => (await tables()).includes(`table ip ${table}`);

/** Every rule on the machine except Berth's tables: nftables table by table, and iptables-save when present. */
async function foreignRules(): Promise<string> {
  let out = '';
  for (const t of await tables()) {
    const [, family, name] = t.split(' ');
    if (!isBerthTable(name!)) out += await nft('list', 'table', family!, name!);
  }
  const save = await run('iptables-save').then(
    (r) => r.stdout,
    () => '',
  );
  return out + save.replace(/^#.*\n/gm, '');
}

/** GET the far host's page from a new container with busybox nc (its wget crashes in these images). */
function fetchFromContainer(host = far.ip): Promise<string> {
  const get = `printf 'GET / HTTP/1.0\\r\\nHost: far\\r\\n\\r\\n' | nc -w 5 ${host} ${far.port}`;
  return docker(dockerHost, ['run', '--rm', BUSYBOX_IMAGE, 'sh', '-c', get]).catch((err: Error) => `failed: ${err.message}`);
}

beforeAll(async () => {
  far = await startFarHost();
  const resolverIp = `127.0.${randomInt(1, 255)}.${randomInt(2, 255)}`;
  dns = await startDnsResponder(resolverIp, { [FAR_NAME]: far.ip });
  resolvDir = mkdtempSync('/tmp/berth-resolv-');
  writeFileSync(join(resolvDir, 'resolv.conf'), `nameserver ${resolverIp}\n`);
  await run('nft', ['add', 'table', 'inet', foreign]);
  await run('nft', ['add', 'chain', 'inet', foreign, 'input', '{ type filter hook input priority 0; policy accept; }']);
  await run('nft', ['add', 'rule', 'inet', foreign, 'input', 'tcp', 'dport', '65001', 'counter', 'accept']);
  foreignBefore = await nft('list', 'table', 'inet', foreign);
  rulesBefore = await foreignRules();
  forwardBefore = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim();
  await up();
  await importBusybox(dockerHost);
  const settings = await readSettings(l.settingsFile);
  gateway = settings.engine.subnet!.split('/')[0]!;
  const status = JSON.parse((await berth(home, ['engine', 'status'])).stdout) as EngineStatus;
  table = natTableName(bridgeName(home, false));
  expect(status.notice).toBeUndefined();
});

afterAll(async () => {
  await removeHomes();
  await far?.stop();
  await dns?.stop();
  await run('nft', ['delete', 'table', 'inet', foreign]).catch(() => undefined);
  if (resolvDir) rmSync(resolvDir, { recursive: true, force: true });
});

describe('root native engine: containers reach the network', () => {
  it('a container fetches a page from the far host', async () => {
    expect(await fetchFromContainer()).toContain(far.page.trim());
    expect(await hasBerthTable()).toBe(true);
  });

  it("a container resolves the far host's name through the host's resolver on loopback", async () => {
    expect(await docker(dockerHost, ['run', '--rm', BUSYBOX_IMAGE, 'cat', '/etc/resolv.conf'])).toContain(`nameserver ${gateway}`);
    const before = dns.queries();
    const looked = await docker(dockerHost, ['run', '--rm', BUSYBOX_IMAGE, 'sh', '-c', `nslookup ${FAR_NAME}`]);
    expect(looked).toContain(far.ip);
    expect(dns.queries()).toBeGreaterThan(before);
  });

  it("a BuildKit build's RUN step fetches from the far host, by name", async () => {
    const dir = mkdtempSync('/tmp/berth-netbuild-');
    const ip = `$(nslookup ${FAR_NAME} | sed -n 's/^Address: *//p' | tail -1)`;
    writeFileSync(
      join(dir, 'Dockerfile'),
      `FROM ${BUSYBOX_IMAGE}\nRUN printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 ${ip} ${far.port} > /page && grep -q "${far.page.trim()}" /page\n`,
    );
    const rpc = await client(home);
    try {
      const end = await new Promise<BuildEvent | undefined>((res) => {
        let last: BuildEvent | undefined;
        rpc.stream('builds.start', { context: dir, tags: ['net/fetched:1'], builder: 'buildkit' } as never, {
          next: (e) => {
            if (e.t === 'done' || e.t === 'failed') last = e;
          },
          end: () => res(last),
        });
      });
      expect(end).toMatchObject({ t: 'done' });
      expect(await docker(dockerHost, ['run', '--rm', 'net/fetched:1', 'cat', '/page'])).toContain(far.page.trim());
    } finally {
      rpc.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('after kill -9 of dockerd, the engine comes back with its table, and containers still get out', async () => {
    const pid = (await readPidfile(l.enginePidfile))!;
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(10);
    while (!(await ping({ socketPath: l.engineSocket }, 1000)) || (await readPidfile(l.enginePidfile)) === pid) await sleep(50);
    expect((await tables()).filter((t) => t === `table ip ${table}`)).toHaveLength(1);
    expect(await fetchFromContainer()).toContain(far.page.trim());
  });

  it('a dead backend and dockerd are cleaned up by the next `engine down`: no table left', async () => {
    const backend = (await readPidfile(l.backendPidfile))!;
    const engine = (await readPidfile(l.enginePidfile))!;
    process.kill(backend, 'SIGKILL');
    process.kill(engine, 'SIGKILL');
    while (isAlive(backend) || isAlive(engine)) await sleep(10);
    expect(await hasBerthTable()).toBe(true);
    const down = await berth(home, ['engine', 'down']);
    expect(down.code, down.stderr).toBe(0);
    expect(await hasBerthTable()).toBe(false);
    await up();
    expect(await fetchFromContainer()).toContain(far.page.trim());
  });

  it("`engine down` removes Berth's table, restores IPv4 forwarding, and leaves every other rule byte for byte", async () => {
    const down = await berth(home, ['engine', 'down']);
    expect(down.code, down.stderr).toBe(0);
    expect(await hasBerthTable()).toBe(false);
    // Another Berth engine on this machine (a concurrent test) keeps forwarding on; otherwise it is as it was.
    const othersUp = (await tables()).some((t) => isBerthTable(t.split(' ')[2]!));
    if (!othersUp) expect(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim()).toBe(forwardBefore);
    expect(await nft('list', 'table', 'inet', foreign)).toBe(foreignBefore);
    expect(await foreignRules()).toBe(rulesBefore);
  });

  it('the far host leaves nothing when stopped', async () => {
    await far.stop();
    expect((await run('ip', ['netns', 'list'])).stdout).not.toContain(far.netns);
    expect(
      await run('ip', ['link', 'show', far.hostIf]).then(
        () => true,
        () => false,
      ),
    ).toBe(false);
  });
});

describe('root native engine without nft', () => {
  it('starts, and both its status and `engine check` say containers have no way out and which package to install', async () => {
    const noNftHome = tempHome('nonft');
    // The engine's programs, and nothing else, on the only path Berth searches (BERTH_ENGINE_PATH).
    const bin = join(noNftHome, 'bin');
    const bins = findEngineBinaries();
    await run('mkdir', ['-p', bin]);
    for (const [name, path] of Object.entries(bins.paths)) if (path) symlinkSync(path, join(bin, name));
    const env = { BERTH_ENGINE_PATH: bin };
    const started = await berth(noNftHome, ['engine', 'up'], env);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stderr).toContain(NO_NFT);
    const status = JSON.parse((await berth(noNftHome, ['engine', 'status'], env)).stdout) as EngineStatus;
    expect(status).toMatchObject({ state: 'running', notice: NO_NFT });
    expect((await tables()).some((t) => t.endsWith(natTableName(bridgeName(noNftHome, false))))).toBe(false);
    const check = await berth(noNftHome, ['engine', 'check'], env);
    expect(check.stdout + check.stderr).toContain('nftables package');
  });
});
