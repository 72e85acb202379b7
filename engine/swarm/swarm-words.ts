/**
 * Pure: the engine's swarm answers turned into what Berth shows — the state
 * from `docker info`, the rows of the Nodes table, the join command, and a
 * sentence a user can act on for each way the engine says no.
 */
import type { JoinTokens, NodeAction, NodeAvailability, NodeRow, NodeStatus, SwarmLocalState, SwarmRole, SwarmState } from './contract.js';

/** The parts of `docker info`'s Swarm block this module reads. */
export interface EngineSwarmInfo {
  NodeID?: string;
  NodeAddr?: string;
  LocalNodeState?: string;
  ControlAvailable?: boolean;
  Error?: string;
  RemoteManagers?: Array<{ NodeID?: string; Addr?: string }> | null;
  Nodes?: number;
  Managers?: number;
  Cluster?: { ID?: string } | null;
}

/** The parts of a node (GET /nodes) this module reads. */
export interface EngineNode {
  ID: string;
  Version?: { Index?: number };
  Spec?: { Role?: string; Availability?: string; Name?: string; Labels?: Record<string, string> };
  Description?: { Hostname?: string; Engine?: { EngineVersion?: string } };
  Status?: { State?: string; Message?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string } | null;
}

/** The parts of a task (GET /tasks) this module reads. */
export interface EngineTask {
  NodeID?: string;
  Status?: { State?: string };
}

const LOCAL_STATES: readonly SwarmLocalState[] = ['inactive', 'pending', 'active', 'error', 'locked'];

/** Pure: the swarm state from `docker info` (plus the service count, known to managers only). */
export function swarmState(info: EngineSwarmInfo | undefined, extra: { services?: number; addressHint?: string } = {}): SwarmState {
  const raw = (info?.LocalNodeState ?? 'inactive') as SwarmLocalState;
  const state = LOCAL_STATES.includes(raw) ? raw : 'error';
  const remoteManagers = (info?.RemoteManagers ?? []).map((m) => m.Addr ?? '').filter(Boolean);
  const base = { state, remoteManagers, addressHint: extra.addressHint };
  if (state === 'inactive') return base;
  const role: SwarmRole = info?.ControlAvailable ? 'manager' : 'worker';
  return {
    ...base,
    role: state === 'active' || state === 'error' ? role : undefined,
    nodeId: info?.NodeID || undefined,
    nodeAddr: info?.NodeAddr || undefined,
    ...(role === 'manager' ? { clusterId: info?.Cluster?.ID || undefined, managers: info?.Managers, nodes: info?.Nodes, services: extra.services } : {}),
    error: info?.Error || undefined,
  };
}

const STATUSES: readonly NodeStatus[] = ['ready', 'down', 'disconnected', 'unknown'];
const AVAILABILITIES: readonly NodeAvailability[] = ['active', 'pause', 'drain'];

/** Pure: the Nodes table's rows, managers first (the leader first of all), then by hostname; tasks counted per node. */
export function nodeRows(nodes: readonly EngineNode[], tasks: readonly EngineTask[], selfId: string | undefined): NodeRow[] {
  const running = new Map<string, number>();
  for (const t of tasks) if (t.NodeID && t.Status?.State === 'running') running.set(t.NodeID, (running.get(t.NodeID) ?? 0) + 1);
  const rows = nodes.map((n): NodeRow => {
    const role: SwarmRole = n.Spec?.Role === 'manager' ? 'manager' : 'worker';
    const m = n.ManagerStatus;
    const reach = m?.Reachability;
    const status = (STATUSES as readonly string[]).includes(n.Status?.State ?? '') ? (n.Status!.State as NodeStatus) : 'unknown';
    const availability = (AVAILABILITIES as readonly string[]).includes(n.Spec?.Availability ?? '') ? (n.Spec!.Availability as NodeAvailability) : 'active';
    return {
      id: n.ID,
      hostname: n.Description?.Hostname || n.ID.slice(0, 12),
      role,
      // Promoted, but not in the managers' Raft yet (that takes the engine many seconds).
      managerStatus: !m
        ? role === 'manager'
          ? 'joining'
          : undefined
        : m.Leader
          ? 'leader'
          : reach === 'reachable' || reach === 'unreachable'
            ? reach
            : 'unknown',
      availability,
      status,
      message: status !== 'ready' && n.Status?.Message ? n.Status.Message : undefined,
      engineVersion: n.Description?.Engine?.EngineVersion ?? '',
      // A manager's status may say 0.0.0.0; its Raft address is the one the others use.
      address: (n.Status?.Addr && n.Status.Addr !== '0.0.0.0' ? n.Status.Addr : m?.Addr?.replace(/:\d+$/, '')) ?? '',
      tasks: running.get(n.ID) ?? 0,
      self: n.ID === selfId,
    };
  });
  const rank = (r: NodeRow) => (r.managerStatus === 'leader' ? 0 : r.role === 'manager' ? 1 : 2);
  return rows.sort((a, b) => rank(a) - rank(b) || a.hostname.localeCompare(b.hostname) || a.address.localeCompare(b.address));
}

