/**
 * A loaded Compose project as the swarm objects `docker stack deploy` makes of it, following Docker's stack
 * conventions: every object named `<stack>_<name>` (external ones by their own name) and labelled
 * `com.docker.stack.namespace=<stack>`; services also `com.docker.stack.image`; overlay networks, the default one
 * `<stack>_default`; configs and secrets from files mounted at Compose's default targets (`/<name>`,
 * `/run/secrets/<name>`). What a stack cannot use is a warning; what makes the deploy impossible is a refusal.
 * Pure: file contents come through `read`.
 */
import { createHash } from 'node:crypto';
import { parseBytes, parseDuration, type ComposeProject } from '../compose/index.js';
import type { EngineServiceSpec } from '../services/index.js';

type Obj = Record<string, unknown>;

export const NAMESPACE_LABEL = 'com.docker.stack.namespace';
export const IMAGE_LABEL = 'com.docker.stack.image';
/** Berth's record of a config's or secret's content (swarm never gives a secret's data back). */
export const DIGEST_LABEL = 'berth.stack.content-sha256';
/** The compose files a stack was last deployed from (a JSON list of absolute paths), so Redeploy can offer them again. */
export const FILES_LABEL = 'berth.stack.config-files';

/** A network of the stack: made as an overlay, or an external one used by name. */
export interface DesiredNetwork {
  readonly key: string;
  readonly name: string;
  readonly external: boolean;
  /** The engine's network create body (for one the stack makes). */
  readonly spec?: Readonly<Obj>;
}

/** A config or secret of the stack: made from a file's bytes, or an external one used by name. */
export interface DesiredFileObject {
  readonly kind: 'config' | 'secret';
  readonly key: string;
  readonly name: string;
  readonly external: boolean;
  /** Base64 of the content, and its sha256 (hex), for one the stack makes. */
  readonly data?: string;
  readonly digest?: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface DesiredService {
  readonly key: string;
  readonly name: string;
  /** The engine's ServiceSpec; config and secret references name their objects, their ids are filled in when applied. */
  readonly spec: EngineServiceSpec;
}

/** Everything a stack is made of, with what was ignored and what cannot be done. */
export interface StackDesired {
  readonly stack: string;
  readonly networks: readonly DesiredNetwork[];
  readonly configs: readonly DesiredFileObject[];
  readonly secrets: readonly DesiredFileObject[];
  readonly services: readonly DesiredService[];
  readonly warnings: readonly string[];
  readonly refusals: readonly string[];
}

/** Service attributes a stack turns into its services. */
const SUPPORTED = new Set([
  'image',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'labels',
  'deploy',
  'ports',
  'networks',
  'volumes',
  'configs',
  'secrets',
  'healthcheck',
  'hostname',
  'user',
  'working_dir',
  'stop_grace_period',
  'stop_signal',
  'tty',
  'stdin_open',
  'read_only',
  'init',
  'extra_hosts',
  'dns',
  'dns_search',
  'dns_opt',
  'cap_add',
  'cap_drop',
  'sysctls',
  'logging',
  'profiles',
]);

/** What to do instead, for the unsupported attributes people most often have. */
const INSTEAD: Readonly<Record<string, string>> = {
  build: 'A stack does not build images: build and push the image first; the nodes pull what image: names.',
  restart: 'Swarm restarts tasks as deploy.restart_policy says.',
  depends_on: 'Swarm starts services in no particular order: make each one wait for what it needs.',
  container_name: 'Swarm names a service’s tasks itself.',
};

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const mapping = (v: unknown): Record<string, string> => {
  if (Array.isArray(v)) return Object.fromEntries(v.map((l) => String(l).split(/=(.*)/s, 2) as [string, string]).map(([k, x]) => [k, x ?? '']));
  return isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, str(x)])) : {};
};
const nanos = (v: unknown): number | undefined => (v === undefined || v === null ? undefined : (parseDuration(v) ?? undefined));
const defined = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * A config's or secret's file mode. The Compose Specification writes it in octal (`0440`), which Docker's YAML reader
 * takes as octal but a YAML 1.2 reader gives as the number 440; a number whose digits are all octal ones and that
 * fits in 0777 is read as the octal it was written as, any other number as it is (`292` is 0444).
 */
