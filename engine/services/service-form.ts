/**
 * The Create service dialog's fields (and `berth service create`'s flags) as text, turned into what
 * `services.create` takes, each bad field a sentence naming what to write instead. Pure and zod-free:
 * shared by the renderer, the CLI and the engine.
 */
import type { CreateServiceInput } from './contract.js';

/** A swarm service name as the engine takes it. */
export const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export interface ServiceForm {
  readonly name: string;
  readonly image: string;
  /** The command, split like a shell would (quotes group words); empty keeps the image's. */
  readonly command: string;
  readonly mode: 'replicated' | 'global';
  readonly replicas: string;
  /** One per line or comma: PUBLISHED:TARGET[/PROTO] or TARGET[/PROTO]. */
  readonly ports: string;
  readonly publishMode: 'host' | 'ingress';
  readonly endpointMode: 'vip' | 'dnsrr';
  /** One KEY=value per line. */
  readonly env: string;
  /** One per line: SOURCE:TARGET[:ro] (a source starting with / is a bind mount, else a volume), or tmpfs:TARGET. */
  readonly mounts: string;
  /** Comma or space separated. */
  readonly networks: string;
  /** One per line, e.g. node.role==manager. */
  readonly constraints: string;
  readonly cpuLimit: string;
  readonly memoryLimit: string;
  readonly cpuReservation: string;
  readonly memoryReservation: string;
  readonly parallelism: string;
  readonly delay: string;
  readonly failureAction: 'pause' | 'continue' | 'rollback';
  readonly order: 'stop-first' | 'start-first';
}

export type ServiceField = keyof ServiceForm;
export interface ServiceFieldError {
  readonly field: ServiceField;
  readonly message: string;
}

