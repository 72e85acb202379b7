/**
 * Swarm stacks' part of the contract: a Compose file deployed as a stack on the window's engine (a swarm manager),
 * first as a plan (what will be created, updated, left alone or removed), then applied step by step; the stacks
 * there are, a stack's services and tasks, and removing a stack with everything of its namespace.
 */
import { z } from 'zod';
import { call, none, stream, type MethodDef } from '../contract/types.js';
import type { ServiceSummary, TaskRow } from '../services/contract.js';

/** A stack name: what its objects' names start with (`<stack>_<name>`), as a Compose project name is written. */
export const STACK_NAME = /^[a-z0-9][a-z0-9_-]*$/;

export const stackNameSchema = z
  .string()
  .min(1)
  .max(48)
  .regex(STACK_NAME, 'A stack name is lower-case letters, digits, "_" and "-", starting with a letter or digit.');

/** The kinds of object a stack is made of, in the order a deploy makes them. */
export type StackObjectKind = 'network' | 'config' | 'secret' | 'service';

/**
 * What a deploy does with one object: `create` it, `update` it (a service whose settings changed), `keep` it as it is,
 * `use` an external one by name (it must exist), `remove` it (a service no longer in the file, with prune).
 */
export type StackActionKind = 'create' | 'update' | 'keep' | 'use' | 'remove';

export interface StackAction {
  readonly kind: StackObjectKind;
  /** The engine name (`<stack>_<name>`, or an external object's own name). */
  readonly name: string;
  readonly action: StackActionKind;
  /** For an update: which settings change ("image a:1 → a:2", "replicas 1 → 3", "environment", …). */
  readonly changes: readonly string[];
}

/** What deploying a file as a stack will change. */
export interface StackPlan {
  readonly stack: string;
  readonly actions: readonly StackAction[];
  /** What the stack ignores or may not do here, each a sentence (`Ignoring unsupported options: build.`). */
  readonly warnings: readonly string[];
  /** Why the deploy cannot go ahead, each a sentence; a deploy with any refusal changes nothing. */
  readonly refusals: readonly string[];
  /** The plan as lines a person reads, in the order the deploy goes. */
  readonly lines: readonly string[];
}

/** One stack on the swarm, as `docker stack ls` counts it (from its services' namespace label). */
export interface StackSummary {
  readonly name: string;
  readonly services: number;
  /** Tasks running now and wanted, over all its services. */
  readonly running: number;
  readonly desired: number;
  /** The compose files it was last deployed from by Berth (absolute paths on the machine running Berth); empty when unknown. */
  readonly files: readonly string[];
}

export interface StacksList {
  /** inactive, pending, active, error or locked (the engine's LocalNodeState). */
  readonly swarm: string;
  readonly manager: boolean;
  readonly stacks: readonly StackSummary[];
}

/** One task of a stack, with the service it belongs to. */
export interface StackTaskRow extends TaskRow {
  readonly service: string;
}

/** One step of a deploy as it happens. */
export type StackDeployEvent =
  /** What the deploy is about to do, before anything changes. */
  | { readonly t: 'plan'; readonly plan: StackPlan }
  /** A step began (`working`) or ended. */
  | {
      readonly t: 'step';
      readonly kind: StackObjectKind;
      readonly target: string;
      readonly action: 'create' | 'update' | 'remove';
      readonly state: 'working' | 'done';
    }
  /** Everything was applied: the objects created, updated or removed. */
  | { readonly t: 'done'; readonly changed: readonly string[]; readonly ms: number };

/** What removing a stack removed. */
export interface StackRemoved {
  readonly stack: string;
  readonly services: readonly string[];
  readonly networks: readonly string[];
  readonly configs: readonly string[];
  readonly secrets: readonly string[];
  /** What could not be removed, each a sentence. */
  readonly failures: readonly string[];
}

/** A stack deploy as `docker stack deploy -c FILE… STACK` is told about it. */
export const stackDeploySchema = z
  .object({
    name: stackNameSchema,
    /** `-c`, in merge order, absolute or relative to `cwd`. */
    files: z.array(z.string().min(1).max(4096)).min(1).max(32),
    /** Env files for interpolation; default: `.env` beside the first file, when there is one. */
    envFiles: z.array(z.string().min(1).max(4096)).max(32).default([]),
    /** Also remove the stack's services that are no longer in the file. */
    prune: z.boolean().default(false),
    /** Where relative paths start (the caller's working directory); default: the backend's. */
    cwd: z.string().min(1).max(4096).optional(),
    /** The environment interpolation reads (the CLI sends its own); default: the backend's. */
    environment: z.record(z.string().max(4096), z.string().max(131_072)).optional(),
  })
  .strict();
export type StackDeployInput = z.output<typeof stackDeploySchema>;

const stackRef = z.object({ name: stackNameSchema }).strict();

export const stacksContract = {
  /** The stacks on the window's engine (when it is a swarm manager), with their services' task counts. */
  'stacks.list': call<StacksList>()(none),
  /** What deploying the files as the stack would change; changes nothing. */
  'stacks.plan': call<StackPlan>()(stackDeploySchema),
  /** Deploy: the plan first, then each step as it is applied (networks, configs, secrets, services). */
  'stacks.deploy': stream<StackDeployEvent>()(stackDeploySchema),
  'stacks.services': call<ServiceSummary[]>()(stackRef),
  'stacks.tasks': call<StackTaskRow[]>()(stackRef),
  /** The stack's services, then its networks, configs and secrets. */
  'stacks.remove': call<StackRemoved>()(stackRef),
} as const satisfies Record<string, MethodDef>;
