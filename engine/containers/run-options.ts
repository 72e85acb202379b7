/**
 * The run dialog's advanced `docker run` flags (--pids-limit, --add-host,
 * --hostname, --cap-add/--cap-drop, the --health-* timings), each parsed
 * from what a user types with a sentence saying what is wrong, and written
 * back the way the docker CLI takes it. Pure: used by the renderer, the
 * engine and "copy as docker run".
 */
import type { Parsed } from './run-spec.js';

/** Linux capabilities, in kernel order (capabilities(7)), without the CAP_ prefix. */
export const CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
] as const;

const CAPS = new Set<string>(CAPABILITIES);

/** What the engine grants a container by default (moby's default set), without the CAP_ prefix. */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
];

/**
 * The capabilities a container ends with for --cap-add / --cap-drop (bare or CAP_ names, or ALL), as the engine
 * works it out: the default set, minus what is dropped (ALL: everything), plus what is added (ALL: everything but
 * what is dropped by name).
 * Bare names, in kernel order.
 */
export function effectiveCapabilities(add: readonly string[], drop: readonly string[]): string[] {
  const bare = (c: string) => c.toUpperCase().replace(/^CAP_/, '');
  const added = new Set(add.map(bare));
  const dropped = new Set(drop.map(bare));
  // ALL in Add: everything but what is dropped by name; ALL in Drop: only what is added; else the defaults edited.
  if (added.has('ALL')) return CAPABILITIES.filter((c) => !dropped.has(c));
  return CAPABILITIES.filter((c) => added.has(c) || (DEFAULT_CAPABILITIES.includes(c) && !dropped.has('ALL') && !dropped.has(c)));
}

/** `NET_ADMIN`, `cap_net_admin` or `ALL` → the engine's spelling (`CAP_NET_ADMIN`, `ALL`). */
export function parseCapability(text: string): Parsed<string> {
  const name = text.trim().toUpperCase();
  if (name === 'ALL') return { ok: true, value: 'ALL' };
  const bare = name.replace(/^CAP_/, '');
  if (!CAPS.has(bare)) return { ok: false, message: `"${text.trim()}" is not a Linux capability: use a name like NET_ADMIN or SYS_TIME, or ALL.` };
  return { ok: true, value: `CAP_${bare}` };
}

/** How a capability is written on a command line: without the CAP_ prefix. */
export const capabilityWord = (cap: string): string => cap.replace(/^CAP_/i, '');

const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A host name as /etc/hosts and `--hostname` take it: dot-separated labels of letters, digits and hyphens. */
export function checkHostname(name: string): string | undefined {
  if (name.length > 63 || !name.split('.').every((l) => LABEL.test(l)))
    return `"${name}" is not a host name: use letters, digits and hyphens, with dots between parts, at most 63 characters, like web-1 or db.local.`;
  return undefined;
}

function isIPv4(text: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  return !!m && m.slice(1).every((o) => Number(o) <= 255 && (o === '0' || !o.startsWith('0')));
}

function isIPv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const parts = halves.flatMap(groups);
  const last = parts.at(-1);
  const v4 = last !== undefined && last.includes('.');
  if (v4 && !isIPv4(last)) return false;
  const hex = v4 ? parts.slice(0, -1) : parts;
  if (!hex.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hex.length + (v4 ? 2 : 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

/** An IPv4 or IPv6 address. */
export const isIP = (text: string): boolean => isIPv4(text) || isIPv6(text);

/** `name:ip` (or `name=ip`), as `--add-host` takes it; the ip may be `host-gateway`. Written back as `name:ip`. */
export function parseAddHost(text: string): Parsed<string> {
  const t = text.trim();
  const sep = /[:=]/.exec(t);
  if (!sep) return { ok: false, message: `"${t}" is not a host entry: write name:ip, like db.local:10.0.0.5.` };
  const name = t.slice(0, sep.index);
  const ip = t.slice(sep.index + 1).replace(/^\[(.*)\]$/, '$1');
  const badName = checkHostname(name);
  if (badName) return { ok: false, message: `In "${t}": ${badName}` };
  if (ip !== 'host-gateway' && !isIP(ip))
    return { ok: false, message: `In "${t}": "${ip}" is not an IP address; write name:ip, like db.local:10.0.0.5 (or name:host-gateway).` };
  return { ok: true, value: `${name}:${ip}` };
}

/** `--pids-limit`: how many processes the container may have at once. */
export function parsePidsLimit(text: string): Parsed<number> {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t) || Number(t) < 1)
    return { ok: false, message: `The process limit must be a whole number of processes above 0, like 100 ("${t}" is not).` };
  return { ok: true, value: Number(t) };
}

/** `--health-retries`: failures in a row before the container is unhealthy. */
export function parseRetries(text: string): Parsed<number> {
  const t = text.trim();
  if (!/^\d{1,6}$/.test(t) || Number(t) < 1) return { ok: false, message: `Retries must be a whole number above 0, like 3 ("${t}" is not).` };
  return { ok: true, value: Number(t) };
}

const MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration as the docker CLI takes it (`30s`, `1m30s`, `500ms`, `1.5s`), in whole milliseconds; `what` names the field in the message. */
export function parseDuration(text: string, what: string): Parsed<number> {
  const t = text.trim();
  const bad = { ok: false as const, message: `${what} must be a duration like 30s, 1m or 1m30s ("${t}" is not).` };
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(t)) return bad;
  let ms = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(m[1]) * MS[m[2]!]!;
  if (!Number.isInteger(ms) || ms < 1) return { ok: false, message: `${what} must be whole milliseconds, at least 1ms ("${t}" is not).` };
  if (ms > 365 * 24 * 3_600_000) return { ok: false, message: `${what} must be under a year ("${t}" is not).` };
  return { ok: true, value: ms };
}

/** Milliseconds → the shortest exact docker CLI duration, e.g. 90000 → `1m30s`. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

/** Bytes → the shortest exact `--memory` size, e.g. 536870912 → `512m`. */
export function formatMemory(bytes: number): string {
  for (const [unit, size] of [
    ['g', 1024 ** 3],
    ['m', 1024 ** 2],
    ['k', 1024],
  ] as const)
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  return `${bytes}b`;
}