/** The dialog's starting values. */
export const EMPTY_SERVICE_FORM: ServiceForm = {
  name: '',
  image: '',
  command: '',
  mode: 'replicated',
  replicas: '1',
  ports: '',
  publishMode: 'host',
  endpointMode: 'vip',
  env: '',
  mounts: '',
  networks: '',
  constraints: '',
  cpuLimit: '',
  memoryLimit: '',
  cpuReservation: '',
  memoryReservation: '',
  parallelism: '1',
  delay: '0',
  failureAction: 'pause',
  order: 'stop-first',
};

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Pure: words of a command line, quotes grouping ("a b" and 'a b'), backslash escaping the next character. */
export function splitCommand(s: string): string[] | string {
  const out: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < s.length) word = (word ?? '') + s[++i];
      else word = (word ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < s.length) word = (word ?? '') + s[++i];
    else if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (quote) return `The command has an unclosed ${quote === '"' ? 'double' : 'single'} quote: close it.`;
  if (word !== undefined) out.push(word);
  return out;
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** Pure: a memory size like 512m, 1.5g or 268435456 in bytes, or undefined when it is not one. */
export function parseMemory(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(s.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const bytes = Math.round(Number(m[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}

/** Pure: one published-port word (8080:80, 8080:80/udp, 80) as a port, or a sentence. */
export function parsePort(word: string, mode: 'host' | 'ingress'): NonNullable<CreateServiceInput['ports']>[number] | string {
  const m = /^(?:(\d+):)?(\d+)(?:\/(tcp|udp|sctp))?$/i.exec(word);
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
  if (!m) return `"${word}" is not a port: write PUBLISHED:TARGET (e.g. 8080:80), optionally with /udp.`;
  const published = m[1] === undefined ? undefined : Number(m[1]);
  const target = Number(m[2]);
  if (!ok(target) || (published !== undefined && !ok(published))) return `"${word}": ports are numbers from 1 to 65535.`;
  return { target, ...(published !== undefined ? { published } : {}), protocol: (m[3]?.toLowerCase() ?? 'tcp') as 'tcp' | 'udp' | 'sctp', mode };
}

/** Pure: one mount line as a mount, or a sentence. */
export function parseMount(line: string): NonNullable<CreateServiceInput['mounts']>[number] | string {
  const parts = line.split(':');
  if (parts[0] === 'tmpfs' && parts.length === 2 && parts[1]!.startsWith('/')) return { type: 'tmpfs', source: '', target: parts[1]!, readOnly: false };
  const ro = parts.length === 3 && (parts[2] === 'ro' || parts[2] === 'rw') ? parts.pop() === 'ro' : false;
  const [source, target] = parts;
  if (parts.length !== 2 || !source || !target?.startsWith('/')) {
    return `"${line}" is not a mount: write SOURCE:/path/in/container (add :ro for read-only), or tmpfs:/path.`;
  }
  return { type: source.startsWith('/') ? 'bind' : 'volume', source, target, readOnly: ro };
}

/** Pure: one constraint as the engine takes it (e.g. node.role==manager, node.labels.zone!=b), or a sentence. */
export function constraintError(c: string): string | undefined {
  if (!/^[\w.-]+\s*(==|!=)\s*\S.*$/.test(c)) {
    return `"${c}" is not a placement constraint: write ATTRIBUTE==VALUE or ATTRIBUTE!=VALUE, e.g. node.role==manager or node.hostname!=build-1.`;
  }
  return undefined;
}

const count = (s: string, field: ServiceField, what: string, errors: ServiceFieldError[], min = 0): number | undefined => {
  const t = s.trim();
  if (!/^\d+$/.test(t) || Number(t) < min) {
    errors.push({ field, message: `${what} is a whole number${min ? ` from ${min}` : ''}.` });
    return undefined;
  }
  return Number(t);
};

const cpus = (s: string, field: ServiceField, errors: ServiceFieldError[]): number | undefined => {
  if (!s.trim()) return undefined;
  const n = Number(s.trim());
  if (!Number.isFinite(n) || n <= 0) errors.push({ field, message: `"${s.trim()}" is not a number of CPUs: write e.g. 0.5 or 2.` });
  return n > 0 ? n : undefined;
};

const memory = (s: string, field: ServiceField, errors: ServiceFieldError[]): number | undefined => {
  if (!s.trim()) return undefined;
  const n = parseMemory(s);
  if (n === undefined) errors.push({ field, message: `"${s.trim()}" is not a memory size: write e.g. 256m or 1g.` });
  return n;
};

/** Pure: the form as `services.create` input, or the field errors (each field's first). */
export function serviceInputOf(f: ServiceForm): { ok: true; input: CreateServiceInput } | { ok: false; errors: ServiceFieldError[] } {
  const errors: ServiceFieldError[] = [];
  const name = f.name.trim();
  if (!name) errors.push({ field: 'name', message: 'Name the service, e.g. web.' });
  else if (name.length > 63 || !SERVICE_NAME.test(name)) {
    errors.push({ field: 'name', message: 'A service name is up to 63 letters, digits, _ . or -, starting with a letter or digit.' });
  }
  const image = f.image.trim();
  if (!image) errors.push({ field: 'image', message: 'Choose the image the tasks run, e.g. nginx:alpine.' });
  const command = splitCommand(f.command);
  if (typeof command === 'string') errors.push({ field: 'command', message: command });
  const replicas = f.mode === 'replicated' ? count(f.replicas, 'replicas', 'Replicas', errors) : undefined;
  const ports: NonNullable<CreateServiceInput['ports']>[number][] = [];
  for (const w of f.ports.split(/[\s,]+/).filter(Boolean)) {
    const p = parsePort(w, f.publishMode);
    if (typeof p === 'string') errors.push({ field: 'ports', message: p });
    else ports.push(p);
  }
  const env = lines(f.env);
  const badEnv = env.find((e) => !/^[^=\s]+=/.test(e));
  if (badEnv) errors.push({ field: 'env', message: `"${badEnv}" is not KEY=value.` });
  const mounts: NonNullable<CreateServiceInput['mounts']>[number][] = [];
  for (const l of lines(f.mounts)) {
    const m = parseMount(l);
    if (typeof m === 'string') errors.push({ field: 'mounts', message: m });
    else mounts.push(m);
  }
  const constraints = lines(f.constraints);
  for (const c of constraints) {
    const bad = constraintError(c);
    if (bad) errors.push({ field: 'constraints', message: bad });
  }
  const limits = { cpus: cpus(f.cpuLimit, 'cpuLimit', errors), memoryBytes: memory(f.memoryLimit, 'memoryLimit', errors) };
  const reservations = { cpus: cpus(f.cpuReservation, 'cpuReservation', errors), memoryBytes: memory(f.memoryReservation, 'memoryReservation', errors) };
  const parallelism = count(f.parallelism, 'parallelism', 'Parallelism (tasks updated at once, 0 for all)', errors);
  const delay = Number(f.delay.trim() || '0');
  if (!Number.isFinite(delay) || delay < 0) errors.push({ field: 'delay', message: 'The delay between batches is a number of seconds (0 or more).' });
  const first = new Map<ServiceField, ServiceFieldError>();
  for (const e of errors) if (!first.has(e.field)) first.set(e.field, e);
  if (first.size) return { ok: false, errors: [...first.values()] };
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    ok: true,
    input: {
      name,
      image,
      command: command as string[],
      mode: f.mode,
      ...(replicas !== undefined ? { replicas } : {}),
      ports,
      endpointMode: f.endpointMode,
      env,
      mounts,
      networks: f.networks.split(/[\s,]+/).filter(Boolean),
      constraints,
      limits: defined(limits),
      reservations: defined(reservations),
      update: { parallelism: parallelism!, delaySeconds: delay, failureAction: f.failureAction, order: f.order },
    },
  };
}
