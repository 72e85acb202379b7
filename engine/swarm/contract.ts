/**
 * Swarm's part of the contract: the swarm of the window's engine (initialise,
 * join, leave, join tokens) and its nodes (list, promote/demote, drain/pause/activate, remove).
 */
import { z } from 'zod';
import { call, none, stream, type MethodDef } from '../contract/types.js';

export type SwarmRole = 'manager' | 'worker';
/** The engine's own word for where it stands: not in a swarm, joining, in one, in one but failing, or locked (autolock). */
export type SwarmLocalState = 'inactive' | 'pending' | 'active' | 'error' | 'locked';

/** Where the window's engine stands in Swarm mode. */
export interface SwarmState {
  readonly state: SwarmLocalState;
  /** While active: the engine's role. */
  readonly role?: SwarmRole;
  readonly nodeId?: string;
  /** The address the engine advertises to the other nodes. */
  readonly nodeAddr?: string;
  /** Managers only: the cluster's id, and how many managers, nodes and services it has. */
  readonly clusterId?: string;
  readonly managers?: number;
  readonly nodes?: number;
  readonly services?: number;
  /** The managers this engine knows of (host:port). */
  readonly remoteManagers: readonly string[];
  /** Why the engine is in the error state, as it says it. */
  readonly error?: string;
  /** An address of the engine the others may reach (from its place in the Engines list), offered as the advertise address. */
  readonly addressHint?: string;
}

export type NodeAvailability = 'active' | 'pause' | 'drain';
/** The manager's view of a node: ready, down, disconnected or unknown. */
export type NodeStatus = 'ready' | 'down' | 'disconnected' | 'unknown';

/** One node of the swarm as the Nodes table shows it. */
export interface NodeRow {
  readonly id: string;
  readonly hostname: string;
  readonly role: SwarmRole;
  /** Managers: leader, or the Raft reachability of a follower; "joining" while a promoted node is not in the Raft yet. */
  readonly managerStatus?: 'leader' | 'reachable' | 'unreachable' | 'unknown' | 'joining';
  readonly availability: NodeAvailability;
  readonly status: NodeStatus;
  /** What the manager says about a node that is not ready. */
  readonly message?: string;
  readonly engineVersion: string;
  readonly address: string;
  /** Tasks running on the node now. */
  readonly tasks: number;
  /** The node of the window's engine. */
  readonly self: boolean;
}

/** What a window's Swarm page shows: the state, and the nodes when the engine is a manager. */
export interface SwarmView {
  readonly swarm: SwarmState;
  readonly nodes?: readonly NodeRow[];
}

/** A worker's and a manager's join token, with the full command for the docker CLI. */
export interface JoinTokens {
  readonly worker: string;
  readonly manager: string;
  /** host:port the command joins through. */
  readonly address: string;
  readonly workerCommand: string;
  readonly managerCommand: string;
}

export type NodeAction = 'promote' | 'demote' | 'drain' | 'pause' | 'activate';
export const NODE_ACTIONS: readonly NodeAction[] = ['promote', 'demote', 'drain', 'pause', 'activate'];

const address = z
  .string()
  .trim()
  .max(300)
  .regex(/^[\w.:[\]%-]*$/, 'An address is a host name or IP, with an optional :port.');
const port = z.number().int().min(1).max(65535);
const nodeId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.-]+$/, 'A node is named by its id or hostname.');

export const swarmInitSchema = z.object({ advertiseAddr: address.default(''), listenPort: port.default(2377) }).strict();
export const swarmJoinSchema = z
  .object({
    remoteAddr: address.min(1, 'Give the address of a manager.'),
    token: z.string().trim().min(1, 'Give the join token.').max(300),
    advertiseAddr: address.default(''),
    listenPort: port.default(2377),
  })
  .strict();
export type SwarmInitInput = z.output<typeof swarmInitSchema>;
export type SwarmJoinInput = z.output<typeof swarmJoinSchema>;

export const swarmContract = {
  /** Where the window's engine stands, and its nodes when it is a manager. */
  'swarm.state': call<SwarmView>()(none),
  /** The same, now and then every few seconds while open. */
  'swarm.watch': stream<SwarmView>()(none),
  /** Make the window's engine the first manager of a new swarm. */
  'swarm.init': call<SwarmView>()(swarmInitSchema),
  /** Join a swarm through one of its managers; the token decides the role. A manager that does not answer is given up on after a bounded wait. */
  'swarm.join': call<SwarmView>()(swarmJoinSchema),
  /** The worker and manager join tokens (managers only). */
  'swarm.joinTokens': call<JoinTokens>()(none),
  /** Leave the swarm; `force` is needed for a manager (the last one takes the swarm with it). */
  'swarm.leave': call<SwarmView>()(z.object({ force: z.boolean().default(false) }).strict()),
  'nodes.list': call<NodeRow[]>()(none),
  /** Promote, demote, drain, pause or activate a node (read, changed and written against its current spec version). */
  'nodes.update': call<NodeRow[]>()(z.object({ id: nodeId, action: z.enum(['promote', 'demote', 'drain', 'pause', 'activate']) }).strict()),
  /** Remove a node from the swarm (a node still up must leave first, or be forced). */
  'nodes.remove': call<NodeRow[]>()(z.object({ id: nodeId, force: z.boolean().default(false) }).strict()),
} as const satisfies Record<string, MethodDef>;
