/**
 * A `docker run` command line → a run spec: the way back from "copy as
 * docker run", for the flags the run dialog knows. Pure; an unknown flag or
 * a bad value is a sentence naming it.
 */
import type { HealthSpec, MountSpec, Parsed, PortSpec, RestartName, RunSpec } from './run-spec.js';
import { parseCpus, parseEnvLine, parseMemory, parseMount, parsePort, splitWords } from './run-spec.js';
import { checkHostname, parseAddHost, parseCapability, parseDuration, parsePidsLimit, parseRetries } from './run-options.js';

/** Flags that take a value, by every name the docker CLI gives them. */
const VALUED: Readonly<Record<string, string>> = {
  '--name': 'name',
  '-e': 'env',
  '--env': 'env',
  '-p': 'publish',
  '--publish': 'publish',
  '-v': 'volume',
  '--volume': 'volume',
  '--mount': 'mount',
  '--restart': 'restart',
  '--network': 'network',
  '--net': 'network',
  '-u': 'user',
  '--user': 'user',
  '-w': 'workdir',
  '--workdir': 'workdir',
  '-l': 'label',
  '--label': 'label',
  '--entrypoint': 'entrypoint',
  '-m': 'memory',
  '--memory': 'memory',
  '--cpus': 'cpus',
  '--pids-limit': 'pids',
  '--add-host': 'addHost',
  '-h': 'hostname',
  '--hostname': 'hostname',
  '--cap-add': 'capAdd',
  '--cap-drop': 'capDrop',
  '--health-cmd': 'healthCmd',
  '--health-interval': 'healthInterval',
  '--health-timeout': 'healthTimeout',
  '--health-start-period': 'healthStartPeriod',
  '--health-retries': 'healthRetries',
};
const SWITCHES: Readonly<Record<string, string>> = {
  '-d': 'detach',
  '--detach': 'detach',
  '-i': 'interactive',
  '--interactive': 'interactive',
  '-t': 'tty',
  '--tty': 'tty',
  '-P': 'publishAll',
  '--publish-all': 'publishAll',
  '--rm': 'rm',
  '--init': 'init',
};

/** `--mount type=…,source=…,target=…[,readonly]` for binds and volumes. */
function parseMountFlag(text: string): Parsed<MountSpec> {
  const kv = new Map(text.split(',').map((p) => [p.split('=')[0]!, p.includes('=') ? p.slice(p.indexOf('=') + 1) : 'true'] as const));
  const type = kv.get('type') ?? 'volume';
  const target = kv.get('target') ?? kv.get('destination') ?? kv.get('dst');
  if ((type !== 'bind' && type !== 'volume') || !target?.startsWith('/'))
    return { ok: false, message: `"--mount ${text}" is not a bind or volume mount with an absolute target.` };
  const ro = kv.get('readonly') ?? kv.get('ro');
  return { ok: true, value: { type, source: kv.get('source') ?? kv.get('src') ?? '', target, readOnly: ro === 'true' || ro === '1' } };
}

