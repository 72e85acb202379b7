/** Containers: the list and its live deltas from the engine's event stream. */
import type Docker from 'dockerode';
import type { ContainerDelta, ContainerState, ContainerSummary, PortBinding } from '../contract/index.js';
import type { StreamSink } from '../rpc/router.js';
import { untilAborted } from '../rpc/router.js';
import type { EngineClient, EngineEvents } from '../engine/index.js';
import { HELPER_LABEL } from '../images/index.js';
import { piecesByChars } from '../util/pieces.js';
import { rowFromEvent, rowShowsEvent, type EventWord } from './container-events.js';
import { crashLoopOf, crashLoopRecheckAt, noteCrashEvent, NO_CRASHES, type CrashHistory } from './crash-loop.js';

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

/** The most JSON characters in one `snapshot-rows` piece: far below any frame limit, and quick to read on a page. */
export const SNAPSHOT_PIECE_CHARS = 256 * 1024;
/** The first piece's bound: about a screenful and a half of ordinary rows, shown before the rest is read. */
export const FIRST_PIECE_CHARS = 16 * 1024;

/** How long a row is read again after an event until the engine's list shows it, before the event's word is taken. */
const CATCH_UP_MS = 2000;
const REREAD_MS = 25;
/** How often a row that says restarting is read again (see watch). */
const RESTARTING_POLL_MS = 500;

/** Event actions that cannot change a container's row. */
const IGNORED_ACTIONS = /^(exec_|attach$|resize$|top$|archive-path$|extract-to-dir$|copy$|export$|commit$|prune$)/;

export class ContainersService {
  constructor(
    private readonly supervisor: EngineClient,
    private readonly events: EngineEvents,
  ) {}

  /** Berth's own short-lived helper containers are not the user's: they stay out of the list. */
  async list(all: boolean): Promise<ContainerSummary[]> {
    const raw = await this.supervisor.docker().listContainers({ all });
    return raw.filter((c) => !c.Labels?.[HELPER_LABEL]).map((c) => toSummary(c));
  }

  /** Inspect's count of policy restarts since a user last started the container; undefined when it is gone. */
  private async restartCount(id: string): Promise<number | undefined> {
    try {
      return (await this.supervisor.docker().getContainer(id).inspect()).RestartCount;
    } catch {
      return undefined;
    }
  }

  private async one(id: string): Promise<ContainerSummary | undefined> {
    const raw = await this.supervisor.docker().listContainers({ all: true, filters: { id: [id] } });
    return raw
      .filter((c) => !c.Labels?.[HELPER_LABEL])
      .map((c) => toSummary(c))
      .find((c) => c.id === id);
  }

