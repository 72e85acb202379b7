/**
 * The run dialog's advanced flags against the real engine: each one is read back with the docker CLI and from
 * inside the container (cgroup files, /etc/hosts, capabilities, pid 1), never through Berth's own code; then
 * "copy as docker run" is run by the real docker CLI and must make the same container.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import type { RunSpec } from '../containers/run-spec.js';
import Docker from 'dockerode';
import { parseRunCommand } from '../containers/run-parse.js';
import { toCreateOptions } from '../containers/run-container.js';
import { canonicalSpec, plainRunSpec, randomRunSpec } from '../containers/run-spec-random.js';
import { CAPABILITIES, DEFAULT_CAPABILITIES, effectiveCapabilities } from '../containers/run-options.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const exec = promisify(execFile);
const home = tempHome('adv');
let dockerHost = '';
let rpc: RpcClient;

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
  await docker(dockerHost, ['network', 'create', 'adv-net']);
});
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

const base: RunSpec = plainRunSpec(BUSYBOX_IMAGE, { command: ['sleep', '300'] });
const advanced: RunSpec = {
  ...base,
  name: 'adv',
  network: 'adv-net',
  memory: 64 * 1024 ** 2,
  cpus: 0.5,
  pidsLimit: 64,
  addHosts: ['db.local:10.1.2.3'],
  hostname: 'adv-host',
  capAdd: ['CAP_NET_ADMIN'],
  capDrop: ['CAP_CHOWN'],
  healthcheck: { command: 'test -e /proc/1', intervalMs: 1000, timeoutMs: 5000, startPeriodMs: 2000, retries: 2 },
  init: true,
};

interface Inspected {
  Config: { Hostname: string; Healthcheck?: { Test: string[]; Interval: number; Timeout: number; StartPeriod: number; Retries: number } };
  HostConfig: { Memory: number; NanoCpus: number; PidsLimit: number; ExtraHosts: string[]; CapAdd: string[]; CapDrop: string[]; Init: boolean };
  NetworkSettings: { Networks: Record<string, object> };
  State: { Health?: { Status: string } };
}
const inspect = async (name: string) => (JSON.parse(await docker(dockerHost, ['inspect', name])) as Inspected[])[0]!;
const inside = (name: string, ...cmd: string[]) => docker(dockerHost, ['exec', name, ...cmd]);
/** The effective capability set of the container's pid 1, as a bit mask. */
const capEff = async (name: string) => BigInt(`0x${/CapEff:\s*([0-9a-f]+)/.exec(await inside(name, 'cat', '/proc/1/status'))![1]}`);
/** The capability bounding set of this machine's processes (the test engine's dockerd runs with it), as a bit mask. */
const hostBounding = () => BigInt(`0x${/^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]}`);
const CAP_CHOWN = 0n;
const CAP_NET_ADMIN = 12n;

/** What a container made from `advanced` looks like, read with the docker CLI and from inside it. */
async function expectAdvanced(name: string) {
  const c = await inspect(name);
  expect(c.HostConfig).toMatchObject({
    Memory: 64 * 1024 ** 2,
    NanoCpus: 5e8,
    PidsLimit: 64,
    ExtraHosts: ['db.local:10.1.2.3'],
    CapAdd: ['CAP_NET_ADMIN'],
    CapDrop: ['CAP_CHOWN'],
    Init: true,
  });
  expect(c.Config.Hostname).toBe('adv-host');
  expect(c.Config.Healthcheck).toEqual({ Test: ['CMD-SHELL', 'test -e /proc/1'], Interval: 1e9, Timeout: 5e9, StartPeriod: 2e9, Retries: 2 });
  expect(Object.keys(c.NetworkSettings.Networks)).toEqual(['adv-net']);
  // In force, not only recorded: the cgroup v1 files the kernel enforces.
  expect(await inside(name, 'cat', '/sys/fs/cgroup/memory/memory.limit_in_bytes')).toBe(String(64 * 1024 ** 2));
  expect(await inside(name, 'cat', '/sys/fs/cgroup/pids/pids.max')).toBe('64');
  const quota = Number(await inside(name, 'cat', '/sys/fs/cgroup/cpu/cpu.cfs_quota_us'));
  const period = Number(await inside(name, 'cat', '/sys/fs/cgroup/cpu/cpu.cfs_period_us'));
  expect(quota / period).toBe(0.5);
  expect(await inside(name, 'cat', '/etc/hosts')).toMatch(/^10\.1\.2\.3\s+db\.local$/m);
  expect(await inside(name, 'cat', '/proc/sys/kernel/hostname')).toBe('adv-host');
  const caps = await capEff(name);
  expect((caps >> CAP_NET_ADMIN) & 1n).toBe(1n);
  expect((caps >> CAP_CHOWN) & 1n).toBe(0n);
  expect(await inside(name, 'cat', '/proc/1/comm')).toBe('docker-init');
  await eventually(async () => (await inspect(name)).State.Health?.Status === 'healthy', 60_000);
}

