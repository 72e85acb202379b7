/** Pure: the run dialog's text fields → a run spec, with a message per field. */
import {
  checkHostname,
  parseAddHost,
  parseCapability,
  parseDuration,
  parsePidsLimit,
  parseRetries,
  parseCpus,
  parseEnvLine,
  parseMemory,
  parseMount,
  parsePort,
  checkName,
  splitWords,
  type FieldError,
  type HealthSpec,
  type MountSpec,
  type PortSpec,
  type RestartName,
  type RunSpec,
  type HealthField,
  type Parsed,
  capabilityWord,
  formatDuration,
  formatMemory,
  shellQuote,
} from '../../../../engine/contract/run-spec';

export interface RunForm {
  image: string;
  name: string;
  command: string;
  entrypoint: string;
  ports: string;
  publishAll: boolean;
  env: string;
  mounts: string;
  restart: RestartName;
  maxRetries: string;
  autoRemove: boolean;
  network: string;
  user: string;
  workdir: string;
  labels: string;
  interactive: boolean;
  tty: boolean;
  memory: string;
  cpus: string;
  pidsLimit: string;
  addHosts: string;
  hostname: string;
  capAdd: string;
  capDrop: string;
  healthCmd: string;
  healthInterval: string;
  healthTimeout: string;
  healthStartPeriod: string;
  healthRetries: string;
  init: boolean;
}

export const emptyForm = (image = ''): RunForm => ({
  image,
  name: '',
  command: '',
  entrypoint: '',
  ports: '',
  publishAll: false,
  env: '',
  mounts: '',
  restart: 'no',
  maxRetries: '',
  autoRemove: false,
  network: '',
  user: '',
  workdir: '',
  labels: '',
  interactive: false,
  tty: false,
  memory: '',
  cpus: '',
  pidsLimit: '',
  addHosts: '',
  hostname: '',
  capAdd: '',
  capDrop: '',
  healthCmd: '',
  healthInterval: '',
  healthTimeout: '',
  healthStartPeriod: '',
  healthRetries: '',
  init: false,
});

/** The fields of the Advanced section: when one holds something, the section opens. */
export const ADVANCED_FIELDS = [
  'memory',
  'cpus',
  'pidsLimit',
  'hostname',
  'addHosts',
  'capAdd',
  'capDrop',
  'healthCmd',
  'healthInterval',
  'healthTimeout',
  'healthStartPeriod',
  'healthRetries',
  'init',
] as const satisfies ReadonlyArray<keyof RunForm>;

/** Entries of a multi-value field: one per line, or separated by commas on a line (not for env, whose values may hold commas). */
function entries(text: string, commas: boolean): string[] {
  return text
    .split('\n')
    .flatMap((l) => (commas ? l.split(',') : [l]))
    .map((s) => s.trim())
    .filter(Boolean);
}

export function formToSpec(f: RunForm): { spec?: RunSpec; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: FieldError['field'], message: string) => errors.push({ field, message });
  if (!f.image.trim()) fail('image', 'Choose an image to run.');
  if (f.name.trim()) {
    const bad = checkName(f.name.trim());
    if (bad) fail('name', bad);
  }
  const words = (field: 'command' | 'entrypoint', text: string): string[] | undefined => {
    const r = splitWords(text);
    if (!r.ok) fail(field, r.message);
    return r.ok && r.value.length ? r.value : undefined;
  };
  const command = words('command', f.command);
  const entrypoint = words('entrypoint', f.entrypoint);
  const ports: PortSpec[] = [];
  for (const p of entries(f.ports, true)) {
    const r = parsePort(p);
    if (r.ok) ports.push(r.value);
    else fail('ports', r.message);
  }
  const env: string[] = [];
  for (const e of entries(f.env, false)) {
    const r = parseEnvLine(e);
    if (r.ok) env.push(r.value);
    else fail('env', r.message);
  }
  const mounts: MountSpec[] = [];
  for (const m of entries(f.mounts, true)) {
    const r = parseMount(m);
    if (r.ok) mounts.push(r.value);
    else fail('mounts', r.message);
  }
  const labels: Record<string, string> = {};
  for (const l of entries(f.labels, false)) {
    const eq = l.indexOf('=');
    if (eq <= 0) fail('labels', `"${l}" is not a label: write key=value.`);
    else labels[l.slice(0, eq)] = l.slice(eq + 1);
  }
  let maxRetries: number | undefined;
  if (f.restart === 'on-failure' && f.maxRetries.trim()) {
    maxRetries = Number(f.maxRetries);
    if (!Number.isInteger(maxRetries) || maxRetries < 0) fail('restart', 'Maximum retries is a whole number, 0 for no limit.');
  }
  if (f.autoRemove && f.restart !== 'no') fail('autoRemove', 'Auto-remove cannot be combined with a restart policy (Docker refuses it).');
  const limit = (field: FieldError['field'], text: string, parse: (t: string) => Parsed<number>) => {
    if (!text.trim()) return undefined;
    const r = parse(text);
    if (!r.ok) fail(field, r.message);
    return r.ok ? r.value : undefined;
  };
  const memory = limit('memory', f.memory, parseMemory);
  const cpus = limit('cpus', f.cpus, parseCpus);
  const pidsLimit = limit('pidsLimit', f.pidsLimit, parsePidsLimit);
  const hostname = f.hostname.trim() || undefined;
  const badHost = hostname && checkHostname(hostname);
  if (badHost) fail('hostname', badHost);
  const listOf = (field: 'addHosts' | 'capAdd' | 'capDrop', text: string, parse: (t: string) => Parsed<string>) => {
    const out: string[] = [];
    for (const item of text.split(/[\s,]+/).filter(Boolean)) {
      const r = parse(item);
      if (r.ok) out.push(r.value);
      else fail(field, r.message);
    }
    return [...new Set(out)];
  };
  const addHosts = listOf('addHosts', f.addHosts, parseAddHost);
  const capAdd = listOf('capAdd', f.capAdd, parseCapability);
  const capDrop = listOf('capDrop', f.capDrop, parseCapability);
  for (const cap of capAdd.filter((c) => capDrop.includes(c))) fail('capDrop', `${cap.replace(/^CAP_/, '')} is both added and dropped: keep it in one list.`);
  const timing = (field: HealthField, text: string, what: string) => limit(field, text, (t) => parseDuration(t, what));
  const health: HealthSpec = {
    command: f.healthCmd.trim() || undefined,
    intervalMs: timing('healthInterval', f.healthInterval, 'The interval'),
    timeoutMs: timing('healthTimeout', f.healthTimeout, 'The timeout'),
    startPeriodMs: timing('healthStartPeriod', f.healthStartPeriod, 'The start period'),
    retries: limit('healthRetries', f.healthRetries, parseRetries),
  };
  if (errors.length) return { errors };
  return {
    errors,
    spec: {
      image: f.image.trim(),
      name: f.name.trim() || undefined,
      command,
      entrypoint,
      ports,
      publishAll: f.publishAll,
      env,
      mounts,
      restart: { name: f.restart, maxRetries },
      autoRemove: f.autoRemove,
      network: f.network.trim() || undefined,
      user: f.user.trim() || undefined,
      workdir: f.workdir.trim() || undefined,
      labels,
      interactive: f.interactive,
      tty: f.tty,
      memory,
      cpus,
      pidsLimit,
      addHosts,
      hostname,
      capAdd,
      capDrop,
      healthcheck: Object.values(health).some((v) => v !== undefined) ? health : undefined,
      init: f.init,
    },
  };
}

