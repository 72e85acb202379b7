/**
 * The `docker run` options of the run dialog, and the pure parsers that turn
 * what a user types (port specs, env lines, env files, mount specs) into
 * them, each with a specific message. Shared by the renderer (checks as you
 * type) and the engine (checks again, then builds the create request).
 */

export interface PortSpec {
  readonly hostIp?: string;
  /** Unset: a random host port (as `-p 80` does). */
  readonly hostPort?: number;
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
}

export interface MountSpec {
  readonly type: 'bind' | 'volume';
  /** Host path (bind) or volume name; empty for an anonymous volume. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export type RestartName = 'no' | 'always' | 'unless-stopped' | 'on-failure';

export interface RunSpec {
  readonly image: string;
  readonly name?: string;
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly ports: readonly PortSpec[];
  /** -P: publish every exposed port on a random host port. */
  readonly publishAll: boolean;
  readonly env: readonly string[];
  readonly mounts: readonly MountSpec[];
  readonly restart: { readonly name: RestartName; readonly maxRetries?: number };
  readonly autoRemove: boolean;
  readonly network?: string;
  readonly user?: string;
  readonly workdir?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly interactive: boolean;
  readonly tty: boolean;
  /** --memory, in bytes. */
  readonly memory?: number;
  /** --cpus: how many CPUs' worth of time. */
  readonly cpus?: number;
  /** --pids-limit: processes at once. */
  readonly pidsLimit?: number;
  /** --add-host entries, each `name:ip`. */
  readonly addHosts?: readonly string[];
  readonly hostname?: string;
  /** --cap-add / --cap-drop, each `CAP_NAME` or `ALL`. */
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
  /** --health-*: a field left out keeps the image's. */
  readonly healthcheck?: HealthSpec;
  /** --init: a tiny init as pid 1 that reaps zombies and forwards signals. */
  readonly init?: boolean;
}

/** The --health-* flags; timings in milliseconds. */
export interface HealthSpec {
  /** --health-cmd: run by the container's shell (CMD-SHELL). */
  readonly command?: string;
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly startPeriodMs?: number;
  readonly retries?: number;
}

export * from './run-options.js';

/** The engine refuses a memory limit below this (6 MiB). */
export const MIN_MEMORY = 6 * 1024 * 1024;
const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `512m`, `1.5g`, `262144k` or bytes, as `docker run --memory` takes it. */
export function parseMemory(text: string): Parsed<number> {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg]?)i?b?$/i.exec(text.trim());
  if (!m) return { ok: false, message: `Memory must be a size like 512m or 2g ("${text.trim()}" is not).` };
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  if (bytes < MIN_MEMORY) return { ok: false, message: `Memory must be at least 6m: the engine refuses less.` };
  return { ok: true, value: bytes };
}

/** `0.5`, `2`: CPUs' worth of time, as `docker run --cpus` takes it. */
export function parseCpus(text: string): Parsed<number> {
  const n = Number(text.trim());
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n > 0) || n > 1024)
    return { ok: false, message: `CPUs must be a number above 0, like 0.5 or 2 ("${text.trim()}" is not).` };
  return { ok: true, value: Math.round(n * 100) / 100 };
}

/** The run dialog's health fields, each with its own messages. */
export type HealthField = 'healthCmd' | 'healthInterval' | 'healthTimeout' | 'healthRetries' | 'healthStartPeriod';

/** A problem with one field of the run dialog. */
export interface FieldError {
  readonly field: keyof RunSpec | 'envFile' | HealthField;
  readonly message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function checkName(name: string): string | undefined {
  return NAME.test(name) ? undefined : `"${name}" is not a valid name: use at least two letters, digits, _ . or -, starting with a letter or digit.`;
}

function port(text: string, what: string): number | string {
  if (!/^\d{1,5}$/.test(text)) return `${what} "${text}" is not a number.`;
  const n = Number(text);
  if (n < 1 || n > 65535) return `${what} ${n} is out of range (1-65535).`;
  return n;
}

/** `[ip:][hostPort:]containerPort[/tcp|udp]`, with IPv6 in brackets, as `docker run -p` takes it. */
export function parsePort(spec: string): Parsed<PortSpec> {
  const s = spec.trim();
  const [main = '', proto = 'tcp', extra] = s.split('/');
  if (extra !== undefined || (proto !== 'tcp' && proto !== 'udp')) return { ok: false, message: `"${s}": the protocol must be tcp or udp, as in 8080:80/udp.` };
  let hostIp: string | undefined;
  let rest = main;
  const v6 = /^\[([0-9a-fA-F:]+)\]:(.*)$/.exec(main);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2]!;
  }
  const parts = rest.split(':');
  if (!v6 && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2 || (v6 && parts.length !== 2))
    return { ok: false, message: `"${s}" is not a port mapping: write [host-ip:][host-port:]container-port[/udp], e.g. 127.0.0.1:8080:80.` };
  if (hostIp !== undefined && !v6) {
    const m = IPV4.exec(hostIp);
    if (!m || m.slice(1).some((o) => Number(o) > 255)) return { ok: false, message: `"${hostIp}" in "${s}" is not an IPv4 address.` };
  }
  const containerPort = port(parts.at(-1)!, 'Container port');
  if (typeof containerPort === 'string') return { ok: false, message: containerPort };
  let hostPort: number | undefined;
  if (parts.length === 2 && parts[0] !== '') {
    const hp = port(parts[0]!, 'Host port');
    if (typeof hp === 'string') return { ok: false, message: hp };
    hostPort = hp;
  }
  return { ok: true, value: { hostIp, hostPort, containerPort, protocol: proto } };
}