export function fileMode(v: unknown): number {
  if (typeof v === 'string' && /^(0o?)?[0-7]+$/.test(v)) return parseInt(v.replace(/^0o/, ''), 8);
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return /^[0-7]{1,3}$/.test(String(v)) ? parseInt(String(v), 8) : v;
  return 0o444;
}

function resources(r: unknown): Obj | undefined {
  if (!isObj(r)) return undefined;
  const cpus = r.cpus === undefined ? undefined : Number(r.cpus);
  const memory = r.memory === undefined ? undefined : parseBytes(r.memory);
  return defined({
    NanoCPUs: cpus === undefined || Number.isNaN(cpus) ? undefined : Math.round(cpus * 1e9),
    MemoryBytes: memory ?? undefined,
    Pids: r.pids === undefined ? undefined : Number(r.pids),
  });
}

function updateConfig(u: unknown): Obj | undefined {
  if (!isObj(u)) return undefined;
  return defined({
    Parallelism: u.parallelism === undefined ? 1 : Number(u.parallelism),
    Delay: nanos(u.delay),
    FailureAction: u.failure_action === undefined ? undefined : str(u.failure_action),
    Monitor: nanos(u.monitor),
    MaxFailureRatio: u.max_failure_ratio === undefined ? undefined : Number(u.max_failure_ratio),
    Order: u.order === undefined ? undefined : str(u.order),
  });
}

function restartPolicy(r: unknown): Obj | undefined {
  if (!isObj(r)) return undefined;
  return defined({
    Condition: r.condition === undefined ? undefined : str(r.condition),
    Delay: nanos(r.delay),
    MaxAttempts: r.max_attempts === undefined ? undefined : Number(r.max_attempts),
    Window: nanos(r.window),
  });
}

function healthcheck(h: unknown): Obj | undefined {
  if (!isObj(h)) return undefined;
  if (h.disable === true) return { Test: ['NONE'] };
  return defined({
    Test: Array.isArray(h.test) ? h.test.map(String) : undefined,
    Interval: nanos(h.interval),
    Timeout: nanos(h.timeout),
    Retries: h.retries === undefined ? undefined : Number(h.retries),
    StartPeriod: nanos(h.start_period),
    StartInterval: nanos(h.start_interval),
  });
}

/** Ports in the engine's form; the mode stays as written (ingress by default, as Docker's). */
function ports(list: unknown, service: string, warnings: string[]): Obj[] {
  const out: Obj[] = [];
  for (const p of Array.isArray(list) ? (list as Obj[]) : []) {
    if (p.host_ip) warnings.push(`${service}: a stack publishes on every address of a node; host_ip ${str(p.host_ip)} is ignored.`);
    out.push(
      defined({
        Protocol: str(p.protocol || 'tcp'),
        TargetPort: Number(p.target),
        PublishedPort: p.published === undefined || p.published === null || p.published === '' ? undefined : Number(p.published),
        PublishMode: str(p.mode || 'ingress'),
      }),
    );
  }
  return out;
}

