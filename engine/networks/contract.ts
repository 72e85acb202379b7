/** The networks' part of the contract: the list kept live, inspecting, creating, connecting and disconnecting containers, removing, pruning. */
import { z } from 'zod';
import { call, none, stream, text, type ActionResult, type MethodDef } from '../contract/types.js';
import { containerIdSchema } from '../containers/contract.js';
import { NETWORK_NAME } from './network-rules.js';

/** A container attached to a network, with its addresses there. */
export interface NetworkAttachment {
  readonly id: string;
  readonly name: string;
  /** With prefix, e.g. 10.20.30.2/24; absent while the container is not running. */
  readonly ipv4?: string;
  readonly ipv6?: string;
  readonly aliases: readonly string[];
  readonly running: boolean;
}

/** One network, with the containers attached to it. */
export interface NetworkSummary {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly scope: string;
  /** From IPAM: each configured subnet and gateway. */
  readonly subnets: readonly string[];
  readonly gateways: readonly string[];
  readonly internal: boolean;
  readonly ipv6: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt?: string;
  /** bridge, host or none: the engine's own, never removed. */
  readonly predefined: boolean;
  /** The Compose project that owns it (its com.docker.compose.project label). */
  readonly project?: string;
  /** Overlay: standalone containers may join it too, not only services' tasks. */
  readonly attachable: boolean;
  /** The swarm's routing-mesh network. */
  readonly ingress: boolean;
  /** Swarm-scoped networks: the services whose tasks are placed on it (read from a manager; empty elsewhere). */
  readonly services: readonly string[];
  readonly containers: readonly NetworkAttachment[];
}

/** What a prune removed, and what it was asked to remove and could not. */
export interface NetworkPruneResult {
  readonly deleted: readonly string[];
  readonly failed: readonly ActionResult[];
}

/** A network name (or id) as the engine takes it. */
export const networkNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(NETWORK_NAME, 'A network name is letters, digits, _ . or -, starting with a letter or digit.');

export const networkCreateSchema = z
  .object({
    name: networkNameSchema,
    /** A bridge on this engine, or an overlay across the swarm's nodes (the engine must be a swarm manager). */
    driver: z.enum(['bridge', 'overlay']).default('bridge'),
    /** Overlay only: standalone containers may join it too. */
    attachable: z.boolean().default(false),
    subnet: text(64).optional(),
    gateway: text(64).optional(),
    internal: z.boolean().default(false),
    labels: z.record(text(1024), text(65_536)).default({}),
  })
  .strict();

export const networksContract = {
  'networks.list': call<NetworkSummary[]>()(none),
  /** The list now, then again after each network event (create, destroy, connect, disconnect) or container rename/destroy. */
  'networks.watch': stream<NetworkSummary[]>()(none),
  /** `docker network inspect`, as the engine gives it. */
  'networks.inspect': call<unknown>()(z.object({ name: networkNameSchema }).strict()),
  'networks.create': call<NetworkSummary>()(networkCreateSchema),
  'networks.connect': call<void>()(
    z
      .object({
        network: networkNameSchema,
        container: containerIdSchema,
        aliases: z.array(z.string().min(1).max(253)).max(100).default([]),
      })
      .strict(),
  ),
  'networks.disconnect': call<void>()(z.object({ network: networkNameSchema, container: containerIdSchema, force: z.boolean().default(false) }).strict()),
  /** Refused for the engine's and the swarm's own networks and while containers or services are on it (the refusal names them). */
  'networks.remove': call<ActionResult[]>()(z.object({ names: z.array(networkNameSchema).min(1).max(1000) }).strict()),
  /**
   * Remove unused networks. With `only`, just those of them (what a confirmation named): one taken into use since
   * is refused, not removed, and nothing unnamed goes. Without, the engine's own prune.
   */
  'networks.prune': call<NetworkPruneResult>()(z.object({ only: z.array(networkNameSchema).max(1000).optional() }).strict()),
} as const satisfies Record<string, MethodDef>;
