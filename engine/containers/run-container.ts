/** Running a container from the run dialog: checks with a message per field, then create and start. */
import { promises as fs } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type Docker from 'dockerode';
import type { FieldError, RunSpec } from './run-spec.js';
import { checkName } from './run-spec.js';
import { CAPABILITIES, capabilityWord } from './run-options.js';
import { parseImageRef } from '../images/index.js';
import { RpcError } from '../rpc/protocol.js';
import { type EngineClient, engineMessage } from '../engine/index.js';
import { explainStartFailure } from './start-failure.js';

/**
 * Of these capabilities (bare names), the ones this machine withholds from every process: not in this process's
 * bounding set, which the native engine started from here shares. Unknown (undefined) when it cannot be read.
 */
async function withheldHere(caps: readonly string[]): Promise<string[] | undefined> {
  const status = await fs.readFile('/proc/self/status', 'utf8').catch(() => undefined);
  const hex = status && /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  if (!hex) return undefined;
  const bounding = BigInt(`0x${hex}`);
  return caps.filter((c) => {
    const bit = CAPABILITIES.indexOf(c as (typeof CAPABILITIES)[number]);
    return bit >= 0 && ((bounding >> BigInt(bit)) & 1n) === 0n;
  });
}

/** Networks every engine has, which need no lookup. */
const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none', 'default']);

/** Pure: the Docker create request for a run spec. */
export function toCreateOptions(spec: RunSpec): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of spec.ports) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.hostPort ? String(p.hostPort) : '' });
  }
  // Binds as mounts: the engine refuses a missing host path (as `--mount` does) instead of making an empty folder there (as `-v` does).
  const named = spec.mounts.filter((m) => m.source);
  const anonymous = spec.mounts.filter((m) => m.type === 'volume' && !m.source);
  const health = spec.healthcheck;
  const ns = (ms: number | undefined) => (ms ? ms * 1e6 : undefined);
  const list = (l: readonly string[] | undefined) => (l?.length ? [...l] : undefined);
  return {
    name: spec.name || undefined,
    Image: spec.image,
    Cmd: spec.command?.length ? [...spec.command] : undefined,
    Entrypoint: spec.entrypoint?.length ? [...spec.entrypoint] : undefined,
    Env: spec.env.length ? [...spec.env] : undefined,
    User: spec.user || undefined,
    WorkingDir: spec.workdir || undefined,
    Labels: Object.keys(spec.labels).length ? { ...spec.labels } : undefined,
    Hostname: spec.hostname || undefined,
    // A timing left out (0) keeps the image's, as does a missing test.
    Healthcheck: health
      ? {
          Test: health.command ? ['CMD-SHELL', health.command] : undefined,
          Interval: ns(health.intervalMs),
          Timeout: ns(health.timeoutMs),
          StartPeriod: ns(health.startPeriodMs),
          Retries: health.retries,
        }
      : undefined,
    Tty: spec.tty,
    OpenStdin: spec.interactive,
    AttachStdin: false,
    StdinOnce: false,
    ExposedPorts: Object.keys(exposed).length ? exposed : undefined,
    Volumes: anonymous.length ? Object.fromEntries(anonymous.map((m) => [m.target, {}])) : undefined,
    HostConfig: {
      PortBindings: Object.keys(bindings).length ? bindings : undefined,
      PublishAllPorts: spec.publishAll || undefined,
      Mounts: named.length ? named.map((m) => ({ Type: m.type, Source: m.source, Target: m.target, ReadOnly: m.readOnly })) : undefined,
      RestartPolicy:
        spec.restart.name === 'no'
          ? undefined
          : { Name: spec.restart.name, MaximumRetryCount: spec.restart.name === 'on-failure' ? (spec.restart.maxRetries ?? 0) : 0 },
      AutoRemove: spec.autoRemove || undefined,
      NetworkMode: spec.network || undefined,
      Memory: spec.memory,
      NanoCpus: spec.cpus ? Math.round(spec.cpus * 1e9) : undefined,
      PidsLimit: spec.pidsLimit,
      ExtraHosts: list(spec.addHosts),
      CapAdd: list(spec.capAdd),
      CapDrop: list(spec.capDrop),
      Init: spec.init || undefined,
    },
  };
}

