/** Pure: the run dialog's text fields → a run spec, with a message per field. */
import {
  parseCpus,
  parseEnvLine,
  parseMemory,
  parseMount,
  parsePort,
  checkName,
  splitWords,
  type FieldError,
  type MountSpec,
  type PortSpec,
  type RestartName,
  type RunSpec,
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
});

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
  const limit = (field: 'memory' | 'cpus', text: string, parse: (t: string) => { ok: true; value: number } | { ok: false; message: string }) => {
    if (!text.trim()) return undefined;
    const r = parse(text);
    if (!r.ok) fail(field, r.message);
    return r.ok ? r.value : undefined;
  };
  const memory = limit('memory', f.memory, parseMemory);
  const cpus = limit('cpus', f.cpus, parseCpus);
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
    },
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
