/** Containers: the list and its live deltas from the engine's event stream. */
import type Docker from 'dockerode';
import type { ContainerDelta, ContainerState, ContainerSummary, PortBinding } from '../contract/index.js';
import type { StreamSink } from '../rpc/router.js';
import { untilAborted } from '../rpc/router.js';
import type { Supervisor } from '../provision/supervisor.js';
import type { EngineEvents } from './events.js';
import { HELPER_LABEL } from './helper-image.js';

const STATES: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

/** Pure: one `GET /containers/json` entry as Berth's summary. */
export function toSummary(c: Docker.ContainerInfo, observedAt = Date.now()): ContainerSummary {
  const state = (STATES as readonly string[]).includes(c.State) ? (c.State as ContainerState) : 'dead';
  const ports: PortBinding[] = (c.Ports ?? []).map((p) => ({
    ip: p.IP || undefined,
    privatePort: p.PrivatePort,
    publicPort: p.PublicPort || undefined,
    type: (p.Type as PortBinding['type']) ?? 'tcp',
  }));
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command,
    state,
    status: c.Status,
    observedAt,
    created: c.Created,
    ports,
    labels: c.Labels ?? {},
  };
}

/**
 * The state an event promises. dockerd announces pause/unpause before its
 * own state catches up (the containerd task event lands a moment later), so
 * a row read right away can still show the old state.
 */
const PROMISED: Readonly<Record<string, ContainerState>> = { pause: 'paused', unpause: 'running' };

/** Event actions that cannot change a container's row. */
const IGNORED_ACTIONS = /^(exec_|attach$|resize$|top$|archive-path$|extract-to-dir$|copy$|export$|commit$)/;

export class ContainersService {
  constructor(
    private readonly supervisor: Supervisor,
    private readonly events: EngineEvents,
  ) {}

  /** Berth's own short-lived helper containers are not the user's: they stay out of the list. */
  async list(all: boolean): Promise<ContainerSummary[]> {
    const raw = await this.supervisor.docker().listContainers({ all });
    return raw.filter((c) => !c.Labels?.[HELPER_LABEL]).map((c) => toSummary(c));
  }

  private async one(id: string): Promise<ContainerSummary | undefined> {
    const raw = await this.supervisor.docker().listContainers({ all: true, filters: { id: [id] } });
    return raw.filter((c) => !c.Labels?.[HELPER_LABEL]).map((c) => toSummary(c)).find((c) => c.id === id);
  }

  /** A snapshot, then one upsert or remove per changed container, in order. */
  async watch(sink: StreamSink<ContainerDelta>): Promise<void> {
    // Everything is applied through one chain so a refresh never lands before the snapshot it follows.
    let chain: Promise<void> = Promise.resolve();
    const queued = new Set<string>();
    const enqueue = (job: () => Promise<void>) => {
      chain = chain.then(job).catch(() => undefined);
    };
    const snapshot = () =>
      enqueue(async () => {
        try {
          sink.emit({ kind: 'snapshot', containers: await this.list(true) });
        } catch (err) {
          sink.emit({ kind: 'unavailable', reason: (err as Error).message });
        }
      });
    const refresh = (id: string, action: string) => {
      if (action === 'destroy') {
        enqueue(async () => sink.emit({ kind: 'remove', id }));
        return;
      }
      if (queued.has(id)) return; // a refresh of this id is already waiting and will see this change
      queued.add(id);
      enqueue(async () => {
        queued.delete(id);
        let c = await this.one(id);
        // Read again (briefly) until the engine's state shows what the event promised.
        for (let i = 0; c && PROMISED[action] && c.state !== PROMISED[action] && i < 20; i++) {
          await new Promise((r) => setTimeout(r, 25));
          c = await this.one(id);
        }
        sink.emit(c ? { kind: 'upsert', container: c } : { kind: 'remove', id });
      });
    };
    const unsubscribe = this.events.subscribe((s) => {
      if (s.kind === 'connected') snapshot();
      else if (s.kind === 'disconnected') enqueue(async () => sink.emit({ kind: 'unavailable', reason: `The engine is not reachable (${s.reason}).` }));
      else if (s.event.Type === 'container' && !IGNORED_ACTIONS.test(s.event.Action) && !s.event.Actor.Attributes?.[HELPER_LABEL]) {
        refresh(s.event.Actor.ID, s.event.Action);
      }
    });
    if (this.events.isConnected) snapshot();
    else sink.emit({ kind: 'unavailable', reason: `The engine is ${this.supervisor.status().state}.` });
    await untilAborted(sink.signal);
    unsubscribe();
  }
}
