/**
 * The Engines list: Berth's own engine, the engines added in Berth, and the
 * docker CLI's contexts (read each time, so they stay in step), each with
 * its health asked for now.
 */
import type Docker from 'dockerode';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import { sleep } from '../util/fs.js';
import type { EngineStatus } from '../engine/contract.js';
import type { AddEngineInput, AddEngineResult, EngineEndpoint, EngineEntry, EngineHealth } from './contract.js';
import { checkAddInput } from './add-check.js';
import { checkHealth, connectEngine, connectionSentence, type SshPlaces } from './connect.js';
import { readDockerContexts } from './contexts.js';
import type { EngineStore } from './store.js';

/** How often an open `engines.watch` asks every engine again. */
export const WATCH_INTERVAL_MS = 5000;

export interface EnginesOptions {
  readonly store: EngineStore;
  /** Berth's own engine, as its supervisor sees it. */
  readonly own: () => EngineStatus;
  readonly env?: NodeJS.ProcessEnv;
  readonly ssh?: SshPlaces;
  /** Told when an engine leaves the list, so whatever used it lets go. */
  readonly removed?: (id: string) => void;
}

export class EnginesService {
  constructor(private readonly o: EnginesOptions) {}

  /** Berth's own entry (its address is the engine's while it runs). */
  private ownEndpoint(): EngineEndpoint {
    return { id: 'berth', name: 'Berth', kind: 'berth', source: 'berth', host: this.o.own().dockerHost ?? '' };
  }

  /** Every entry, without health: Berth's own, the added ones, then the contexts not already listed. */
  async endpoints(): Promise<EngineEndpoint[]> {
    const own = this.ownEndpoint();
    const added = await this.o.store.read();
    const contexts = (await readDockerContexts(this.o.env)).filter((c) => c.host !== own.host && !added.some((a) => a.host === c.host));
    return [own, ...added, ...contexts];
  }

  async find(id: string): Promise<EngineEndpoint | undefined> {
    return (await this.endpoints()).find((e) => e.id === id);
  }

  private async health(ep: EngineEndpoint): Promise<EngineHealth> {
    if (ep.source === 'berth') {
      const s = this.o.own();
      if (s.state !== 'running' || !s.dockerHost) {
        return { state: 'down', error: `Berth's engine is ${s.state}: start it on the Engine page.`, checkedAt: Date.now() };
      }
    }
    return checkHealth(ep, this.o.ssh);
  }

  async list(): Promise<EngineEntry[]> {
    const eps = await this.endpoints();
    return Promise.all(eps.map(async (ep) => ({ ...ep, health: await this.health(ep) })));
  }

  async watch(sink: StreamSink<EngineEntry[]>): Promise<void> {
    while (!sink.signal.aborted) {
      sink.emit(await this.list());
      await sleep(WATCH_INTERVAL_MS, sink.signal).catch(() => undefined);
    }
  }

  async check(id: string): Promise<EngineHealth> {
    const ep = await this.find(id);
    if (!ep) throw new RpcError('not_found', `There is no engine "${id}" in the Engines list.`);
    return this.health(ep);
  }

  /** Check the input, then the engine itself; store it only when it answers. */
  async add(input: AddEngineInput): Promise<AddEngineResult> {
    const checked = await checkAddInput(input, await this.endpoints());
    if (checked.errors) return { errors: checked.errors };
    const health = await checkHealth(checked.endpoint, this.o.ssh);
    if (health.state === 'down') return { errors: [{ field: 'host', message: health.error ?? `${checked.endpoint.host} did not answer.` }] };
    return this.o.store.update<AddEngineResult>((engines) => {
      // Checked again in the queue: two adds of one address at once keep one.
      if (engines.some((e) => e.host === checked.endpoint.host)) {
        return { result: { errors: [{ field: 'host' as const, message: `${checked.endpoint.host} is already in the list.` }] } };
      }
      return { engines: [...engines, checked.endpoint], result: { engine: { ...checked.endpoint, health }, errors: [] } };
    });
  }

  async remove(id: string): Promise<{ removed: boolean }> {
    const ep = await this.find(id);
    if (ep?.source === 'berth') throw new RpcError('conflict', "Berth's own engine stays in the list: stop it on the Engine page instead.");
    if (ep?.source === 'context') {
      throw new RpcError(
        'conflict',
        `"${ep.name}" is a context of the docker CLI: remove it with \`docker context rm ${ep.name}\`, and it leaves this list too.`,
      );
    }
    const removed = await this.o.store.update((engines) => {
      const rest = engines.filter((e) => e.id !== id);
      return rest.length === engines.length ? { result: false } : { engines: rest, result: true };
    });
    if (removed) this.o.removed?.(id);
    return { removed };
  }

  /**
   * An engine of the list by id as a client, with the sentence for its failures: what
   * a copy between engines reads from and writes to (Berth's own included, while it runs).
   */
  async open(id: string): Promise<{ id: string; name: string; docker: Docker; unreachable(err: unknown): string; close(): void }> {
    const ep = await this.find(id);
    if (!ep) throw new RpcError('not_found', `There is no engine "${id}" in the Engines list: it may have been removed.`);
    if (ep.source === 'berth' && this.o.own().state !== 'running') {
      throw new RpcError('unavailable', `Berth's engine is ${this.o.own().state}: start it on the Engine page.`);
    }
    const conn = await this.connect(ep);
    return { id: ep.id, name: ep.name, docker: conn.docker, unreachable: (err) => conn.hostKeyRefusal() ?? connectionSentence(err, ep), close: conn.close };
  }

  /** A client for an entry, made now (its TLS files and ssh key read now). */
  async connect(ep: EngineEndpoint) {
    try {
      return await connectEngine(ep, this.o.ssh);
    } catch (err) {
      throw new RpcError('unavailable', `Berth could not prepare a connection to "${ep.name}": ${(err as Error).message}`);
    }
  }
}
