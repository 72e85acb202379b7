import { describe, expect, it } from 'vitest';
import { isBerthTable, loopbackResolver, nameservers, natRemoval, natRuleset, natTableName, subnetOf, summarizeRuleset } from './nat-rules.js';

describe('natRuleset', () => {
  it("replaces Berth's own table whole: masquerade of the bridge's subnet leaving by other interfaces, forwarding for the bridge only", () => {
    const text = natRuleset({ bridge: 'berth-abc123', gateway: '172.29.42.1/24' });
    expect(text.split('\n').slice(0, 3)).toEqual(['table ip berth_abc123 {}', 'delete table ip berth_abc123', 'table ip berth_abc123 {']);
    expect(text).toContain('ip saddr 172.29.42.0/24 oifname != "berth-abc123" masquerade');
    expect(text).toContain('iifname "berth-abc123" oifname != "berth-abc123" accept');
    expect(text).toContain('oifname "berth-abc123" ct state established,related accept');
    expect(text).not.toContain('dnat');
    // Nothing but its own table is named.
    expect([...text.matchAll(/table (\S+ \S+)/g)].map((m) => m[1])).toEqual(Array(3).fill('ip berth_abc123'));
  });

  it('forwards DNS sent to the gateway to a host resolver on loopback when asked', () => {
    const text = natRuleset({ bridge: 'berth0', gateway: '172.29.7.1/24', dnsTo: '127.0.0.1' });
    expect(text).toContain('table ip berth {');
    expect(text).toContain('iifname "berth0" ip daddr 172.29.7.1 udp dport 53 dnat to 127.0.0.1');
    expect(text).toContain('iifname "berth0" ip daddr 172.29.7.1 tcp dport 53 dnat to 127.0.0.1');
  });

  it('removes only its own table, existing or not', () => {
    expect(natRemoval('berth0')).toBe('table ip berth {}\ndelete table ip berth\n');
  });
});

describe('names and subnets', () => {
  it('names tables per bridge and knows them again', () => {
    expect(natTableName('berth0')).toBe('berth');
    expect(natTableName('berth-0a1b2c')).toBe('berth_0a1b2c');
    expect(isBerthTable('berth')).toBe(true);
    expect(isBerthTable('berth_0a1b2c')).toBe(true);
    expect(isBerthTable('berthless')).toBe(false);
    expect(isBerthTable('nat')).toBe(false);
  });

  it('finds the network of a gateway address', () => {
    expect(subnetOf('172.29.42.1/24')).toBe('172.29.42.0/24');
    expect(subnetOf('10.1.2.3/16')).toBe('10.1.0.0/16');
  });
});

describe('summarizeRuleset', () => {
  const json = JSON.stringify({
    nftables: [
      { metainfo: { version: '1.0.6' } },
      { table: { family: 'ip', name: 'filter', handle: 1 } },
      { chain: { family: 'ip', table: 'filter', name: 'FORWARD', type: 'filter', hook: 'forward', prio: 0, policy: 'drop' } },
      { chain: { family: 'ip', table: 'filter', name: 'DOCKER-USER' } },
      { table: { family: 'inet', name: 'firewalld', handle: 2 } },
      { chain: { family: 'inet', table: 'firewalld', name: 'filter_FORWARD', hook: 'forward', policy: 'accept' } },
      { table: { family: 'ip', name: 'berth', handle: 3 } },
      { chain: { family: 'ip', table: 'berth', name: 'forward', hook: 'forward', policy: 'accept' } },
      { table: { family: 'ip6', name: 'other', handle: 4 } },
      { chain: { family: 'ip6', table: 'other', name: 'fwd', hook: 'forward', policy: 'drop' } },
      { rule: { family: 'ip', table: 'berth', chain: 'forward', expr: [] } },
    ],
  });

  it('lists every table and the IPv4 forward chains of other tables that drop by default', () => {
    expect(summarizeRuleset(json)).toEqual({
      tables: ['ip filter', 'inet firewalld', 'ip berth', 'ip6 other'],
      forwardDrops: ['ip filter FORWARD'],
    });
  });

  it('reads an empty ruleset', () => {
    expect(summarizeRuleset('{"nftables": [{"metainfo": {}}]}')).toEqual({ tables: [], forwardDrops: [] });
  });
});

describe('loopbackResolver', () => {
  it('reads nameserver lines only', () => {
    expect(nameservers('# comment\nsearch lan\nnameserver 10.0.0.1\n  nameserver   ::1 \noptions ndots:1\n')).toEqual(['10.0.0.1', '::1']);
  });

  it('leaves reachable resolvers to the engine', () => {
    expect(loopbackResolver('nameserver 10.255.255.53\n', false)).toBeUndefined();
    expect(loopbackResolver('nameserver 127.0.0.1\nnameserver 192.168.1.1\n', false)).toBeUndefined();
    expect(loopbackResolver('', false)).toBeUndefined();
  });

  it('forwards to the first IPv4 loopback resolver when every resolver is on loopback', () => {
    expect(loopbackResolver('nameserver 127.0.1.1\n', false)).toBe('127.0.1.1');
    expect(loopbackResolver('nameserver ::1\nnameserver 127.0.0.1\n', false)).toBe('127.0.0.1');
    expect(loopbackResolver('nameserver ::1\n', false)).toBeUndefined();
  });

  it("leaves systemd-resolved's stub to the engine when resolved's upstream list exists", () => {
    expect(loopbackResolver('nameserver 127.0.0.53\noptions edns0\n', true)).toBeUndefined();
    expect(loopbackResolver('nameserver 127.0.0.53\n', false)).toBe('127.0.0.53');
  });
});