/** Pure: the node a user named — its id, a unique id prefix, or its hostname when only one node has it — or a sentence. */
export function findNode(rows: readonly NodeRow[], word: string): NodeRow | string {
  const exact = rows.find((r) => r.id === word);
  if (exact) return exact;
  const prefixed = rows.filter((r) => r.id.startsWith(word));
  if (prefixed.length === 1) return prefixed[0]!;
  const named = rows.filter((r) => r.hostname === word || r.address === word);
  if (named.length === 1) return named[0]!;
  if (named.length > 1 || prefixed.length > 1) return `Several nodes match "${word}": name the node by its id (\`berth swarm nodes\` lists them).`;
  return `There is no node "${word}" in this swarm (\`berth swarm nodes\` lists them).`;
}

/** Pure: the spec change an action makes, or undefined when the node is already so. */
export function nodeSpecChange(
  action: NodeAction,
  spec: { Role?: string; Availability?: string },
): { Role?: SwarmRole; Availability?: NodeAvailability } | undefined {
  const want =
    action === 'promote'
      ? { Role: 'manager' as const }
      : action === 'demote'
        ? { Role: 'worker' as const }
        : { Availability: action === 'activate' ? ('active' as const) : action };
  if ('Role' in want && spec.Role === want.Role) return undefined;
  if ('Availability' in want && spec.Availability === want.Availability) return undefined;
  return want;
}

/** Pure: host:port with the port added when missing (an IPv6 address in brackets). */
export function withPort(addr: string, port: number): string {
  const a = addr.trim();
  if (/^\[.*\]:\d+$/.test(a) || (/^[^:]+:\d+$/.test(a) && !a.startsWith('['))) return a;
  if (a.includes(':') && !a.startsWith('[')) return `[${a}]:${port}`;
  return `${a}:${port}`;
}

/** Pure: both tokens with the `docker swarm join` command for each, through `address` (host:port). */
export function joinTokens(worker: string, manager: string, address: string): JoinTokens {
  return {
    worker,
    manager,
    address,
    workerCommand: `docker swarm join --token ${worker} ${address}`,
    managerCommand: `docker swarm join --token ${manager} ${address}`,
  };
}

/** Pure: the role a join token gives, read from its shape (SWMTKN-1-<cluster>-<secret>); the manager decides in the end. */
export function tokenLooksValid(token: string): boolean {
  return /^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}$/.test(token.trim());
}

/** What was being done when the engine said no: it names the engine and the addresses in the sentence. */
export interface SwarmDoing {
  readonly engine: string;
  readonly op: 'state' | 'init' | 'join' | 'tokens' | 'leave' | 'nodes' | 'update' | 'remove';
  readonly remoteAddr?: string;
  readonly listenPort?: number;
  readonly node?: string;
}

