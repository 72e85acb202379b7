/**
 * Pure parts of the native engine's way out: the text of Berth's own
 * nftables table (masquerade and forwarding for Berth's bridge only, and
 * DNS forwarding to a host resolver on loopback), and what Berth reads back
 * from `nft -j list ruleset`. Docker's chains and the system's tables are
 * never named here: the table is Berth's, replaced or deleted whole.
 */
import { ipToInt } from './network.js';

/** The nftables family of Berth's table: IPv4 only, as the engine runs without IPv6 on its bridge. */
export const NAT_FAMILY = 'ip';

/** Berth's table for a bridge: `berth` for the default home's `berth0`, `berth_<hash>` for another home's `berth-<hash>`. */
export function natTableName(bridge: string): string {
  return bridge === 'berth0' ? 'berth' : bridge.replace(/[^A-Za-z0-9_]/g, '_');
}

/** True for a table name that belongs to some Berth home. */
export function isBerthTable(name: string): boolean {
  return name === 'berth' || name.startsWith('berth_');
}

/** Pure: the network of a gateway address with prefix: 172.29.42.1/24 → 172.29.42.0/24. */
export function subnetOf(gateway: string): string {
  const [ip, len] = gateway.split('/');
  const bits = Number(len ?? 32);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (ipToInt(ip!) & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${bits}`;
}

export interface NatPlan {
  readonly bridge: string;
  /** Gateway address with prefix, e.g. 172.29.42.1/24. */
  readonly gateway: string;
  /** A host resolver on loopback that containers reach through the gateway (DNAT of port 53), if any. */
  readonly dnsTo?: string;
}

/**
 * The nft script that makes (or replaces) Berth's table in one transaction:
 * traffic from the bridge's subnet leaving by any other interface is
 * masqueraded; forwarding is accepted into the world from the bridge and back
 * for established connections only. Forwarding decisions of other tables
 * still apply (nftables runs every base chain of a hook).
 */
export function natRuleset(p: NatPlan): string {
  const table = `${NAT_FAMILY} ${natTableName(p.bridge)}`;
  const br = JSON.stringify(p.bridge);
  const gw = p.gateway.split('/')[0]!;
  const dns = p.dnsTo
    ? [
        '  chain prerouting {',
        '    type nat hook prerouting priority dstnat; policy accept;',
        `    iifname ${br} ip daddr ${gw} udp dport 53 dnat to ${p.dnsTo}`,
        `    iifname ${br} ip daddr ${gw} tcp dport 53 dnat to ${p.dnsTo}`,
        '  }',
      ]
    : [];
  return [
    // Declaring the table first makes the delete safe when it does not exist yet.
    `table ${table} {}`,
    `delete table ${table}`,
    `table ${table} {`,
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    `    ip saddr ${subnetOf(p.gateway)} oifname != ${br} masquerade`,
    '  }',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    `    iifname ${br} oifname != ${br} accept`,
    `    oifname ${br} ct state established,related accept`,
    '  }',
    ...dns,
    '}',
    '',
  ].join('\n');
}

/** The nft script that deletes Berth's table for a bridge (nothing else), whether or not it exists. */
export function natRemoval(bridge: string): string {
  const table = `${NAT_FAMILY} ${natTableName(bridge)}`;
  return `table ${table} {}\ndelete table ${table}\n`;
}

export interface RulesetSummary {
  /** Every table, as `family name`. */
  readonly tables: readonly string[];
  /** Base chains of other tables on the forward hook that drop by default, as `family table chain`. */
  readonly forwardDrops: readonly string[];
}

interface NftJsonItem {
  table?: { family: string; name: string };
  chain?: { family: string; table: string; name: string; hook?: string; policy?: string };
}

/** Pure: what Berth needs from `nft -j list ruleset`: the tables, and the forward chains elsewhere that drop by default. */
export function summarizeRuleset(json: string): RulesetSummary {
  const parsed = JSON.parse(json) as { nftables?: NftJsonItem[] };
  const tables: string[] = [];
  const forwardDrops: string[] = [];
  for (const item of parsed.nftables ?? []) {
    if (item.table) tables.push(`${item.table.family} ${item.table.name}`);
    const c = item.chain;
    if (c && c.hook === 'forward' && c.policy === 'drop' && !isBerthTable(c.table) && (c.family === 'ip' || c.family === 'inet')) {
      forwardDrops.push(`${c.family} ${c.table} ${c.name}`);
    }
  }
  return { tables, forwardDrops };
}

/** Pure: the nameserver lines of a resolv.conf. */
export function nameservers(resolvConf: string): string[] {
  return resolvConf
    .split('\n')
    .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1])
    .filter((s): s is string => !!s);
}

const isLoopback = (ip: string) => ip.startsWith('127.') || ip === '::1';

/**
 * Pure: the host resolver containers must be forwarded to, or undefined when
 * the engine's own choice works. dockerd copies the host's nameservers into
 * containers but drops loopback ones (unreachable from a container) and, when
 * none is left, falls back to public resolvers that a private network may not
 * reach. systemd-resolved's stub (127.0.0.53) is left to dockerd, which reads
 * resolved's upstream list instead. So only a host whose every resolver is on
 * IPv4 loopback (dnsmasq, a local stub) needs Berth to forward.
 */
export function loopbackResolver(resolvConf: string, hasResolvedUpstreams: boolean): string | undefined {
  const servers = nameservers(resolvConf);
  if (!servers.length || !servers.every(isLoopback)) return undefined;
  if (hasResolvedUpstreams && servers.every((s) => s === '127.0.0.53')) return undefined;
  return servers.find((s) => s.startsWith('127.'));
}
