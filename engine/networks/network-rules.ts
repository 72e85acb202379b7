/**
 * Pure rules for networks, shared by the engine and the renderer (zod-free): subnets and gateways checked
 * with a sentence each, the engine's own networks, and which networks a prune would remove.
 */

/** The networks every engine has; they cannot be created, removed or pruned. */
export const PREDEFINED_NETWORKS: readonly string[] = ['bridge', 'host', 'none'];

/** The label Compose puts on the networks of a project. */
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';

/** A network's name as the engine takes it. */
export const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export interface ParsedIp {
  readonly family: 4 | 6;
  /** The address as a number of 32 or 128 bits. */
  readonly value: bigint;
}

export interface ParsedCidr extends ParsedIp {
  readonly prefix: number;
}

const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith('0'))) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (s: string | undefined): bigint[] | undefined => {
    if (!s) return [];
    const out: bigint[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      // An IPv4 tail (::ffff:10.0.0.1) counts as two groups.
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (v4 === undefined) return undefined;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(BigInt(`0x${p}`));
      else return undefined;
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return undefined;
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [...h, ...Array<bigint>(tail === undefined ? 0 : missing).fill(0n), ...t].reduce((v, g) => (v << 16n) | g, 0n);
}

/** Pure: an IPv4 or IPv6 address, or undefined. */
export function parseIp(text: string): ParsedIp | undefined {
  const t = text.trim();
  const v4 = parseIpv4(t);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = t.includes(':') ? parseIpv6(t) : undefined;
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** Pure: an address back to text (IPv6 in its short form). */
export function formatIp(ip: ParsedIp): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - i * 16)) & 0xffffn));
  // The longest run of two or more zero groups becomes "::".
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

const mask = (family: 4 | 6, prefix: number) => {
  const n = BigInt(bits(family));
  return ((1n << n) - 1n) ^ ((1n << (n - BigInt(prefix))) - 1n);
};

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** Pure: a subnet in CIDR form, checked: an address, a prefix the family allows, and no host bits set. */
export function parseSubnet(text: string): Checked<ParsedCidr> {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash < 0) return { ok: false, message: `"${t}" is not a subnet: write an address and a prefix length, e.g. 10.20.30.0/24.` };
  const ip = parseIp(t.slice(0, slash));
  if (!ip) return { ok: false, message: `"${t.slice(0, slash)}" is not an IPv4 or IPv6 address: write a subnet like 10.20.30.0/24.` };
  const prefixText = t.slice(slash + 1);
  const max = bits(ip.family);
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > max) {
    return { ok: false, message: `"/${prefixText}" is not a prefix length for IPv${ip.family}: use a whole number from 0 to ${max}.` };
  }
  const network = ip.value & mask(ip.family, prefix);
  if (network !== ip.value) {
    const fixed = `${formatIp({ family: ip.family, value: network })}/${prefix}`;
    return { ok: false, message: `${t} has bits set after its first ${prefix}: the subnet it names is ${fixed}.` };
  }
  if (ip.family === 4 && prefix > 30)
    return { ok: false, message: `${t} is too small for a network: a bridge needs at least a /30 (two addresses besides the gateway's).` };
  return { ok: true, value: { ...ip, prefix } };
}

/** Pure: does the subnet hold the address? */
export function subnetContains(subnet: ParsedCidr, ip: ParsedIp): boolean {
  return subnet.family === ip.family && (ip.value & mask(ip.family, subnet.prefix)) === subnet.value;
}

/** Pure: a gateway for a subnet, checked: an address inside it, neither its network address nor (IPv4) its broadcast address. */
export function checkGateway(gatewayText: string, subnetText: string): string | undefined {
  const g = gatewayText.trim();
  if (!g) return undefined;
  const ip = parseIp(g);
  if (!ip) return `"${g}" is not an IPv4 or IPv6 address: write the gateway like 10.20.30.1.`;
  if (!subnetText.trim()) return 'A gateway needs its subnet: give the subnet too, or leave the gateway empty for the engine to pick one.';
  const s = parseSubnet(subnetText);
  if (!s.ok) return undefined; // The subnet's own sentence says what is wrong.
  const subnet = s.value;
  const first = formatIp({ family: subnet.family, value: subnet.value + 1n });
  if (!subnetContains(subnet, ip)) {
    return `The gateway ${g} is not in the subnet ${subnetText.trim()}: choose an address inside it, e.g. ${first}.`;
  }
  if (ip.value === subnet.value) return `${g} is the subnet's network address, not usable as its gateway: choose e.g. ${first}.`;
  const last = subnet.value | (mask(subnet.family, subnet.prefix) ^ ((1n << BigInt(bits(subnet.family))) - 1n));
  if (subnet.family === 4 && ip.value === last) return `${g} is the subnet's broadcast address, not usable as its gateway: choose e.g. ${first}.`;
  return undefined;
}