/** Pure: the sentence for the engine's message, or undefined when Berth has none better than the engine's own. */
export function swarmSentence(message: string, d: SwarmDoing): string | undefined {
  const m = message.trim();
  const e = `"${d.engine}"`;
  if (/already part of a swarm/i.test(m)) {
    return `${e} is already in a swarm: leave that swarm first (Leave swarm, or \`docker swarm leave\`), then ${d.op === 'join' ? 'join' : 'initialise'} again.`;
  }
  if (/not part of a swarm/i.test(m)) return `${e} is not in a swarm, so there is nothing to leave.`;
  if (/not a swarm manager\. Use "docker swarm init"/i.test(m)) return `${e} is not in a swarm: initialise one on it, or join it to one.`;
  if (/Worker nodes can't be used|not a swarm manager/i.test(m)) {
    return `${e} is a worker: only a manager can see or change the swarm's nodes and tokens. Choose the engine of a manager in the switcher, or promote ${e} from one.`;
  }
  if (/valid join token is necessary/i.test(m)) {
    return `The manager at ${d.remoteAddr ?? 'that address'} refused the join token: copy it again from a manager (Swarm page → Join tokens, or \`docker swarm join-token worker\`); a token from another swarm, or one that was rotated, does not work.`;
  }
  if (/invalid join token/i.test(m)) return 'That is not a join token: a token looks like SWMTKN-1-… and comes from a manager (Swarm page → Join tokens).';
  if (/Timeout was reached before node joined/i.test(m)) {
    return `No manager answered at ${d.remoteAddr ?? 'that address'} from ${e} in time: check the address and port (2377 unless the swarm chose another), and that ${e} can reach it. Nothing was joined.`;
  }
  if (/multiple addresses on different interfaces|could not choose an IP address/i.test(m)) {
    const found = /\(([^)]*)\)/.exec(m)?.[1];
    return `${e} has several addresses${found ? ` (${found})` : ''}: choose the one the other engines reach it at as the advertise address.`;
  }
  if (
    /advertise address must be a non-zero IP|must specify a listening address|not recognized as a system address|could not find the system's IP|interface .* has no usable/i.test(
      m,
    )
  ) {
    return `${e} cannot advertise that address (${m.replace(/^.*?: /, '')}): give an IP address of ${e} that the other engines reach.`;
  }
  if (/address already in use/i.test(m)) return `Port ${d.listenPort ?? 2377} is already taken on ${e}: choose another listen port.`;
  if (/attempting to leave the swarm on a node that is participating as a manager/i.test(m)) {
    return /last manager/i.test(m)
      ? `${e} is the swarm's last manager: leaving ends the swarm for every node, with its services. Leave with force to do so.`
      : `${e} is a manager: leaving without force could cost the swarm its quorum. Demote it first, or leave with force.`;
  }
  if (/last manager|can't demote the last manager|attempting to demote the last manager/i.test(m)) {
    return `${d.node ? `"${d.node}"` : 'That node'} is the swarm's last manager: promote another node first, then demote this one.`;
  }
  if (/can't remove the last manager|node .* is a cluster manager|is a manager/i.test(m) && d.op === 'remove') {
    return `${d.node ? `"${d.node}"` : 'That node'} is a manager: demote it before removing it.`;
  }
  if (/is not down and can't be removed|must be (in the )?down|node .* is (not )?down/i.test(m) && d.op === 'remove') {
    return `${d.node ? `"${d.node}"` : 'That node'} is still up: run \`docker swarm leave\` on it (or Leave swarm in Berth against it) and remove it once it is down, or remove it with force.`;
  }
  if (/update out of sequence/i.test(m)) return `${d.node ? `"${d.node}"` : 'The node'} was changed by someone else at the same moment: try again.`;
  if (/swarm is encrypted and needs to be unlocked/i.test(m)) return `${e}'s swarm is locked: unlock it with \`docker swarm unlock\` and its unlock key.`;
  if (/can't find manager in raft memberlist/i.test(m)) {
    return `${d.node ? `"${d.node}"` : 'That node'} is still becoming a manager (it has not joined the managers' Raft yet; that can take a minute): wait until its manager status says reachable, then try again.`;
  }
  if (/node .* not found|no such node/i.test(m)) return `${d.node ? `"${d.node}"` : 'That node'} is no longer in the swarm.`;
  return undefined;
}

/**
 * Pure: whether demoting `id` would leave the swarm without a manager. The engine checks only the roles
 * already in force, so two demotions in a row could both pass; the desired roles (the specs) count here.
 */
export function isLastManager(nodes: readonly EngineNode[], id: string): boolean {
  return !nodes.some((n) => n.ID !== id && n.Spec?.Role === 'manager');
}