describe('run with the advanced flags', () => {
  it('makes a container with each flag in force, and "copy as docker run" makes the same one', async () => {
    expect(await rpc.call('containers.validateRun', advanced)).toEqual([]);
    await rpc.call('containers.run', advanced);
    await expectAdvanced('adv');

    const command = await rpc.call('containers.runCommand', { id: 'adv' });
    for (const flag of [
      '--network adv-net',
      '--hostname adv-host',
      '--add-host db.local:10.1.2.3',
      '--memory 64m',
      '--cpus 0.5',
      '--pids-limit 64',
      '--cap-add NET_ADMIN',
      '--cap-drop CHOWN',
      "--health-cmd 'test -e /proc/1'",
      '--health-interval 1s',
      '--health-timeout 5s',
      '--health-start-period 2s',
      '--health-retries 2',
      '--init',
    ])
      expect(command).toContain(` ${flag} `);
    // Parsed back, the command is the spec the container was made from.
    expect(parseRunCommand(command)).toMatchObject({ ok: true, value: { ...advanced, command: ['sleep', '300'] } });
    // Run by the real docker CLI, it makes the same container.
    await exec('sh', ['-c', command.replace('--name adv ', '--name adv-copy ')], { env: { ...process.env, DOCKER_HOST: dockerHost } });
    await expectAdvanced('adv-copy');
    expect(await rpc.call('containers.runCommand', { id: 'adv-copy' })).toBe(command.replace('--name adv ', '--name adv-copy '));
  });

  it('runs on none and host, and leaves out what the engine chose itself', async () => {
    await rpc.call('containers.run', { ...base, name: 'adv-none', network: 'none' });
    expect(Object.keys((await inspect('adv-none')).NetworkSettings.Networks)).toEqual(['none']);
    expect(await inside('adv-none', 'ls', '/sys/class/net')).toBe('lo');
    await rpc.call('containers.run', { ...base, name: 'adv-host-net', network: 'host' });
    expect(await inside('adv-host-net', 'cat', '/proc/sys/kernel/hostname')).toBe((await exec('hostname')).stdout.trim());
    const onHost = await rpc.call('containers.runCommand', { id: 'adv-host-net' });
    expect(onHost).toContain(' --network host ');
    expect(onHost).not.toContain('--hostname');
    // The default: the engine's bridge, a host name from the id, no limits: none of them spelled out.
    await rpc.call('containers.run', { ...base, name: 'adv-plain' });
    expect(await rpc.call('containers.runCommand', { id: 'adv-plain' })).toBe(`docker run -d --name adv-plain ${BUSYBOX_IMAGE} sleep 300`);
  });

  it('refuses a network that is not there, on its field', async () => {
    expect(await rpc.call('containers.validateRun', { ...base, network: 'no-such-net' })).toEqual([
      { field: 'network', message: 'The network "no-such-net" is not on this engine: create it on the Networks page, or choose another.' },
    ]);
  });

  it('keeps a host name given on the host network (the engine honours it)', async () => {
    await rpc.call('containers.run', { ...base, name: 'adv-host-named', network: 'host', hostname: 'x1' });
    expect(await inside('adv-host-named', 'cat', '/proc/sys/kernel/hostname')).toBe('x1');
    expect(await rpc.call('containers.runCommand', { id: 'adv-host-named' })).toContain(' --network host --hostname x1 ');
  });

  it('refuses malformed advanced input at the engine boundary with a sentence', async () => {
    await expect(rpc.call('containers.validateRun', { ...base, capAdd: ['CAP_FLY'] })).rejects.toThrow(/Not a Linux capability/);
    await expect(rpc.call('containers.validateRun', { ...base, addHosts: ['nocolon'] })).rejects.toThrow(/name:ip/);
    await expect(rpc.call('containers.validateRun', { ...base, healthcheck: { intervalMs: 0 } })).rejects.toThrow();
  });

  it('gives back random specs through the real engine: create, inspect, copy as docker run, parse (seed in BERTH_SEED)', async () => {
    const engine = new Docker({ socketPath: dockerHost.replace('unix://', '') });
    const cpus = (await engine.info()) as { NCPU: number };
    const base = Number(process.env.BERTH_SEED ?? 20261206);
    for (let n = 0; n < 25; n++) {
      const seed = base + n;
      const spec = randomRunSpec(seed, {
        images: [BUSYBOX_IMAGE],
        bindSources: ['/tmp', '/etc', '/usr'],
        networks: [undefined, 'adv-net', 'none', 'host'],
        maxCpus: cpus.NCPU,
        name: `adv-rand-${n}`,
        // Debian's Docker 20.10 knows capabilities up to AUDIT_READ; newer ones are refused (tested below).
        capabilities: CAPABILITIES.slice(0, CAPABILITIES.indexOf('AUDIT_READ') + 1),
      });
      // Created, not started: the engine's own record of it is what "copy as docker run" reads.
      await engine.createContainer(toCreateOptions(spec));
      const command = await rpc.call('containers.runCommand', { id: spec.name! });
      expect(parseRunCommand(command), `seed ${seed}: ${command}`).toEqual({ ok: true, value: canonicalSpec(spec) });
      await engine.getContainer(spec.name!).remove({ v: true });
    }
  });

  it("the capability picker's prediction is what pid 1 gets: the default set, and random adds and drops (seed in BERTH_SEED)", async () => {
    const mask = (caps: readonly string[]) => caps.reduce((m, c) => m | (1n << BigInt(CAPABILITIES.indexOf(c as (typeof CAPABILITIES)[number]))), 0n);
    await rpc.call('containers.run', { ...base, name: 'adv-caps-default' });
    expect(await capEff('adv-caps-default')).toBe(mask(DEFAULT_CAPABILITIES));
    expect(effectiveCapabilities([], [])).toEqual(CAPABILITIES.filter((c) => DEFAULT_CAPABILITIES.includes(c)));
    // Debian's Docker 20.10 knows capabilities up to AUDIT_READ (see below); ALL in Add would mean "all it knows".
    // Only what this machine lets any process hold (a sandbox may withhold some: see the test after this one).
    const known = CAPABILITIES.slice(0, CAPABILITIES.indexOf('AUDIT_READ') + 1).filter(
      (c) => ((hostBounding() >> BigInt(CAPABILITIES.indexOf(c))) & 1n) === 1n,
    );
    let seed = Number(process.env.BERTH_SEED ?? 20261206);
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const some = () => known.filter(() => next() < 0.1);
    for (let n = 0; n < 6; n++) {
      const capAdd = some().map((c) => `CAP_${c}`);
      const capDrop =
        n % 3 === 2
          ? ['ALL']
          : some()
              .filter((c) => !capAdd.includes(`CAP_${c}`))
              .map((c) => `CAP_${c}`);
      const name = `adv-caps-${n}`;
      await rpc.call('containers.run', { ...base, name, capAdd, capDrop });
      expect(await capEff(name), `add ${capAdd.join(',')} drop ${capDrop.join(',')}`).toBe(mask(effectiveCapabilities(capAdd, capDrop)));
      await docker(dockerHost, ['rm', '-f', name]);
    }
  });

  it('names a capability this machine withholds from every process, and leaves nothing behind', async () => {
    const withheld = CAPABILITIES.slice(0, CAPABILITIES.indexOf('AUDIT_READ') + 1).filter(
      (c) => ((hostBounding() >> BigInt(CAPABILITIES.indexOf(c))) & 1n) === 0n,
    );
    const cap = withheld[0] ?? 'SYS_RESOURCE';
    const ran = await rpc.call('containers.run', { ...base, name: 'adv-withheld', capAdd: [`CAP_${cap}`] }).then(
      () => 'ran',
      (err: Error) => err.message,
    );
    // On a machine that withholds none, the capability is given; where one is withheld, the sentence names it.
    if (withheld.length) {
      expect(ran).toBe(
        `The engine cannot give a container ${cap}: the machine it runs on withholds that capability from every process (a locked-down host, or one that is itself a container). Remove it from Add capabilities. Nothing was kept: fix that and run it again.`,
      );
      await expect(docker(dockerHost, ['inspect', 'adv-withheld'])).rejects.toThrow(/No such object/);
    } else expect(ran).toBe('ran');
  });

  it('names a capability the engine does not know, and leaves nothing behind', async () => {
    const ran = await rpc.call('containers.run', { ...base, name: 'adv-bpf', capAdd: ['CAP_BPF'] }).then(
      () => 'ran',
      (err: Error) => err.message,
    );
    // A newer engine knows CAP_BPF and runs it; an older one is named in a sentence.
    if (ran !== 'ran') {
      expect(ran).toBe("This engine does not know the capability BPF (it is newer than the engine's Docker): remove it from Add capabilities.");
      await expect(docker(dockerHost, ['inspect', 'adv-bpf'])).rejects.toThrow(/No such object/);
    } else expect((await inspect('adv-bpf')).HostConfig.CapAdd).toEqual(['CAP_BPF']);
  });
});
