/**
 * The feature services of each engine a connection may choose: Berth's own
 * (made once in backend.ts) and, made when first chosen, one set per other
 * engine of the Engines list, each with its own event stream. A connection's
 * choice (`engines.use`) picks the set its containers, images, volumes,
 * networks, terminal and build calls go to; every other view follows Berth's own engine.
 * Builds on every engine share one history, each record naming its engine;
 * each engine's recent activity lists only the builds made on it.
 */
import type { EngineClient } from '../engine/index.js';
import { EngineEvents } from '../engine/index.js';
import { RemoteEngine, type EnginesService } from '../engines/index.js';
import { ContainersService } from '../containers/containers.js';
import { ContainerActions } from '../containers/container-actions.js';
import { ContainerDetailsService } from '../containers/container-details.js';
import { RunContainer } from '../containers/run-container.js';
import { StatsService } from '../containers/stats.js';
import { ImagesService } from '../images/images.js';
import { VolumesService } from '../volumes/volumes.js';
import { NetworksService } from '../networks/networks.js';
import { TerminalService } from '../terminal/terminal.js';
import { SwarmService } from '../swarm/index.js';
import { ServicesService } from '../services/index.js';
import { StacksService } from '../stacks/index.js';
import type { RegistriesService } from '../registries/registries.js';
import { BuildService } from '../builds/builds.js';
import type { BuildRecords } from '../builds/records.js';
import { ActivityService } from '../system/activity.js';
import { RpcError } from '../rpc/protocol.js';
import { DEFAULT_ENGINE, type Connection } from '../rpc/router.js';

/** The services that follow a connection's engine. */
export interface EngineScope {
  readonly client: EngineClient;
  readonly events: EngineEvents;
  readonly containers: ContainersService;
  readonly actions: ContainerActions;
  readonly details: ContainerDetailsService;
  readonly runner: RunContainer;
  readonly stats: StatsService;
  readonly images: ImagesService;
  readonly volumes: VolumesService;
  readonly networks: NetworksService;
  readonly terminals: TerminalService;
  readonly builds: BuildService;
  readonly swarm: SwarmService;
  readonly services: ServicesService;
  readonly stacks: StacksService;
  /** The Dashboard's recent activity: this engine's exits and pulls, and the builds made on it. */
  readonly activity: ActivityService;
}

/** What every engine's services share: registry credentials and the build history. */
export interface ScopeShared {
  readonly registries: RegistriesService;
  readonly buildRecords?: BuildRecords;
}

/** The services of one engine, over its client and event stream; `engine` names another engine of the list. */
export function scopeOf(client: EngineClient, events: EngineEvents, shared: ScopeShared, engine?: string): EngineScope {
  const { registries, buildRecords } = shared;
  const builds = new BuildService(client, buildRecords, undefined, engine);
  return {
    client,
    events,
    containers: new ContainersService(client, events),
    actions: new ContainerActions(client),
    // The log files of Berth's own engine are on this machine unless it runs in the VM.
    details: new ContainerDetailsService(client, () => engine === undefined && client.status().mode !== 'vm'),
    runner: new RunContainer(client),
    stats: new StatsService(client, events),
    images: new ImagesService(client, registries),
    volumes: new VolumesService(client, events),
    networks: new NetworksService(client, events),
    terminals: new TerminalService(client),
    builds,
    swarm: new SwarmService(client),
    services: new ServicesService(client),
    stacks: new StacksService(client),
    activity: new ActivityService(client, events, {
      // The history holds every engine's builds; each record names the engine it was made on (none for Berth's own).
      list: async () => (await builds.list()).filter((b) => b.engine === engine),
      onRecorded: (listener) => buildRecords?.onSaved(listener) ?? (() => undefined),
    }),
  };
}

export class EngineScopes {
  private readonly others = new Map<string, { scope: EngineScope; remote: RemoteEngine; close: () => void }>();

  constructor(
    private readonly own: EngineScope,
    private readonly engines: EnginesService,
    private readonly shared: ScopeShared,
    private readonly home: string,
  ) {}

  /** The services of the connection's engine; a connection whose engine left the list gets a sentence. */
  of(conn: Connection): EngineScope {
    if (conn.engine === DEFAULT_ENGINE) return this.own;
    const found = this.others.get(conn.engine);
    if (!found) throw new RpcError('unavailable', 'The engine this window used is no longer in the Engines list: choose another engine in the switcher.');
    return found.scope;
  }

  /** Point a connection at an engine of the list, making its services the first time. */
  async use(conn: Connection, id: string): Promise<{ id: string; name: string }> {
    if (id === DEFAULT_ENGINE) {
      conn.engine = DEFAULT_ENGINE;
      return { id, name: 'Berth' };
    }
    const ep = await this.engines.find(id);
    if (!ep) throw new RpcError('not_found', `There is no engine "${id}" in the Engines list: it may have been removed.`);
    if (!this.others.has(id)) {
      const conn = await this.engines.connect(ep);
      const remote = new RemoteEngine(ep, conn.docker, this.home);
      // Two first uses at once: the one that finished first stays, the other lets go of its connection.
      if (!this.others.has(id)) this.others.set(id, { remote, close: conn.close, scope: scopeOf(remote, new EngineEvents(remote), this.shared, ep.name) });
      else conn.close();
    }
    conn.engine = id;
    return { id, name: ep.name };
  }

  /** An engine left the list: its event stream stops and its calls fail with a sentence. */
  drop(id: string): void {
    const found = this.others.get(id);
    found?.remote.close();
    found?.close();
    this.others.delete(id);
  }
}