function mounts(list: unknown, project: ComposeProject, stack: string): Obj[] {
  const out: Obj[] = [];
  for (const m of Array.isArray(list) ? (list as Obj[]) : []) {
    const readOnly = m.read_only === true || m.read_only === 'true' ? true : undefined;
    if (m.type === 'bind') {
      out.push(defined({ Type: 'bind', Source: str(m.source), Target: str(m.target), ReadOnly: readOnly }));
    } else if (m.type === 'tmpfs') {
      const size = isObj(m.tmpfs) && m.tmpfs.size !== undefined ? parseBytes(m.tmpfs.size) : null;
      out.push(defined({ Type: 'tmpfs', Target: str(m.target), ReadOnly: readOnly, TmpfsOptions: size ? { SizeBytes: size } : undefined }));
    } else if (m.type === 'volume') {
      const key = str(m.source);
      const def = key ? project.volumes[key] : undefined;
      const external = def?.external === true;
      const nocopy = isObj(m.volume) && m.volume.nocopy === true ? true : undefined;
      const options =
        key && !external
          ? defined({
              NoCopy: nocopy,
              Labels: { ...mapping(def?.labels), [NAMESPACE_LABEL]: stack },
              DriverConfig: def?.driver ? defined({ Name: str(def.driver), Options: def.driver_opts ? mapping(def.driver_opts) : undefined }) : undefined,
            })
          : nocopy
            ? { NoCopy: true }
            : undefined;
      out.push(defined({ Type: 'volume', Source: key ? str(def?.name ?? key) : undefined, Target: str(m.target), ReadOnly: readOnly, VolumeOptions: options }));
    } else {
      out.push(defined({ Type: str(m.type), Source: m.source === undefined ? undefined : str(m.source), Target: str(m.target), ReadOnly: readOnly }));
    }
  }
  return out;
}

/** References to configs or secrets, at Compose's default targets; ids are filled in when the deploy applies. */
function fileRefs(list: unknown, kind: 'config' | 'secret', defs: Readonly<Record<string, Obj>>): Obj[] {
  return (Array.isArray(list) ? (list as Obj[]) : []).map((r) => {
    const source = str(r.source);
    const name = str(defs[source]?.name ?? source);
    const target = r.target === undefined ? (kind === 'config' ? `/${source}` : source) : str(r.target);
    const file = { Name: target, UID: str(r.uid ?? '0'), GID: str(r.gid ?? '0'), Mode: fileMode(r.mode) };
    return kind === 'config' ? { File: file, ConfigID: '', ConfigName: name } : { File: file, SecretID: '', SecretName: name };
  });
}

function placement(p: unknown): Obj | undefined {
  if (!isObj(p)) return undefined;
  const prefs = Array.isArray(p.preferences) ? (p.preferences as Obj[]) : [];
  return defined({
    Constraints: Array.isArray(p.constraints) ? p.constraints.map(String) : undefined,
    Preferences: prefs.length ? prefs.map((x) => ({ Spread: { SpreadDescriptor: str(x.spread) } })) : undefined,
    MaxReplicas: p.max_replicas_per_node === undefined ? undefined : Number(p.max_replicas_per_node),
  });
}

function mode(deploy: Obj): Obj {
  const m = str(deploy.mode || 'replicated');
  const replicas = deploy.replicas === undefined ? 1 : Number(deploy.replicas);
  if (m === 'global') return { Global: {} };
  if (m === 'global-job') return { GlobalJob: {} };
  if (m === 'replicated-job') return { ReplicatedJob: { MaxConcurrent: replicas, TotalCompletions: replicas } };
  return { Replicated: { Replicas: replicas } };
}

