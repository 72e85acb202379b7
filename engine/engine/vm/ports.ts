/**
 * Published ports of containers in the VM, reachable on the host's
 * 127.0.0.1 at the same port, added when a container starts and removed when
 * it stops: a QEMU user-network forward for ports published on every address
 * of the VM; for TCP ports published on the VM's own 127.0.0.1 (what `-p
 * 127.0.0.1:P:…` asks for), a listener on the host's 127.0.0.1 whose
 * connections go through SSH to the guest's loopback.
 */
import { createServer, type Server } from 'node:net';
import type Docker from 'dockerode';
import type { Client } from 'ssh2';
import { readNdjson } from '../../util/text-stream.js';
import type { Qmp } from './qmp.js';
import { carry } from './channel.js';

export interface Forward {
  readonly proto: 'tcp' | 'udp';
  readonly port: number;
  /** qemu: a user-network forward to the guest's address; ssh: a host listener carried to the guest's loopback. */
  readonly via: 'qemu' | 'ssh';
}

export interface PortPlan {
  readonly forwards: Forward[];
  /** Ports published only on another address inside the VM, which the host cannot reach. */
  readonly unreachable: string[];
}

type PortBindings = Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | undefined;

/** Pure: the forwards for a container's `NetworkSettings.Ports` (from inspect). */
export function planForwards(ports: PortBindings): PortPlan {
  const forwards = new Map<string, Forward>();
  const unreachable: string[] = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const proto = key.endsWith('/udp') ? 'udp' : key.endsWith('/tcp') ? 'tcp' : undefined;
    if (!proto || !bindings) continue;
    for (const b of bindings) {
      const port = Number(b.HostPort);
      if (!Number.isInteger(port) || port <= 0) continue;
      const ip = b.HostIp ?? '';
      // Published on every address of the VM: QEMU reaches it at the guest's address.
      if (ip === '' || ip === '0.0.0.0' || ip === '::') forwards.set(`${proto}:${port}`, { proto, port, via: 'qemu' });
      else if ((ip === '127.0.0.1' || ip === '::1') && proto === 'tcp') forwards.set(`${proto}:${port}`, { proto, port, via: 'ssh' });
      else unreachable.push(`${ip}:${port}/${proto}`);
    }
  }
  return { forwards: [...forwards.values()], unreachable };
}

export const forwardRule = (f: Forward) => `${f.proto}:127.0.0.1:${f.port}`;

/** Keeps QEMU's forwards equal to the published ports of the running containers. */
export class PortForwarder {
  /** Container id → its forwards. */
  private readonly byContainer = new Map<string, Forward[]>();
  /** The host listeners of ssh forwards, by port. */
  private readonly listeners = new Map<number, Server>();
  private readonly abort = new AbortController();

  constructor(
    private readonly qmp: Qmp,
    private readonly ssh: Client,
    private readonly docker: Docker,
    private readonly log: (line: string) => void,
  ) {}

  /** Forward the ports of what runs now, then follow starts and stops until stop(). */
  async start(): Promise<void> {
    const events = (await this.docker.getEvents({
      filters: JSON.stringify({ type: ['container'], event: ['start', 'die'] }),
      abortSignal: this.abort.signal,
    } as object)) as NodeJS.ReadableStream;
    for (const c of await this.docker.listContainers()) await this.added(c.Id);
    // Events are handled one after another, in order.
    let queue = Promise.resolve();
    readNdjson<{ Action?: string; id?: string }>(events, (e) => {
      const id = e.id;
      if (!id || (e.Action !== 'start' && e.Action !== 'die')) return;
      queue = queue.then(() => (e.Action === 'start' ? this.added(id) : this.removed(id)));
    }).catch(() => undefined /* the stream ends with the engine */);
  }

  private async added(id: string): Promise<void> {
    if (this.byContainer.has(id)) return;
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(id).inspect();
    } catch {
      return;
    }
    if (!info.State.Running) return;
    const plan = planForwards(info.NetworkSettings.Ports as PortBindings);
    const name = info.Name.replace(/^\//, '');
    for (const u of plan.unreachable)
      this.log(`Port ${u} of ${name} is published on an address inside the VM only, so the host cannot reach it; publish it on 0.0.0.0 or 127.0.0.1.`);
    const done: Forward[] = [];
    for (const f of plan.forwards) {
      const err =
        f.via === 'qemu' ? await this.qmp.human(`hostfwd_add n0 ${forwardRule(f)}-:${f.port}`).catch((e: Error) => e.message) : await this.listen(f.port);
      if (err) this.log(`Port ${f.port}/${f.proto} of ${name} could not be forwarded to the host's 127.0.0.1 (is it in use there?): ${err}`);
      else done.push(f);
    }
    this.byContainer.set(id, done);
    if (done.length) this.log(`Forwarding 127.0.0.1:${done.map((f) => `${f.port}/${f.proto}`).join(', ')} to ${name}.`);
  }

  private async removed(id: string): Promise<void> {
    const forwards = this.byContainer.get(id);
    this.byContainer.delete(id);
    for (const f of forwards ?? []) {
      if (f.via === 'qemu') await this.qmp.human(`hostfwd_remove n0 ${forwardRule(f)}`).catch(() => undefined);
      else this.unlisten(f.port);
    }
  }

  /** Listen on the host's 127.0.0.1:port, carrying each connection to the guest's 127.0.0.1:port; resolves with an error sentence or nothing. */
  private listen(port: number): Promise<string | undefined> {
    const server = createServer({ allowHalfOpen: true }, (conn) => carry(conn, (cb) => this.ssh.forwardOut('127.0.0.1', 0, '127.0.0.1', port, cb)));
    return new Promise((resolve) => {
      server.once('error', (err) => resolve(err.message));
      server.listen(port, '127.0.0.1', () => {
        this.listeners.set(port, server);
        resolve(undefined);
      });
    });
  }

  private unlisten(port: number): void {
    this.listeners.get(port)?.close();
    this.listeners.delete(port);
  }

  stop(): void {
    this.abort.abort();
    for (const port of [...this.listeners.keys()]) this.unlisten(port);
  }
}