/** `KEY=value` (or `KEY` alone, meaning "take it from where the command runs", which a desktop app cannot: refused). */
export function parseEnvLine(line: string): Parsed<string> {
  const eq = line.indexOf('=');
  const key = eq < 0 ? line : line.slice(0, eq);
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key))
    return { ok: false, message: `"${key}" is not a variable name (letters, digits and _, not starting with a digit).` };
  if (eq < 0) return { ok: false, message: `${key} has no value: write ${key}=value.` };
  return { ok: true, value: line };
}

/** An env file as `docker run --env-file` reads it: KEY=value lines, # comments and blank lines skipped, no quote processing. */
export function parseEnvFile(text: string): Parsed<string[]> {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const r = parseEnvLine(line);
    if (!r.ok) return { ok: false, message: `Line ${i + 1}: ${r.message}` };
    out.push(r.value);
  }
  return { ok: true, value: out };
}

/** `source:target[:ro|:rw]`, or `target` alone for an anonymous volume; a source starting with / or . is a host path. */
export function parseMount(spec: string): Parsed<MountSpec> {
  const parts = spec.trim().split(':');
  let mode: string | undefined;
  if (parts.length === 3 || (parts.length === 2 && (parts[1] === 'ro' || parts[1] === 'rw'))) mode = parts.pop();
  if (mode !== undefined && mode !== 'ro' && mode !== 'rw') return { ok: false, message: `"${spec}": the mode must be ro or rw.` };
  const readOnly = mode === 'ro';
  if (parts.length === 1) {
    const target = parts[0]!;
    if (!target.startsWith('/')) return { ok: false, message: `"${spec}": the path inside the container must be absolute, like /data.` };
    // The engine refuses it, and the Volumes map it goes in has no read-only: say so rather than make it writable.
    if (readOnly)
      return { ok: false, message: `"${spec}": an anonymous volume cannot be read-only (the engine refuses it); give it a name, like data:${target}:ro.` };
    return { ok: true, value: { type: 'volume', source: '', target, readOnly } };
  }
  if (parts.length !== 2) return { ok: false, message: `"${spec}" is not a mount: write source:/path/in/container[:ro].` };
  const [source, target] = parts as [string, string];
  if (!target.startsWith('/')) return { ok: false, message: `"${spec}": the path inside the container must be absolute, like /data.` };
  if (source.startsWith('/') || source.startsWith('.') || source.startsWith('~')) {
    if (!source.startsWith('/')) return { ok: false, message: `"${source}": give the host folder as an absolute path.` };
    return { ok: true, value: { type: 'bind', source, target, readOnly } };
  }
  if (!NAME.test(source)) return { ok: false, message: `"${source}" is not a volume name (letters, digits, _ . -).` };
  return { ok: true, value: { type: 'volume', source, target, readOnly } };
}

/** Split a command line into words the way a POSIX shell would for plain words, quotes and line continuations (no expansion). */
export function splitWords(text: string): Parsed<string[]> {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    // A backslash at the end of a line continues the command on the next one (outside single quotes): both go.
    const continues = ch === '\\' && quote !== "'" && /^\r?\n/.test(text.slice(i + 1, i + 3));
    if (continues) {
      i += text[i + 1] === '\r' ? 2 : 1;
    } else if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) return { ok: false, message: `A ${quote === '"' ? 'double' : 'single'} quote is not closed.` };
  if (inWord) words.push(cur);
  return { ok: true, value: words };
}
