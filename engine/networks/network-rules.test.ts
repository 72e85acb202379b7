import { describe, expect, it } from 'vitest';
import {
  checkGateway,
  checkNetworkCreate,
  formatIp,
  parseAliases,
  parseIp,
  parseLabelLines,
  parseSubnet,
  removalRefusal,
  unusedNetworks,
} from './network-rules.js';

describe('subnets', () => {
  it('takes IPv4 and IPv6 subnets in CIDR form', () => {
    expect(parseSubnet('10.20.30.0/24')).toMatchObject({ ok: true, value: { family: 4, prefix: 24 } });
    expect(parseSubnet(' 172.16.0.0/12 ')).toMatchObject({ ok: true });
    expect(parseSubnet('fd00:dead:beef::/64')).toMatchObject({ ok: true, value: { family: 6, prefix: 64 } });
  });
  it('says what is wrong with a bad one', () => {
    expect(parseSubnet('10.20.30.0')).toEqual({
      ok: false,
      message: '"10.20.30.0" is not a subnet: write an address and a prefix length, e.g. 10.20.30.0/24.',
    });
    expect(parseSubnet('10.20.300.0/24')).toEqual({ ok: false, message: '"10.20.300.0" is not an IPv4 or IPv6 address: write a subnet like 10.20.30.0/24.' });
    expect(parseSubnet('10.20.30.0/33')).toEqual({ ok: false, message: '"/33" is not a prefix length for IPv4: use a whole number from 0 to 32.' });
    expect(parseSubnet('fd00::/129')).toMatchObject({ ok: false, message: expect.stringContaining('from 0 to 128') });
    expect(parseSubnet('10.20.30.7/24')).toEqual({
      ok: false,
      message: '10.20.30.7/24 has bits set after its first 24: the subnet it names is 10.20.30.0/24.',
    });
    expect(parseSubnet('fd00::1/64')).toMatchObject({ ok: false, message: expect.stringContaining('the subnet it names is fd00::/64') });
    expect(parseSubnet('10.0.0.0/31')).toMatchObject({ ok: false, message: expect.stringContaining('at least a /30') });
    expect(parseSubnet('010.0.0.0/8')).toMatchObject({ ok: false });
  });
  it('reads and writes IPv6 in its short form', () => {
    for (const ip of ['::', '::1', 'fd00::', 'fd00:1:2:3:4:5:6:7', 'fe80::1:0:0:2', '2001:db8::ff00:42:8329']) expect(formatIp(parseIp(ip)!)).toBe(ip);
    expect(formatIp(parseIp('::ffff:10.0.0.1')!)).toBe('::ffff:a00:1');
    for (const bad of [':::', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', '1:2:3:4:5:6:7']) expect(parseIp(bad)).toBeUndefined();
  });
});

describe('gateways', () => {
  it('must lie inside the subnet, and not be its network or broadcast address', () => {
    expect(checkGateway('10.20.30.1', '10.20.30.0/24')).toBeUndefined();
    expect(checkGateway('', '10.20.30.0/24')).toBeUndefined();
    expect(checkGateway('10.20.31.1', '10.20.30.0/24')).toBe(
      'The gateway 10.20.31.1 is not in the subnet 10.20.30.0/24: choose an address inside it, e.g. 10.20.30.1.',
    );
    expect(checkGateway('10.20.30.0', '10.20.30.0/24')).toBe("10.20.30.0 is the subnet's network address, not usable as its gateway: choose e.g. 10.20.30.1.");
    expect(checkGateway('10.20.30.255', '10.20.30.0/24')).toBe(
      "10.20.30.255 is the subnet's broadcast address, not usable as its gateway: choose e.g. 10.20.30.1.",
    );
    expect(checkGateway('fd00::1', '10.20.30.0/24')).toMatch(/^The gateway fd00::1 is not in the subnet/);
    expect(checkGateway('fd00::1', 'fd00::/64')).toBeUndefined();
    expect(checkGateway('nope', '10.20.30.0/24')).toBe('"nope" is not an IPv4 or IPv6 address: write the gateway like 10.20.30.1.');
    expect(checkGateway('10.20.30.1', '')).toMatch(/^A gateway needs its subnet/);
  });
});

describe('a network to create', () => {
  it('names each bad field once', () => {
    expect(checkNetworkCreate({ name: 'web', subnet: '10.1.0.0/16', gateway: '10.1.0.1' })).toEqual([]);
    expect(checkNetworkCreate({ name: 'web' })).toEqual([]);
    expect(checkNetworkCreate({ name: 'bridge' }).map((e) => e.field)).toEqual(['name']);
    expect(checkNetworkCreate({ name: '-x', subnet: '10.1.0.0/99', gateway: '10.1.0.1' }).map((e) => e.field)).toEqual(['name', 'subnet']);
    expect(checkNetworkCreate({ name: '', subnet: '10.1.0.0/16', gateway: '10.2.0.1' }).map((e) => e.field)).toEqual(['name', 'gateway']);
  });
  it('reads labels and aliases', () => {
    expect(parseLabelLines('a=b\n\n c = d e \n')).toEqual({ ok: true, value: { a: 'b', c: 'd e' } });
    expect(parseLabelLines('=x')).toEqual({ ok: false, message: '"=x" is not a label: write key=value, one per line.' });
    expect(parseAliases('db, cache  db')).toEqual({ ok: true, value: ['db', 'cache'] });
    expect(parseAliases('ok bad!')).toMatchObject({ ok: false, message: expect.stringContaining('"bad!" is not an alias') });
  });
});

describe('removal and prune', () => {
  const net = (name: string, containers: string[], predefined = false) => ({ name, predefined, containers: containers.map((c) => ({ name: c })) });
  it('prunes only user networks with no container attached', () => {
    expect(unusedNetworks([net('zeta', []), net('bridge', [], true), net('used', ['a']), net('alpha', [])]).map((n) => n.name)).toEqual(['alpha', 'zeta']);
  });
  it('refuses the engine’s own networks and those in use, naming the containers', () => {
    expect(removalRefusal(net('host', [], true))).toBe("host is one of the engine's own networks (bridge, host, none): it cannot be removed.");
    expect(removalRefusal(net('app', ['web']))).toBe('app is in use by the container web: disconnect or remove it first.');
    expect(removalRefusal(net('app', ['a', 'b', 'c']))).toBe('app is in use by the containers a, b and c: disconnect or remove them first.');
    expect(removalRefusal(net('app', []))).toBeUndefined();
  });
  it('keeps the swarm’s ingress network and networks a service is on, naming the services', () => {
    const overlay = (name: string, services: string[], ingress = false) => ({ ...net(name, []), services, ingress });
    expect(unusedNetworks([overlay('ingress', [], true), overlay('front', ['web']), overlay('spare', [])]).map((n) => n.name)).toEqual(['spare']);
    expect(removalRefusal(overlay('ingress', [], true))).toMatch(/^ingress is the swarm's routing-mesh network/);
    expect(removalRefusal(overlay('front', ['web']))).toBe('front is in use by the service web: remove it, or update it onto another network, first.');
    expect(removalRefusal(overlay('front', ['web', 'api']))).toBe(
      'front is in use by the services web and api: remove them, or update them onto another network, first.',
    );
  });
});