/** Is a host port free on this machine for its protocol? Checked by binding it for a moment, as the engine's proxy will. */
function portFree(port: number, ip: string | undefined, protocol: 'tcp' | 'udp'): Promise<boolean> {
  const address = ip || '0.0.0.0';
  return new Promise((resolve) => {
    const busy = (err: NodeJS.ErrnoException) => resolve(err.code !== 'EADDRINUSE');
    if (protocol === 'udp') {
      const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', (err) => {
        socket.close();
        busy(err);
      });
      socket.bind(port, address, () => socket.close(() => resolve(true)));
      return;
    }
    const server = createServer();
    server.once('error', busy);
    server.listen(port, address, () => server.close(() => resolve(true)));
  });
}

export class RunContainer {
  constructor(private readonly supervisor: EngineClient) {}

  /** Is the engine on this machine (so host ports and host paths are ours to check)? */
  private local(): boolean {
    return !!this.supervisor.status().socket;
  }

  async validate(spec: RunSpec): Promise<FieldError[]> {
    const docker = this.supervisor.docker();
    const errors: FieldError[] = [];
    // An engine that cannot honour limits would drop them silently (the rootless engine on cgroup v1): refuse instead.
    const limits = this.supervisor.status().limits;
    if (limits && !limits.available) {
      for (const field of ['memory', 'cpus'] as const)
        if (spec[field] !== undefined) errors.push({ field, message: limits.reason ?? 'This engine cannot limit memory or CPU.' });
    }
    if (spec.name) {
      const bad = checkName(spec.name);
      if (bad) errors.push({ field: 'name', message: bad });
      else {
        const existing = await docker
          .getContainer(spec.name)
          .inspect()
          .catch(() => undefined);
        if (existing)
          errors.push({
            field: 'name',
            message: `The name "${spec.name}" is already used by container ${existing.Id.slice(0, 12)}: choose another, or remove that container.`,
          });
      }
    }
    // The engine drops a process limit it cannot enforce with only a warning: refuse it instead.
    if (spec.pidsLimit !== undefined) {
      const info = (await docker.info().catch(() => undefined)) as { PidsLimit?: boolean } | undefined;
      if (info?.PidsLimit === false)
        errors.push({ field: 'pidsLimit', message: 'This engine cannot limit processes (its pids cgroup is not available): leave Process limit empty.' });
    }
    const network = spec.network;
    if (network && !BUILT_IN_NETWORKS.has(network) && !network.startsWith('container:')) {
      const found = await docker
        .getNetwork(network)
        .inspect()
        .catch(() => undefined);
      if (!found)
        errors.push({ field: 'network', message: `The network "${network}" is not on this engine: create it on the Networks page, or choose another.` });
    }
    const ref = parseImageRef(spec.image);
    const image = ref.ok
      ? await docker
          .getImage(spec.image)
          .inspect()
          .catch((err: unknown) => err as Error)
      : undefined;
    if (!ref.ok) errors.push({ field: 'image', message: ref.message });
    else if (image instanceof Error) {
      const status = (image as { statusCode?: number }).statusCode;
      errors.push({
        field: 'image',
        message: status === 404 ? `The image "${spec.image}" is not on this engine: pull it first (docker pull ${spec.image}).` : engineMessage(image),
      });
    }
    if (this.local()) {
      const seen = new Set<string>();
      for (const p of spec.ports) {
        if (!p.hostPort) continue;
        const key = `${p.hostIp ?? ''}:${p.hostPort}/${p.protocol}`;
        if (seen.has(key)) errors.push({ field: 'ports', message: `Host port ${p.hostPort} is given twice.` });
        seen.add(key);
        if (!(await portFree(p.hostPort, p.hostIp, p.protocol))) {
          errors.push({
            field: 'ports',
            message: `Port ${p.hostPort}${p.protocol === 'udp' ? '/udp' : ''} on ${p.hostIp || 'all addresses'} is already in use on this machine: choose another host port, or leave it empty for a random one.`,
          });
        }
      }
      for (const m of spec.mounts) {
        if (m.type !== 'bind') continue;
        const stat = await fs.stat(m.source).catch(() => undefined);
        if (!stat) errors.push({ field: 'mounts', message: `The host path ${m.source} does not exist: create it first, or check the path.` });
      }
    }
    return errors;
  }