  /**
   * A snapshot, then one upsert or remove per changed container. Each
   * container's events are read in order on a chain of its own (one slow
   * container never holds up another); the row sent is read after the latest
   * event, again until it shows what that event says happened (see
   * container-events.ts) or, past CATCH_UP_MS, as the event says it.
   */
  async watch(sink: StreamSink<ContainerDelta>): Promise<void> {
    /** The latest event of each container not read yet. */
    const pending = new Map<string, EventWord>();
    const chains = new Map<string, Promise<void>>();
    /** The exit code of each container's last `die`, for the `stop` that follows it. */
    const exitCodes = new Map<string, string>();
    /**
     * A restarting container can leave that state with no event at all (a kill
     * while it waits to restart cancels the restart silently), so its row is
     * read again every RESTARTING_POLL_MS for as long as it says restarting.
     */
    const polls = new Map<string, NodeJS.Timeout>();
    /** Each container's recent deaths (noted as they arrive, on this machine's clock), for its crash loop. */
    const crashes = new Map<string, CrashHistory>();
    /** RestartCount of containers found restarting in a snapshot, before their own events were seen. */
    const restartCounts = new Map<string, number>();
    /** A flagged row is read again when its loop would end with no new event (see crashLoopRecheckAt). */
    const rechecks = new Map<string, NodeJS.Timeout>();
    const withCrashLoop = (row: ContainerSummary): ContainerSummary => {
      const h = crashes.get(row.id) ?? NO_CRASHES;
      const now = Date.now();
      const crashLoop = crashLoopOf(h, { state: row.state, restartCount: restartCounts.get(row.id) }, now);
      const at = crashLoop && crashLoopRecheckAt(h, now);
      if (at !== undefined && !rechecks.has(row.id) && !sink.signal.aborted) {
        rechecks.set(
          row.id,
          setTimeout(
            () => {
              rechecks.delete(row.id);
              refresh(row.id, 'poll', undefined);
            },
            at - now + 50,
          ),
        );
      }
      return crashLoop ? { ...row, crashLoop } : row;
    };
    const follow = (row: ContainerSummary) => {
      if (row.state !== 'restarting' || polls.has(row.id) || sink.signal.aborted) return;
      polls.set(
        row.id,
        setTimeout(() => {
          polls.delete(row.id);
          // Only between reads: a read in progress (say, one waiting for the list to show a `die`) follows the row itself when it is done.
          if (!pending.has(row.id) && !chains.has(row.id)) refresh(row.id, 'poll', undefined);
        }, RESTARTING_POLL_MS),
      );
    };
    const snapshot = async () => {
      try {
        const listed = await this.list(true);
        for (const c of listed.filter((r) => r.state === 'restarting' && !restartCounts.has(r.id))) {
          const count = await this.restartCount(c.id);
          if (count !== undefined) restartCounts.set(c.id, count);
        }
        const containers = listed.map(withCrashLoop);
        // All pieces in one turn: no upsert or remove can come between them.
        sink.emit({ kind: 'snapshot-begin', total: containers.length });
        for (const piece of piecesByChars(containers, SNAPSHOT_PIECE_CHARS, FIRST_PIECE_CHARS)) sink.emit({ kind: 'snapshot-rows', containers: piece });
        sink.emit({ kind: 'snapshot-end' });
        containers.forEach(follow);
      } catch (err) {
        sink.emit({ kind: 'unavailable', reason: (err as Error).message });
      }
    };
    const read = async (id: string) => {
      const word = pending.get(id);
      pending.delete(id);
      if (word === undefined || sink.signal.aborted) return;
      if (word.action === 'destroy') {
        exitCodes.delete(id);
        crashes.delete(id);
        restartCounts.delete(id);
        sink.emit({ kind: 'remove', id });
        return;
      }
      const deadline = Date.now() + CATCH_UP_MS;
      let row = await this.one(id);
      while (row && !rowShowsEvent(word, row)) {
        if (pending.has(id) || sink.signal.aborted) return; // a later event is read next
        if (Date.now() > deadline) {
          row = rowFromEvent(row, word);
          break;
        }
        await new Promise((r) => setTimeout(r, REREAD_MS));
        row = await this.one(id);
      }
      if (row) row = withCrashLoop(row);
      sink.emit(row ? { kind: 'upsert', container: row } : { kind: 'remove', id });
      if (row) follow(row);
    };
    const refresh = (id: string, action: string, attributes: Readonly<Record<string, string>> | undefined) => {
      if (action === 'die' && attributes?.exitCode !== undefined) exitCodes.set(id, attributes.exitCode);
      const history = noteCrashEvent(crashes.get(id) ?? NO_CRASHES, action, Date.now());
      if (history !== NO_CRASHES) crashes.set(id, history);
      else crashes.delete(id);
      const count = restartCounts.get(id);
      if (count !== undefined && action === 'die') restartCounts.set(id, count + 1);
      else if (history === NO_CRASHES && action !== 'poll' && action !== 'start') restartCounts.delete(id);
      const waiting = pending.has(id);
      pending.set(id, { action, name: attributes?.name, exitCode: exitCodes.get(id) });
      if (waiting) return; // the read already queued takes this later event
      const chain = (chains.get(id) ?? Promise.resolve()).then(() => read(id)).catch(() => undefined);
      chains.set(id, chain);
      void chain.then(() => {
        if (chains.get(id) === chain) chains.delete(id);
      });
    };
    const unsubscribe = this.events.subscribe((s) => {
      if (s.kind === 'connected') void snapshot();
      else if (s.kind === 'disconnected') sink.emit({ kind: 'unavailable', reason: `The engine is not reachable (${s.reason}).` });
      else if (s.event.Type === 'container' && !IGNORED_ACTIONS.test(s.event.Action) && !s.event.Actor.Attributes?.[HELPER_LABEL]) {
        refresh(s.event.Actor.ID, s.event.Action, s.event.Actor.Attributes);
      }
    });
    if (this.events.isConnected) void snapshot();
    else sink.emit({ kind: 'unavailable', reason: `The engine is ${this.supervisor.status().state}.` });
    await untilAborted(sink.signal);
    unsubscribe();
    for (const timer of polls.values()) clearTimeout(timer);
    for (const timer of rechecks.values()) clearTimeout(timer);
  }
}
