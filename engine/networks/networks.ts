/** Networks: the list with the containers attached, kept live from events; create, connect, disconnect, remove, prune. */
import type Docker from 'dockerode';
import type { ActionResult, NetworkPruneResult, NetworkSummary } from '../contract/index.js';
import { type EngineEvents, type EventsSignal, engineError, engineMessage, type EngineClient, watchList } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import {
  checkNetworkCreate,
  COMPOSE_PROJECT_LABEL,
  formatIp,
  parseIp,
  parseSubnet,
  PREDEFINED_NETWORKS,
  removalRefusal,
  subnetContains,
  unusedNetworks,
} from './network-rules.js';

/** The parts of the engine's network list this module reads. */
export type EngineNetwork = Pick<Docker.NetworkInspectInfo, 'Id' | 'Name' | 'Driver' | 'Scope' | 'Internal' | 'EnableIPv6' | 'Created'> & {
  IPAM?: { Driver?: string; Config?: Array<{ Subnet?: string; Gateway?: string }> | null } | null;
  Labels?: Record<string, string> | null;
  Attachable?: boolean;
  Ingress?: boolean;
};

/** The parts of a swarm service this module reads: the networks its tasks are placed on (by id, or by name in old specs). */
export interface EngineServiceNetworks {
  Spec?: { Name?: string; TaskTemplate?: { Networks?: Array<{ Target?: string }> | null }; Networks?: Array<{ Target?: string }> | null };
}

/** An engine of the Engines list carries its name; Berth's own has none. */
interface Named {
  readonly endpoint?: { readonly name: string };
}

interface EngineEndpoint {
  NetworkID?: string;
  EndpointID?: string;
  IPAddress?: string;
  IPPrefixLen?: number;
  Gateway?: string;
  IPv6Gateway?: string;
  GlobalIPv6Address?: string;
  GlobalIPv6PrefixLen?: number;
  Aliases?: string[] | null;
  DNSNames?: string[] | null;
}

/** The parts of the engine's container list this module reads. */
export type EngineContainer = Pick<Docker.ContainerInfo, 'Id' | 'Names' | 'State'> & {
  NetworkSettings?: { Networks?: Record<string, EngineEndpoint> | null } | null;
};

/**
 * Pure: the gateway of a subnet whose IPAM config names none (the engine chose it): the one its containers' endpoints
 * report, else, for a bridge on the engine's default IPAM, the subnet's first address, which that IPAM always
 * gives the bridge. Undefined when neither applies.
 */
export function chosenGateway(subnet: string, driver: string, ipamDriver: string | undefined, endpointGateways: readonly string[]): string | undefined {
  const parsed = parseSubnet(subnet);
  if (!parsed.ok) return undefined;
  for (const g of endpointGateways) {
    const ip = g ? parseIp(g) : undefined;
    if (ip && subnetContains(parsed.value, ip)) return formatIp(ip);
  }
  if (driver !== 'bridge' || (ipamDriver && ipamDriver !== 'default')) return undefined;
  return formatIp({ family: parsed.value.family, value: parsed.value.value + 1n });
}

