/** Networks against a real engine, through the backend's RPC, read back independently with the docker CLI. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkSummary } from '../contract/index.js';
import type { RpcClient } from '../rpc/client.js';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const exec = promisify(execFile);
const home = tempHome('net');
let dockerHost = '';
let rpc: RpcClient;
// A /24 of its own, unlikely to meet another engine's on this host.
const third = `${10 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}`;
const subnet = `10.${third}.0/24`;

const inspect = async <T>(name: string, format: string) => JSON.parse(await docker(dockerHost, ['network', 'inspect', '-f', `{{json ${format}}}`, name])) as T;

beforeAll(async () => {
  ({ dockerHost, rpc } = await startTestEngine(home));
});
afterAll(async () => {
  rpc?.close();
  await removeHomes();
});

describe('networks', () => {
  it('creates a bridge network with subnet, gateway, internal and labels, as the docker CLI then reads it', async () => {
    const made = await rpc.call('networks.create', { name: 'net-made', subnet, gateway: `10.${third}.254`, internal: true, labels: { team: 'a b' } });
    expect(made).toMatchObject({ name: 'net-made', driver: 'bridge', subnets: [subnet], gateways: [`10.${third}.254`], internal: true, containers: [] });
    expect(await inspect('net-made', '.IPAM.Config')).toEqual([{ Subnet: subnet, Gateway: `10.${third}.254` }]);
    expect(await inspect('net-made', '.Internal')).toBe(true);
    expect(await inspect('net-made', '.Labels')).toEqual({ team: 'a b' });
    expect(await inspect('net-made', '.Driver')).toBe('bridge');
  });

  it('refuses a bad subnet or gateway with a sentence, and makes nothing', async () => {
    await expect(rpc.call('networks.create', { name: 'net-bad', subnet: '10.1.2.0/33' })).rejects.toMatchObject({
      code: 'bad_request',
      message: '"/33" is not a prefix length for IPv4: use a whole number from 0 to 32.',
    });
    await expect(rpc.call('networks.create', { name: 'net-bad', subnet: `10.${third}.0/24`, gateway: '192.168.9.1' })).rejects.toMatchObject({
      message: `The gateway 192.168.9.1 is not in the subnet 10.${third}.0/24: choose an address inside it, e.g. 10.${third}.1.`,
    });
    await expect(rpc.call('networks.create', { name: 'net-made' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'A network named "net-made" already exists: choose another name.',
    });
    expect(await docker(dockerHost, ['network', 'ls', '--format', '{{.Name}}'])).not.toMatch(/net-bad/);
  });

  it('connects a container with an alias and disconnects it, as docker network inspect shows', async () => {
    await docker(dockerHost, ['network', 'create', 'net-conn']);
    const id = await docker(dockerHost, ['run', '-d', '--name', 'net-box', BUSYBOX_IMAGE, 'sleep', '300']);
    await rpc.call('networks.connect', { network: 'net-conn', container: 'net-box', aliases: ['db', 'cache'] });
    const containers = await inspect<Record<string, { Name: string; IPv4Address: string }>>('net-conn', '.Containers');
    expect(Object.values(containers).map((c) => c.Name)).toEqual(['net-box']);
    const aliases = JSON.parse(await docker(dockerHost, ['inspect', '-f', '{{json .NetworkSettings.Networks}}', 'net-box'])) as Record<
      string,
      { Aliases: string[] }
    >;
    expect(aliases['net-conn']!.Aliases).toEqual(expect.arrayContaining(['db', 'cache']));
    // The list shows it with its address and aliases.
    const listed = (await rpc.call('networks.list', {})).find((n) => n.name === 'net-conn')!;
    expect(listed.containers).toEqual([
      { id, name: 'net-box', ipv4: containers[id]!.IPv4Address, ipv6: undefined, aliases: expect.arrayContaining(['db', 'cache']) as string[], running: true },
    ]);
    await rpc.call('networks.disconnect', { network: 'net-conn', container: 'net-box' });
    expect(await inspect('net-conn', '.Containers')).toEqual({});
  });

  it('refuses to remove a network in use, naming the container, and the engine’s own networks', async () => {
    await docker(dockerHost, ['network', 'create', 'net-busy']);
    await docker(dockerHost, ['run', '-d', '--name', 'net-user', '--network', 'net-busy', BUSYBOX_IMAGE, 'sleep', '300']);
    // A stopped container keeps its network too.
    await docker(dockerHost, ['create', '--name', 'net-sleeper', '--network', 'net-busy', BUSYBOX_IMAGE, 'true']);
    const [busy, own] = await rpc.call('networks.remove', { names: ['net-busy', 'host'] });
    expect(busy).toEqual({
      id: 'net-busy',
      ok: false,
      error: 'net-busy is in use by the containers net-sleeper and net-user: disconnect or remove them first.',
    });
    expect(own).toEqual({ id: 'host', ok: false, error: "host is one of the engine's own networks (bridge, host, none): it cannot be removed." });
    expect(await docker(dockerHost, ['network', 'ls', '--format', '{{.Name}}'])).toMatch(/net-busy/);
    await docker(dockerHost, ['rm', '-f', 'net-user', 'net-sleeper']);
    expect(await rpc.call('networks.remove', { names: ['net-busy'] })).toEqual([{ id: 'net-busy', ok: true }]);
    expect(await docker(dockerHost, ['network', 'ls', '--format', '{{.Name}}'])).not.toMatch(/net-busy/);
  });

  it('prunes exactly the unused networks it was shown, and says what it removed', async () => {
    await docker(dockerHost, ['network', 'create', 'net-loose']);
    await docker(dockerHost, ['network', 'create', 'net-late']);
    await docker(dockerHost, ['network', 'create', 'net-kept']);
    await docker(dockerHost, ['run', '-d', '--name', 'net-keeper', '--network', 'net-kept', BUSYBOX_IMAGE, 'sleep', '300']);
    const r = await rpc.call('networks.prune', { only: ['net-loose', 'net-kept'] });
    expect(r.deleted).toEqual(['net-loose']);
    expect(r.failed).toEqual([{ id: 'net-kept', ok: false, error: 'net-kept is no longer unused (or no longer there), so it was kept.' }]);
    const names = (await docker(dockerHost, ['network', 'ls', '--format', '{{.Name}}'])).split('\n');
    expect(names).toEqual(expect.arrayContaining(['net-late', 'net-kept', 'bridge', 'host', 'none']));
    expect(names).not.toContain('net-loose');
    // The engine's own prune: every unused user network.
    const all = await rpc.call('networks.prune', {});
    expect(all.deleted).toEqual(expect.arrayContaining(['net-late', 'net-made', 'net-conn']));
    expect(all.deleted).not.toContain('net-kept');
  });

  it('keeps its list live from the engine’s events', async () => {
    let latest: readonly NetworkSummary[] = [];
    const sub = rpc.stream('networks.watch', {}, { next: (l) => (latest = l) });
    try {
      const find = (name: string) => latest.find((n) => n.name === name);
      await eventually(() => latest.length > 0);
      await docker(dockerHost, ['network', 'create', '--label', 'com.docker.compose.project=shop', 'net-live']);
      expect(await eventually(() => find('net-live'))).toMatchObject({ project: 'shop', containers: [] });
      await docker(dockerHost, ['network', 'connect', '--alias', 'api', 'net-live', 'net-keeper']);
      await eventually(() => find('net-live')?.containers.some((c) => c.name === 'net-keeper' && c.aliases.includes('api') && c.ipv4));
      await docker(dockerHost, ['network', 'disconnect', 'net-live', 'net-keeper']);
      await eventually(() => find('net-live')?.containers.length === 0);
      // A stopped container: the engine sends no event when it is connected or disconnected, so Berth's own calls tell the list.
      await docker(dockerHost, ['create', '--name', 'net-idle', BUSYBOX_IMAGE, 'true']);
      const idle = (aliases: string) => find('net-live')?.containers.some((c) => c.name === 'net-idle' && c.aliases.join() === aliases && !c.running);
      await rpc.call('networks.connect', { network: 'net-live', container: 'net-idle', aliases: ['first'] });
      await eventually(() => idle('first'));
      await rpc.call('networks.disconnect', { network: 'net-live', container: 'net-idle' });
      await eventually(() => find('net-live')?.containers.length === 0);
      await rpc.call('networks.connect', { network: 'net-live', container: 'net-idle', aliases: ['second'] });
      await eventually(() => idle('second'));
      await docker(dockerHost, ['rm', 'net-idle']);
      await docker(dockerHost, ['network', 'rm', 'net-live']);
      await eventually(() => !find('net-live'));
    } finally {
      sub.cancel();
    }
  });

  it('runs a container on a chosen network, and "copy as docker run" says --network (round trip)', async () => {
    await docker(dockerHost, ['network', 'create', 'net-run']);
    const { id } = await rpc.call('containers.run', {
      image: BUSYBOX_IMAGE,
      name: 'net-runner',
      command: ['sleep', '300'],
      ports: [],
      publishAll: false,
      env: [],
      mounts: [],
      restart: { name: 'no' },
      autoRemove: false,
      network: 'net-run',
      labels: {},
      interactive: false,
      tty: false,
    });
    expect(Object.keys(JSON.parse(await docker(dockerHost, ['inspect', '-f', '{{json .NetworkSettings.Networks}}', id])) as object)).toEqual(['net-run']);
    const first = await rpc.call('containers.runCommand', { id: 'net-runner' });
    expect(first).toContain(' --network net-run ');
    await exec('sh', ['-c', first.replace('--name net-runner', '--name net-runner2')], { env: { ...process.env, DOCKER_HOST: dockerHost } });
    expect(await rpc.call('containers.runCommand', { id: 'net-runner2' })).toBe(first.replace('--name net-runner', '--name net-runner2'));
    expect(await docker(dockerHost, ['inspect', '-f', '{{.HostConfig.NetworkMode}}', 'net-runner2'])).toBe('net-run');
  });
});