  /**
   * Create and start, as one step for the user: when the engine refuses either,
   * what the create made (the container, its anonymous volumes, named volumes
   * that did not exist before) is removed again, and the reason is a sentence.
   */
  async run(spec: RunSpec): Promise<{ id: string; warnings: string[] }> {
    const errors = await this.validate(spec);
    if (errors.length) throw new RpcError('bad_request', errors.map((e) => e.message).join(' '));
    const docker = this.supervisor.docker();
    const newVolumes = await this.missingVolumes(spec);
    let container: Docker.Container;
    try {
      container = await docker.createContainer(toCreateOptions(spec));
    } catch (err) {
      await this.removeVolumes(newVolumes);
      // Each engine knows the capabilities of the library it was built with, which may be older than the kernel's list.
      const cap = /invalid Cap(Add|Drop): unknown capability: "CAP_(\w+)"/.exec(engineMessage(err));
      if (cap)
        throw new RpcError(
          'bad_request',
          `This engine does not know the capability ${cap[2]} (it is newer than the engine's Docker): remove it from ${cap[1] === 'Add' ? 'Add' : 'Drop'} capabilities.`,
        );
      throw new RpcError('engine', `The engine refused to create the container: ${engineMessage(err).replace(/\.$/, '')}.`);
    }
    try {
      await container.start();
    } catch (err) {
      const capAdd = (spec.capAdd ?? []).map(capabilityWord);
      const reason = explainStartFailure(engineMessage(err), {
        capAdd,
        withheld: this.supervisor.status().mode === 'native' ? await withheldHere(capAdd) : undefined,
      });
      const left = await this.undo(container, newVolumes);
      throw new RpcError('engine', `${reason} ${left ?? 'Nothing was kept: fix that and run it again.'}`);
    }
    return { id: container.id, warnings: [] };
  }

  /** The named volumes of a spec the engine would create with the container. */
  private async missingVolumes(spec: RunSpec): Promise<string[]> {
    const docker = this.supervisor.docker();
    const names = [...new Set(spec.mounts.filter((m) => m.type === 'volume' && m.source).map((m) => m.source))];
    const exists = await Promise.all(
      names.map((n) =>
        docker
          .getVolume(n)
          .inspect()
          .then(
            () => true,
            () => false,
          ),
      ),
    );
    return names.filter((_, i) => !exists[i]);
  }

  private async removeVolumes(names: readonly string[]): Promise<string[]> {
    const docker = this.supervisor.docker();
    const failed: string[] = [];
    for (const n of names) {
      await docker
        .getVolume(n)
        .remove()
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) failed.push(n);
        });
    }
    return failed;
  }

  /** Remove a container that did not start, with what its create made; a sentence when something stays. */
  private async undo(container: Docker.Container, newVolumes: readonly string[]): Promise<string | undefined> {
    const removed = await container.remove({ force: true, v: true }).then(
      () => true,
      // Gone already (an auto-remove container is removed by the engine itself).
      (err: { statusCode?: number; message?: string }) => err.statusCode === 404 || /already in progress/.test(engineMessage(err)),
    );
    const volumes = await this.removeVolumes(newVolumes);
    if (!removed) return `The container ${container.id.slice(0, 12)} it left could not be removed: remove it from the Containers list.`;
    if (volumes.length)
      return `The volume${volumes.length > 1 ? 's' : ''} ${volumes.join(', ')} made for it could not be removed: remove ${volumes.length > 1 ? 'them' : 'it'} from the Volumes list.`;
    return undefined;
  }
}