/** How one port mapping is written in the Ports field (the form -p takes, IPv6 in brackets). */
function portText(p: PortSpec): string {
  const ip = p.hostIp === undefined ? '' : p.hostIp.includes(':') ? `[${p.hostIp}]:` : `${p.hostIp}:`;
  const host = p.hostPort === undefined ? (ip ? ':' : '') : `${p.hostPort}:`;
  return `${ip}${host}${p.containerPort}${p.protocol === 'udp' ? '/udp' : ''}`;
}

/** How one mount is written in the Volumes field: target alone for an anonymous volume, else source:target[:ro]. */
const mountText = (m: MountSpec): string => (m.source ? `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}` : m.target);

const words = (w: readonly string[] | undefined): string => (w ?? []).map(shellQuote).join(' ');
const optional = <T>(v: T | undefined, show: (v: T) => string): string => (v === undefined ? '' : show(v));

/**
 * Pure: a run spec (read from a pasted `docker run` command) → the dialog's fields, so that formToSpec gives the
 * same spec back. The way "Paste a docker run command" fills the form.
 */
export function specToForm(s: RunSpec): RunForm {
  const h = s.healthcheck;
  return {
    image: s.image,
    name: s.name ?? '',
    command: words(s.command),
    entrypoint: words(s.entrypoint),
    ports: s.ports.map(portText).join('\n'),
    publishAll: s.publishAll,
    env: s.env.join('\n'),
    mounts: s.mounts.map(mountText).join('\n'),
    restart: s.restart.name,
    maxRetries: optional(s.restart.maxRetries, String),
    autoRemove: s.autoRemove,
    network: s.network ?? '',
    user: s.user ?? '',
    workdir: s.workdir ?? '',
    labels: Object.entries(s.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    interactive: s.interactive,
    tty: s.tty,
    memory: optional(s.memory, formatMemory),
    cpus: optional(s.cpus, String),
    pidsLimit: optional(s.pidsLimit, String),
    addHosts: (s.addHosts ?? []).join('\n'),
    hostname: s.hostname ?? '',
    capAdd: (s.capAdd ?? []).map(capabilityWord).join(' '),
    capDrop: (s.capDrop ?? []).map(capabilityWord).join(' '),
    healthCmd: h?.command ?? '',
    healthInterval: optional(h?.intervalMs, formatDuration),
    healthTimeout: optional(h?.timeoutMs, formatDuration),
    healthStartPeriod: optional(h?.startPeriodMs, formatDuration),
    healthRetries: optional(h?.retries, String),
    init: s.init ?? false,
  };
}

/**
 * Pure: the Run dialog's network choices: the default bridge (empty), the user's networks, then host and none;
 * a value already chosen stays offered even when its network is not listed (yet).
 */
export function networkChoices(userNetworks: readonly string[], chosen: string): string[] {
  const own = [...userNetworks].sort((a, b) => a.localeCompare(b));
  const choices = ['', ...own, 'host', 'none'];
  return chosen && !choices.includes(chosen) ? [...choices.slice(0, own.length + 1), chosen, 'host', 'none'] : choices;
}

/** The messages of one field, joined. */
export function messageFor(errors: readonly FieldError[], field: FieldError['field']): string | undefined {
  const m = errors.filter((e) => e.field === field).map((e) => e.message);
  return m.length ? m.join(' ') : undefined;
}