const shortName = (c: EngineContainer) => (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');

/** Pure: networks joined with the containers attached to them (running or not), user networks after the engine's own, by name. */
export function summariseNetworks(
  networks: readonly EngineNetwork[],
  containers: readonly EngineContainer[],
  services: readonly EngineServiceNetworks[] = [],
): NetworkSummary[] {
  const servicesOn = (n: EngineNetwork) =>
    services
      .filter((sv) => [...(sv.Spec?.TaskTemplate?.Networks ?? []), ...(sv.Spec?.Networks ?? [])].some((t) => t.Target === n.Id || t.Target === n.Name))
      .map((sv) => sv.Spec?.Name ?? '')
      .filter(Boolean)
      .sort();
  const byNetwork = new Map<string, NetworkSummary['containers'][number][]>();
  const ids = new Map(networks.map((n) => [n.Name, n.Id]));
  const endpointGateways = new Map<string, string[]>();
  for (const c of containers) {
    for (const [netName, ep] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
      const id = ep.NetworkID || ids.get(netName);
      if (!id) continue;
      const name = shortName(c);
      endpointGateways.set(id, [...(endpointGateways.get(id) ?? []), ep.Gateway ?? '', ep.IPv6Gateway ?? '']);
      // The engine adds the container's short id and name as DNS names; only the aliases someone gave are shown.
      const aliases = (ep.Aliases ?? []).filter((a) => a !== name && a !== c.Id.slice(0, 12));
      const list = byNetwork.get(id) ?? [];
      list.push({
        id: c.Id,
        name,
        ipv4: ep.IPAddress ? `${ep.IPAddress}/${ep.IPPrefixLen ?? 32}` : undefined,
        ipv6: ep.GlobalIPv6Address ? `${ep.GlobalIPv6Address}/${ep.GlobalIPv6PrefixLen ?? 128}` : undefined,
        aliases,
        running: c.State === 'running',
      });
      byNetwork.set(id, list);
    }
  }
  return networks
    .map((n): NetworkSummary => {
      const config = n.IPAM?.Config ?? [];
      const labels = n.Labels ?? {};
      const predefined = PREDEFINED_NETWORKS.includes(n.Name);
      return {
        id: n.Id,
        name: n.Name,
        driver: n.Driver,
        scope: n.Scope,
        subnets: config.flatMap((c) => (c.Subnet ? [c.Subnet] : [])),
        gateways: config.flatMap((c) => {
          if (c.Gateway) return [c.Gateway];
          const chosen = c.Subnet ? chosenGateway(c.Subnet, n.Driver, n.IPAM?.Driver, endpointGateways.get(n.Id) ?? []) : undefined;
          return chosen ? [chosen] : [];
        }),
        internal: !!n.Internal,
        ipv6: !!n.EnableIPv6,
        labels,
        createdAt: n.Created,
        predefined,
        project: labels[COMPOSE_PROJECT_LABEL] || undefined,
        attachable: !!n.Attachable,
        ingress: !!n.Ingress,
        services: n.Scope === 'swarm' ? servicesOn(n) : [],
        containers: (byNetwork.get(n.Id) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
      };
    })
    .sort((a, b) => Number(b.predefined) - Number(a.predefined) || a.name.localeCompare(b.name));
}

/** The engine's refusal of an overlapping subnet, as a sentence. */
function createFailure(err: unknown, subnet: string | undefined): RpcError {
  const msg = engineMessage(err);
  if (subnet && /overlap/i.test(msg)) {
    return new RpcError('conflict', `The subnet ${subnet} overlaps one the engine already uses: choose another subnet (the engine said: ${msg}).`);
  }
  return engineError(err);
}

/** A container's aliases by network name, from its inspect data. */
type AliasesByNetwork = Readonly<Record<string, readonly string[]>>;

export class NetworksService {
  /**
   * Aliases by container id, with the endpoints they were read for: the engine's list leaves them out. A connect or
   * disconnect naming the container forgets its entry (a stopped container's endpoints have no ids to tell).
   */
  private aliasCache = new Map<string, { readonly key: string; readonly aliases: AliasesByNetwork }>();
  /** Counts forgettings, so a list read while one happened does not store what it read before. */
  private forgotten = 0;
  /** The watchers, told of what Berth itself changed: the engine sends no event when a stopped container is connected or disconnected. */
  private readonly watchers = new Set<(s: EventsSignal) => void>();

  constructor(
    private readonly supervisor: EngineClient,
    private readonly events: EngineEvents,
  ) {
    events.subscribe((s) => {
      if (s.kind === 'connected') this.forget();
      else if (s.kind === 'event' && s.event.Type === 'network' && s.event.Actor.Attributes?.container) this.forget(s.event.Actor.Attributes.container);
    });
  }

  /** Forget the aliases read for one container (all of them when none is named). */
  private forget(container?: string): void {
    this.forgotten++;
    if (container) this.aliasCache.delete(container);
    else this.aliasCache.clear();
  }

  /**
   * The list, again after each network event or a container created, renamed or removed (which changes who is attached),
   * and after each connect or disconnect made here (one made from the docker CLI to a stopped container has no event: it
   * shows with the next change).
   */
  watch(sink: StreamSink<NetworkSummary[]>): Promise<void> {
    const events = this.events;
    const signals = {
      get isConnected() {
        return events.isConnected;
      },
      subscribe: (l: (s: EventsSignal) => void) => {
        const off = events.subscribe(l);
        this.watchers.add(l);
        return () => {
          off();
          this.watchers.delete(l);
        };
      },
    };
    return watchList(
      signals,
      (e) => e.Type === 'network' || (e.Type === 'container' && /^(create|destroy|rename)$/.test(e.Action)),
      () => this.list(),
      sink,
    );
  }

  /** Berth connected or disconnected a container: forget what was read of aliases, and have the watchers read the list again. */
  private changedHere(): void {
    this.forget();
    const event = { Type: 'network', Action: 'changed-by-berth', Actor: { ID: '' }, time: Math.floor(Date.now() / 1000) };
    for (const l of this.watchers) l({ kind: 'event', event });
  }

  async list(): Promise<NetworkSummary[]> {
    const docker = this.supervisor.docker();
    try {
      const [networks, containers] = (await Promise.all([docker.listNetworks(), docker.listContainers({ all: true })])) as [EngineNetwork[], EngineContainer[]];
      // Only a manager lists services; a worker sees the swarm's networks its tasks use, and no services.
      const services = networks.some((n) => n.Scope === 'swarm') ? ((await docker.listServices().catch(() => [])) as unknown as EngineServiceNetworks[]) : [];
      return summariseNetworks(networks, await this.withAliases(containers), services);
    } catch (err) {
      throw engineError(err);
    }
  }

  /**
   * The containers with the aliases of their endpoints filled in: the engine's container list has none, so a
   * container on a user network is inspected, once per set of endpoints while it runs (each time while it does not).
   */
  private async withAliases(containers: readonly EngineContainer[]): Promise<EngineContainer[]> {
    const docker = this.supervisor.docker();
    const generation = this.forgotten;
    const read = new Map<string, { key: string; aliases: AliasesByNetwork }>();
    const out = await Promise.all(
      containers.map(async (c) => {
        const eps = Object.entries(c.NetworkSettings?.Networks ?? {});
        // Aliases exist on user networks only.
        if (!eps.some(([name]) => !PREDEFINED_NETWORKS.includes(name))) return c;
        const key = eps.map(([name, e]) => `${name}=${e.EndpointID ?? ''}`).join(',');
        const held = this.aliasCache.get(c.Id);
        let aliases = held?.key === key ? held.aliases : undefined;
        if (!aliases) {
          const info = (await docker
            .getContainer(c.Id)
            .inspect()
            .catch(() => undefined)) as { NetworkSettings?: { Networks?: Record<string, EngineEndpoint> } } | undefined;
          aliases = Object.fromEntries(Object.entries(info?.NetworkSettings?.Networks ?? {}).map(([n, e]) => [n, e.Aliases ?? []]));
        }
        read.set(c.Id, { key, aliases });
        const networks = Object.fromEntries(eps.map(([n, e]) => [n, { ...e, Aliases: [...(aliases[n] ?? e.Aliases ?? [])] }]));
        return { ...c, NetworkSettings: { ...c.NetworkSettings, Networks: networks } };
      }),
    );
    // Kept only for the containers there now, and only when nothing was forgotten meanwhile.
    if (generation === this.forgotten) this.aliasCache = read;
    return out;
  }

  async inspect(name: string): Promise<unknown> {
    try {
      return (await this.supervisor.docker().getNetwork(name).inspect()) as unknown;
    } catch (err) {
      throw engineError(err);
    }
  }

  /**
   * A bridge network, or an overlay across the swarm's nodes; each field is checked here again, so a bad subnet is a
   * sentence and nothing is made.
   */
  async create(input: {
    name: string;
    driver?: 'bridge' | 'overlay';
    attachable?: boolean;
    subnet?: string;
    gateway?: string;
    internal: boolean;
    labels: Record<string, string>;
  }): Promise<NetworkSummary> {
    const driver = input.driver ?? 'bridge';
    const subnet = input.subnet?.trim() || undefined;
    const gateway = input.gateway?.trim() || undefined;
    const bad = checkNetworkCreate({ name: input.name, subnet, gateway });
    if (bad.length) throw new RpcError('bad_request', bad.map((e) => e.message).join(' '));
    const docker = this.supervisor.docker();
    const existing = await docker
      .getNetwork(input.name)
      .inspect()
      .catch(() => undefined);
    if ((existing as EngineNetwork | undefined)?.Name === input.name) {
      throw new RpcError('conflict', `A network named "${input.name}" already exists: choose another name.`);
    }
    if (driver === 'overlay') await this.checkManager();
    if (input.attachable && driver !== 'overlay') {
      throw new RpcError('bad_request', 'Only an overlay network is attachable: a bridge network takes any container on its engine already.');
    }
    let id: string;
    try {
      const made = await docker.createNetwork({
        Name: input.name,
        Driver: driver,
        ...(driver === 'overlay' ? { Attachable: !!input.attachable } : {}),
        Internal: input.internal,
        Labels: input.labels,
        ...(subnet ? { IPAM: { Driver: 'default', Config: [{ Subnet: subnet, ...(gateway ? { Gateway: gateway } : {}) }] } } : {}),
      });
      id = made.id;
    } catch (err) {
      throw createFailure(err, subnet);
    }
    // A swarm network can be listed a moment before the swarm has allocated it (no driver, no subnet yet):
    // it is read once the engine has them, for up to 3 s.
    if (driver === 'overlay') {
      for (let i = 0; i < 30; i++) {
        const info = (await docker
          .getNetwork(id)
          .inspect()
          .catch(() => undefined)) as EngineNetwork | undefined;
        if (!info || info.Driver) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const all = await this.list();
    const summary = all.find((n) => n.id === id);
    if (!summary) throw new RpcError('engine', `The network ${input.name} was created, then went before it could be read.`);
    return summary;
  }

  /** Overlay networks are the swarm's: only a manager makes them. */
  private async checkManager(): Promise<void> {
    const name = (this.supervisor as EngineClient & Named).endpoint?.name ?? 'Berth';
    let swarm: { LocalNodeState?: string; ControlAvailable?: boolean } | undefined;
    try {
      swarm = ((await this.supervisor.docker().info()) as { Swarm?: typeof swarm }).Swarm;
    } catch (err) {
      throw engineError(err);
    }
    if (swarm?.LocalNodeState !== 'active') {
      throw new RpcError(
        'conflict',
        `An overlay network spans the nodes of a swarm, and "${name}" is in none: initialise a swarm on it (Swarm page) or choose a manager's engine in the switcher, or make a bridge network.`,
      );
    }
    if (!swarm.ControlAvailable) {
      throw new RpcError('conflict', `"${name}" is a worker of its swarm: only a manager makes overlay networks. Choose a manager's engine in the switcher.`);
    }
  }

  async connect(network: string, container: string, aliases: readonly string[]): Promise<void> {
    try {
      await this.supervisor
        .docker()
        .getNetwork(network)
        .connect({ Container: container, EndpointConfig: aliases.length ? { Aliases: [...aliases] } : {} });
    } catch (err) {
      throw engineError(err);
    }
    this.changedHere();
  }

  async disconnect(network: string, container: string, force: boolean): Promise<void> {
    try {
      await this.supervisor.docker().getNetwork(network).disconnect({ Container: container, Force: force });
    } catch (err) {
      throw engineError(err);
    }
    this.changedHere();
  }

  /** Each network on its own: the engine's own and those with containers attached are refused with a sentence naming why. */
  async remove(names: readonly string[]): Promise<ActionResult[]> {
    const all = await this.list();
    const out: ActionResult[] = [];
    for (const name of names) {
      const n = all.find((x) => x.name === name || x.id === name || (name.length >= 12 && x.id.startsWith(name)));
      if (!n) {
        out.push({ id: name, ok: false, error: `There is no network ${name}: it may have been removed already.` });
        continue;
      }
      const refusal = removalRefusal(n);
      if (refusal) {
        out.push({ id: name, ok: false, error: refusal });
        continue;
      }
      try {
        await this.supervisor.docker().getNetwork(n.id).remove();
        out.push({ id: name, ok: true });
      } catch (err) {
        out.push({ id: name, ok: false, error: engineMessage(err) });
      }
    }
    return out;
  }

  async prune(only?: readonly string[]): Promise<NetworkPruneResult> {
    if (only) {
      // What a confirmation named: each still unused is removed, one taken into use since is refused.
      const unused = new Set(unusedNetworks(await this.list()).map((n) => n.name));
      const asked = only.filter((n) => unused.has(n));
      const refused: ActionResult[] = only
        .filter((n) => !unused.has(n))
        .map((id) => ({ id, ok: false, error: `${id} is no longer unused (or no longer there), so it was kept.` }));
      const results = asked.length ? await this.remove(asked) : [];
      return { deleted: results.filter((r) => r.ok).map((r) => r.id), failed: [...refused, ...results.filter((r) => !r.ok)] };
    }
    try {
      const r = (await this.supervisor.docker().pruneNetworks()) as { NetworksDeleted?: string[] | null };
      return { deleted: r.NetworksDeleted ?? [], failed: [] };
    } catch (err) {
      throw engineError(err);
    }
  }
}