/** What the create dialog asks; the engine checks the same again. */
export interface NetworkCreateFields {
  readonly name: string;
  readonly subnet?: string;
  readonly gateway?: string;
}

export interface NetworkFieldError {
  readonly field: 'name' | 'subnet' | 'gateway' | 'labels';
  readonly message: string;
}

/** Pure: a network name's sentence when the engine would refuse it. */
export function checkNetworkName(name: string): string | undefined {
  const n = name.trim();
  if (!n) return 'Give the network a name.';
  if (n.length > 128) return 'A network name is at most 128 characters.';
  if (!NETWORK_NAME.test(n)) return `"${n}" is not a network name: use letters, digits, _ . or -, starting with a letter or digit.`;
  if (PREDEFINED_NETWORKS.includes(n)) return `"${n}" is one of the engine's own networks (bridge, host, none): choose another name.`;
  return undefined;
}

/** Pure: every field of a network to create, checked; empty when it may go to the engine. */
export function checkNetworkCreate(f: NetworkCreateFields): NetworkFieldError[] {
  const errors: NetworkFieldError[] = [];
  const name = checkNetworkName(f.name);
  if (name) errors.push({ field: 'name', message: name });
  if (f.subnet?.trim()) {
    const s = parseSubnet(f.subnet);
    if (!s.ok) errors.push({ field: 'subnet', message: s.message });
  }
  const gateway = checkGateway(f.gateway ?? '', f.subnet ?? '');
  if (gateway) errors.push({ field: 'gateway', message: gateway });
  return errors;
}

/** Pure: "key=value" lines into labels, or the sentence of the first bad line. */
export function parseLabelLines(text: string): Checked<Record<string, string>> {
  const labels: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { ok: false, message: `"${line}" is not a label: write key=value, one per line.` };
    labels[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { ok: true, value: labels };
}

/** Pure: aliases typed as words separated by commas or spaces, each checked as a DNS name. */
export function parseAliases(text: string): Checked<string[]> {
  const words = text.split(/[\s,]+/).filter(Boolean);
  const bad = words.find((w) => !/^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,252})$/.test(w));
  if (bad) return { ok: false, message: `"${bad}" is not an alias: use letters, digits, _ . or -, starting with a letter or digit.` };
  return { ok: true, value: [...new Set(words)] };
}

/** What decides whether a network may go: the engine's own, the swarm's own, who is on it. */
interface NetworkUse {
  readonly name: string;
  readonly predefined: boolean;
  /** The swarm's routing-mesh network (`ingress`). */
  readonly ingress?: boolean;
  readonly containers: ReadonlyArray<{ readonly name: string }>;
  /** The swarm services whose tasks are placed on it. */
  readonly services?: readonly string[];
}

const listed = (names: readonly string[]) => (names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`);

/** Pure: the networks a prune removes: not the engine's or the swarm's own, with no container attached (running or not) and no service on it. */
export function unusedNetworks<N extends NetworkUse>(networks: readonly N[]): N[] {
  return networks.filter((n) => !n.predefined && !n.ingress && n.containers.length === 0 && !n.services?.length).sort((a, b) => a.name.localeCompare(b.name));
}

/** Pure: why a network cannot be removed now, or undefined when it can. */
export function removalRefusal(n: NetworkUse): string | undefined {
  if (n.predefined) return `${n.name} is one of the engine's own networks (bridge, host, none): it cannot be removed.`;
  if (n.ingress) {
    return `${n.name} is the swarm's routing-mesh network, which published ports go through: Berth does not remove it (the swarm makes it when it starts).`;
  }
  if (n.services?.length) {
    const one = n.services.length === 1;
    return `${n.name} is in use by ${one ? 'the service' : 'the services'} ${listed(n.services)}: remove ${one ? 'it' : 'them'}, or update ${one ? 'it' : 'them'} onto another network, first.`;
  }
  if (n.containers.length) {
    const names = n.containers.map((c) => c.name);
    return `${n.name} is in use by ${names.length === 1 ? 'the container' : 'the containers'} ${listed(names)}: disconnect or remove ${names.length === 1 ? 'it' : 'them'} first.`;
  }
  return undefined;
}