/** One service's engine spec. */
export function serviceSpecOf(project: ComposeProject, key: string, svc: Readonly<Obj>, warnings: string[]): EngineServiceSpec {
  const stack = project.name;
  const deploy = isObj(svc.deploy) ? svc.deploy : {};
  const image = str(svc.image);
  const env = Object.entries(isObj(svc.environment) ? svc.environment : {})
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${str(v)}`)
    .sort();
  const networks = Object.entries(isObj(svc.networks) ? svc.networks : {}).map(([net, opts]) => {
    const aliases = isObj(opts) && Array.isArray(opts.aliases) ? opts.aliases.map(String) : [];
    return { Target: str(project.networks[net]?.name ?? `${stack}_${net}`), Aliases: [key, ...aliases.filter((a) => a !== key)] };
  });
  const limits = resources(isObj(deploy.resources) ? deploy.resources.limits : undefined);
  const reservations = resources(isObj(deploy.resources) ? deploy.resources.reservations : undefined);
  const logging = isObj(svc.logging)
    ? defined({ Name: svc.logging.driver === undefined ? undefined : str(svc.logging.driver), Options: mapping(svc.logging.options) })
    : undefined;
  const dns = defined({
    Nameservers: Array.isArray(svc.dns) ? svc.dns.map(String) : undefined,
    Search: Array.isArray(svc.dns_search) ? svc.dns_search.map(String) : undefined,
    Options: Array.isArray(svc.dns_opt) ? svc.dns_opt.map(String) : undefined,
  });
  const hosts = Object.entries(mapping(svc.extra_hosts)).map(([h, ip]) => `${ip} ${h}`);
  const containerSpec = defined({
    Image: image,
    Labels: { ...mapping(svc.labels), [NAMESPACE_LABEL]: stack },
    Command: Array.isArray(svc.entrypoint) ? svc.entrypoint.map(String) : undefined,
    Args: Array.isArray(svc.command) ? svc.command.map(String) : undefined,
    Hostname: svc.hostname === undefined ? undefined : str(svc.hostname),
    Env: env.length ? env : undefined,
    Dir: svc.working_dir === undefined ? undefined : str(svc.working_dir),
    User: svc.user === undefined ? undefined : str(svc.user),
    TTY: svc.tty === true ? true : undefined,
    OpenStdin: svc.stdin_open === true ? true : undefined,
    ReadOnly: svc.read_only === true ? true : undefined,
    Init: svc.init === true ? true : undefined,
    Mounts: Array.isArray(svc.volumes) && svc.volumes.length ? mounts(svc.volumes, project, stack) : undefined,
    StopGracePeriod: nanos(svc.stop_grace_period),
    StopSignal: svc.stop_signal === undefined ? undefined : str(svc.stop_signal),
    Healthcheck: healthcheck(svc.healthcheck),
    Hosts: hosts.length ? hosts : undefined,
    DNSConfig: Object.keys(dns).length ? dns : undefined,
    Configs: Array.isArray(svc.configs) && svc.configs.length ? fileRefs(svc.configs, 'config', project.configs) : undefined,
    Secrets: Array.isArray(svc.secrets) && svc.secrets.length ? fileRefs(svc.secrets, 'secret', project.secrets) : undefined,
    CapabilityAdd: Array.isArray(svc.cap_add) ? svc.cap_add.map(String) : undefined,
    CapabilityDrop: Array.isArray(svc.cap_drop) ? svc.cap_drop.map(String) : undefined,
    Sysctls: svc.sysctls ? mapping(svc.sysctls) : undefined,
  });
  const portList = ports(svc.ports, key, warnings);
  return defined({
    Name: `${stack}_${key}`,
    Labels: {
      ...mapping(deploy.labels),
      [NAMESPACE_LABEL]: stack,
      [IMAGE_LABEL]: image,
      ...(project.configFiles.length ? { [FILES_LABEL]: JSON.stringify(project.configFiles) } : {}),
    },
    TaskTemplate: defined({
      ContainerSpec: containerSpec,
      Resources: limits || reservations ? defined({ Limits: limits, Reservations: reservations }) : undefined,
      RestartPolicy: restartPolicy(deploy.restart_policy),
      Placement: placement(deploy.placement),
      Networks: networks.length ? networks : undefined,
      LogDriver: logging,
    }),
    Mode: mode(deploy),
    UpdateConfig: updateConfig(deploy.update_config),
    RollbackConfig: updateConfig(deploy.rollback_config),
    EndpointSpec: defined({ Mode: str(deploy.endpoint_mode || 'vip'), Ports: portList.length ? portList : undefined }),
  }) as EngineServiceSpec;
}

function networkOf(project: ComposeProject, key: string, def: Readonly<Obj>): DesiredNetwork {
  const name = str(def.name ?? `${project.name}_${key}`);
  if (def.external === true) return { key, name, external: true };
  const ipam = isObj(def.ipam) ? def.ipam : undefined;
  const config = ipam && Array.isArray(ipam.config) ? (ipam.config as Obj[]) : [];
  return {
    key,
    name,
    external: false,
    spec: defined({
      Name: name,
      Driver: str(def.driver || 'overlay'),
      Attachable: def.attachable === true ? true : undefined,
      Internal: def.internal === true ? true : undefined,
      Options: def.driver_opts ? mapping(def.driver_opts) : undefined,
      Labels: { ...mapping(def.labels), [NAMESPACE_LABEL]: project.name },
      IPAM: config.length
        ? defined({
            Driver: ipam?.driver === undefined ? undefined : str(ipam.driver),
            Config: config.map((c) => defined({ Subnet: c.subnet, IPRange: c.ip_range, Gateway: c.gateway })),
          })
        : undefined,
    }),
  };
}

function fileObjectOf(
  project: ComposeProject,
  kind: 'config' | 'secret',
  key: string,
  def: Readonly<Obj>,
  read: (path: string) => Buffer,
  refusals: string[],
): DesiredFileObject | undefined {
  const name = str(def.name ?? `${project.name}_${key}`);
  const labels = { ...mapping(def.labels), [NAMESPACE_LABEL]: project.name };
  if (def.external === true) return { kind, key, name, external: true, labels };
  let bytes: Buffer;
  if (typeof def.file === 'string') {
    try {
      bytes = read(def.file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      refusals.push(
        code === 'ENOENT'
          ? `The ${kind} "${key}" is made from ${def.file}, which does not exist: create the file or correct its path.`
          : `The ${kind} "${key}" is made from ${def.file}, which cannot be read (${code ?? String(err)}).`,
      );
      return undefined;
    }
  } else if (kind === 'config' && typeof def.content === 'string') {
    bytes = Buffer.from(def.content, 'utf8');
  } else {
    refusals.push(`The ${kind} "${key}" names no file: give it file: PATH${kind === 'config' ? ' or content:' : ''}, or external: true for one that exists.`);
    return undefined;
  }
  if (bytes.length > 500 * 1024) refusals.push(`The ${kind} "${key}" is ${bytes.length} bytes; swarm keeps at most 500 KiB in a ${kind}.`);
  const digest = createHash('sha256').update(bytes).digest('hex');
  return { kind, key, name, external: false, data: bytes.toString('base64'), digest, labels: { ...labels, [DIGEST_LABEL]: digest } };
}

/** Pure: the stack's objects from a loaded project (loaded with the stack's name as its project name). */
export function stackObjectsOf(project: ComposeProject, read: (path: string) => Buffer): StackDesired {
  const warnings: string[] = [];
  const refusals: string[] = [];
  const unsupported = new Map<string, string[]>();
  const services: DesiredService[] = [];
  for (const [key, svc] of Object.entries(project.services)) {
    for (const attr of Object.keys(svc)) if (!SUPPORTED.has(attr)) unsupported.set(attr, [...(unsupported.get(attr) ?? []), key]);
    if (typeof svc.image !== 'string' || !svc.image) {
      refusals.push(`The service "${key}" has no image: a stack runs images the nodes can pull; build and push one, and name it with image:.`);
      continue;
    }
    const name = `${project.name}_${key}`;
    if (name.length > 63) refusals.push(`The service name ${name} is ${name.length} characters; swarm allows 63: use a shorter stack or service name.`);
    services.push({ key, name, spec: serviceSpecOf(project, key, svc, warnings) });
  }
  if (unsupported.size) {
    const attrs = [...unsupported.keys()].sort();
    const hints = attrs.flatMap((a) => INSTEAD[a] ?? []);
    warnings.unshift([`Ignoring unsupported options: ${attrs.join(', ')}.`, ...hints].join(' '));
  }
  const networks = Object.entries(project.networks).map(([key, def]) => networkOf(project, key, def));
  const fileObjects = (kind: 'config' | 'secret', defs: Readonly<Record<string, Obj>>) =>
    Object.entries(defs).flatMap(([key, def]) => fileObjectOf(project, kind, key, def, read, refusals) ?? []);
  return {
    stack: project.name,
    networks,
    configs: fileObjects('config', project.configs),
    secrets: fileObjects('secret', project.secrets),
    services,
    warnings,
    refusals,
  };
}
