/** Running a container from the run dialog: checks with a message per field, then create and start. */
import { promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import type Docker from 'dockerode';
import type { FieldError, RunSpec } from '../contract/run-spec.js';
import { checkName } from '../contract/run-spec.js';
import { parseImageRef } from '../contract/image-ref.js';
import { RpcError } from '../rpc/protocol.js';
import type { Supervisor } from '../provision/supervisor.js';
import { engineMessage } from './engine-errors.js';

/** Pure: the Docker create request for a run spec. */
export function toCreateOptions(spec: RunSpec): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of spec.ports) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.hostPort ? String(p.hostPort) : '' });
  }
  const binds = spec.mounts.filter((m) => m.type === 'bind').map((m) => `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
  const named = spec.mounts.filter((m) => m.type === 'volume' && m.source);
  const anonymous = spec.mounts.filter((m) => m.type === 'volume' && !m.source);
  return {
    name: spec.name || undefined,
    Image: spec.image,
    Cmd: spec.command?.length ? [...spec.command] : undefined,
    Entrypoint: spec.entrypoint?.length ? [...spec.entrypoint] : undefined,
    Env: spec.env.length ? [...spec.env] : undefined,
    User: spec.user || undefined,
    WorkingDir: spec.workdir || undefined,
    Labels: Object.keys(spec.labels).length ? { ...spec.labels } : undefined,
    Tty: spec.tty,
    OpenStdin: spec.interactive,
    AttachStdin: false,
    StdinOnce: false,
    ExposedPorts: Object.keys(exposed).length ? exposed : undefined,
    Volumes: anonymous.length ? Object.fromEntries(anonymous.map((m) => [m.target, {}])) : undefined,
    HostConfig: {
      PortBindings: Object.keys(bindings).length ? bindings : undefined,
      PublishAllPorts: spec.publishAll || undefined,
      Binds: binds.length ? binds : undefined,
      Mounts: named.length ? named.map((m) => ({ Type: 'volume' as const, Source: m.source, Target: m.target, ReadOnly: m.readOnly })) : undefined,
      RestartPolicy: spec.restart.name === 'no' ? undefined : { Name: spec.restart.name, MaximumRetryCount: spec.restart.name === 'on-failure' ? spec.restart.maxRetries ?? 0 : 0 },
      AutoRemove: spec.autoRemove || undefined,
      NetworkMode: spec.network || undefined,
    },
  };
}

/** Is a TCP/UDP port free on this host? (UDP is checked as TCP: close enough for a warning before submit.) */
function portFree(port: number, ip: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code !== 'EADDRINUSE'));
    server.listen(port, ip || '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

export class RunContainer {
  constructor(private readonly supervisor: Supervisor) {}

  /** Is the engine on this machine (so host ports and host paths are ours to check)? */
  private local(): boolean {
    return !!this.supervisor.status().socket;
  }

  async validate(spec: RunSpec): Promise<FieldError[]> {
    const docker = this.supervisor.docker();
    const errors: FieldError[] = [];
    if (spec.name) {
      const bad = checkName(spec.name);
      if (bad) errors.push({ field: 'name', message: bad });
      else {
        const existing = await docker.getContainer(spec.name).inspect().catch(() => undefined);
        if (existing) errors.push({ field: 'name', message: `The name "${spec.name}" is already used by container ${existing.Id.slice(0, 12)}: choose another, or remove that container.` });
      }
    }
    const ref = parseImageRef(spec.image);
    const image = ref.ok ? await docker.getImage(spec.image).inspect().catch((err: unknown) => err as Error) : undefined;
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
        if (p.protocol === 'tcp' && !(await portFree(p.hostPort, p.hostIp))) {
          errors.push({ field: 'ports', message: `Port ${p.hostPort} on ${p.hostIp || 'all addresses'} is already in use on this machine: choose another host port, or leave it empty for a random one.` });
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

  async run(spec: RunSpec): Promise<{ id: string; warnings: string[] }> {
    const errors = await this.validate(spec);
    if (errors.length) throw new RpcError('bad_request', errors.map((e) => e.message).join(' '));
    const docker = this.supervisor.docker();
    let container: Docker.Container;
    try {
      container = await docker.createContainer(toCreateOptions(spec));
    } catch (err) {
      throw new RpcError('engine', `The engine refused to create the container: ${engineMessage(err)}`);
    }
    try {
      await container.start();
    } catch (err) {
      throw new RpcError(
        'engine',
        `The container ${container.id.slice(0, 12)} was created but did not start: ${engineMessage(err)}. Fix the cause and start it, or remove it.`,
      );
    }
    return { id: container.id, warnings: [] };
  }
}