/** Parse `docker run …` (or `docker container run …`) into a run spec. */
export function parseRunCommand(text: string): Parsed<RunSpec> {
  const split = splitWords(text);
  if (!split.ok) return split;
  const words = split.value;
  // As pasted from a README or a terminal: a shell prompt and sudo in front are not part of the command.
  let i = 0;
  while (words[i] === '$' || words[i] === '#' || words[i] === 'sudo') i++;
  if (words[i] === 'docker') i++;
  if (words[i] === 'container') i++;
  if (words[i] !== 'run') return { ok: false, message: 'This is not a docker run command: it should start with docker run.' };
  i++;
  const ports: PortSpec[] = [];
  const env: string[] = [];
  const mounts: MountSpec[] = [];
  const labels: Record<string, string> = {};
  const addHosts: string[] = [];
  const capAdd: string[] = [];
  const capDrop: string[] = [];
  const health: { -readonly [K in keyof HealthSpec]: HealthSpec[K] } = {};
  const on = new Set<string>();
  const one: Record<string, string> = {};
  let restart: { name: RestartName; maxRetries?: number } = { name: 'no' };
  let memory: number | undefined;
  let cpus: number | undefined;
  let pidsLimit: number | undefined;
  let error: string | undefined;
  const take = <T>(r: Parsed<T>, use: (v: T) => void) => (r.ok ? use(r.value) : (error ??= r.message));

  for (; i < words.length && !error; i++) {
    const word = words[i]!;
    if (word === '--') {
      i++;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word;
    if (SWITCHES[flag]) {
      on.add(SWITCHES[flag]);
      continue;
    }
    // Short switches together: -it, -dit.
    if (/^-[dditP]{2,}$/.test(word) && [...word.slice(1)].every((c) => SWITCHES[`-${c}`])) {
      for (const c of word.slice(1)) on.add(SWITCHES[`-${c}`]!);
      continue;
    }
    const what = VALUED[flag];
    if (!what) return { ok: false, message: `${flag} is not an option the run dialog knows.` };
    const value = eq > 0 ? word.slice(eq + 1) : words[++i];
    if (value === undefined) return { ok: false, message: `${flag} needs a value.` };
    switch (what) {
      case 'env':
        take(parseEnvLine(value), (v) => env.push(v));
        break;
      case 'publish':
        take(parsePort(value), (v) => ports.push(v));
        break;
      case 'volume':
        take(parseMount(value), (v) => mounts.push(v));
        break;
      case 'mount':
        take(parseMountFlag(value), (v) => mounts.push(v));
        break;
      case 'label': {
        const at = value.indexOf('=');
        if (at <= 0) error ??= `"${value}" is not a label: write key=value.`;
        else labels[value.slice(0, at)] = value.slice(at + 1);
        break;
      }
      case 'restart': {
        const [name = '', retries] = value.split(':');
        if (!['no', 'always', 'unless-stopped', 'on-failure'].includes(name)) error ??= `"${value}" is not a restart policy.`;
        else restart = { name: name as RestartName, maxRetries: retries ? Number(retries) : undefined };
        break;
      }
      case 'memory':
        take(parseMemory(value), (v) => (memory = v));
        break;
      case 'cpus':
        take(parseCpus(value), (v) => (cpus = v));
        break;
      case 'pids':
        take(parsePidsLimit(value), (v) => (pidsLimit = v));
        break;
      case 'addHost':
        take(parseAddHost(value), (v) => addHosts.push(v));
        break;
      case 'capAdd':
        take(parseCapability(value), (v) => capAdd.push(v));
        break;
      case 'capDrop':
        take(parseCapability(value), (v) => capDrop.push(v));
        break;
      case 'hostname':
        error ??= checkHostname(value);
        one.hostname = value;
        break;
      case 'healthCmd':
        health.command = value;
        break;
      case 'healthInterval':
        take(parseDuration(value, 'The health interval'), (v) => (health.intervalMs = v));
        break;
      case 'healthTimeout':
        take(parseDuration(value, 'The health timeout'), (v) => (health.timeoutMs = v));
        break;
      case 'healthStartPeriod':
        take(parseDuration(value, 'The health start period'), (v) => (health.startPeriodMs = v));
        break;
      case 'healthRetries':
        take(parseRetries(value), (v) => (health.retries = v));
        break;
      default:
        one[what] = value;
    }
  }
  if (error) return { ok: false, message: error };
  const image = words[i];
  if (!image) return { ok: false, message: 'The command names no image: put it after the options.' };
  const rest = words.slice(i + 1);
  return {
    ok: true,
    value: {
      image,
      name: one.name,
      command: rest.length ? rest : undefined,
      entrypoint: one.entrypoint ? [one.entrypoint] : undefined,
      ports,
      publishAll: on.has('publishAll'),
      env,
      mounts,
      restart,
      autoRemove: on.has('rm'),
      network: one.network,
      user: one.user,
      workdir: one.workdir,
      labels,
      interactive: on.has('interactive'),
      tty: on.has('tty'),
      memory,
      cpus,
      pidsLimit,
      addHosts,
      hostname: one.hostname,
      capAdd,
      capDrop,
      healthcheck: Object.keys(health).length ? health : undefined,
      init: on.has('init'),
    },
  };
}
