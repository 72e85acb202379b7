/**
 * Swarm services' part of the contract: the services of the window's engine (when it is a swarm manager), creating,
 * scaling, updating, rolling back and removing them, their tasks, a live view of a rolling update, and their logs
 * merged across tasks.
 */
import { z } from 'zod';
import { call, none, stream, text, type MethodDef } from '../contract/types.js';
import { SERVICE_NAME } from './service-form.js';

export type ServiceMode = 'replicated' | 'global';
export type PublishMode = 'host' | 'ingress';
export type PortProtocol = 'tcp' | 'udp' | 'sctp';

/** One published port of a service. */
export interface ServicePort {
  readonly target: number;
  readonly published?: number;
  readonly protocol: PortProtocol;
  readonly mode: PublishMode;
}

/** How a rolling update goes (the service's update_config). */
export interface ServiceUpdateConfig {
  readonly parallelism: number;
  readonly delaySeconds: number;
  readonly failureAction: 'pause' | 'continue' | 'rollback';
  readonly order: 'stop-first' | 'start-first';
}

/** The engine's account of the last update or rollback. */
export interface ServiceUpdateStatus {
  /** updating, paused, completed, rollback_started, rollback_paused, rollback_completed. */
  readonly state: string;
  readonly message?: string;
  readonly startedAt?: string;
  readonly completedAt?: string;
}

/** One service of the swarm. */
export interface ServiceSummary {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly mode: ServiceMode;
  /** Tasks running now, and how many the service wants. */
  readonly running: number;
  readonly desired: number;
  readonly ports: readonly ServicePort[];
  readonly env: readonly string[];
  readonly update?: ServiceUpdateStatus;
  readonly updateConfig: ServiceUpdateConfig;
  /** The image before the last update, when the engine kept the previous spec (a rollback goes back to it). */
  readonly previousImage?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The version index an update must name. */
  readonly version: number;
}

/** The swarm state of the window's engine, with its services when it is a manager. */
export interface ServicesList {
  /** inactive, pending, active, error or locked (the engine's LocalNodeState). */
  readonly swarm: string;
  /** Only a manager lists and changes services. */
  readonly manager: boolean;
  readonly services: readonly ServiceSummary[];
}

/** One task of a service. */
export interface TaskRow {
  readonly id: string;
  /** Replicated services number their tasks; a global service's are one per node. */
  readonly slot?: number;
  readonly nodeId?: string;
  /** The node's hostname, when the engine knows the node. */
  readonly node?: string;
  readonly desired: string;
  readonly state: string;
  readonly message?: string;
  readonly error?: string;
  readonly image: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly containerId?: string;
}

/** Where one slot (or node, for a global service) is in a rolling update. */
export type SlotPhase = 'waiting' | 'updating' | 'done' | 'failed';

export interface SlotProgress {
  /** "1", "2"… for a replicated service; the node's hostname (or id) for a global one. */
  readonly slot: string;
  readonly node?: string;
  /** The task the update replaces, and the one replacing it. */
  readonly from?: { readonly image: string; readonly state: string };
  readonly to?: { readonly image: string; readonly state: string; readonly error?: string };
  readonly phase: SlotPhase;
}

/** A service's rolling update as it goes: the slots in the order the engine takes them, and how far it got. */
export interface UpdateProgress {
  /** The engine's update state (see ServiceUpdateStatus), or "none" when the service was never updated. */
  readonly state: string;
  readonly message?: string;
  /** The image the tasks go to. */
  readonly image: string;
  readonly parallelism: number;
  readonly order: 'stop-first' | 'start-first';
  readonly slots: readonly SlotProgress[];
  readonly done: number;
  readonly total: number;
}

/** What `services.watch` sends: the service, its tasks and its update, again whenever any of them changed. */
export interface ServiceWatchEvent {
  readonly service: ServiceSummary;
  readonly tasks: readonly TaskRow[];
  readonly progress: UpdateProgress;
}

/** Log lines of a service, each tagged with its task and node. */
export interface ServiceLogLine {
  readonly task: string;
  /** e.g. web.2 (replicated) or web.<node> (global). */
  readonly taskName: string;
  readonly node?: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  readonly ts?: string;
}

export const serviceRefSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.-]+$/, 'A service is named by its name or id: letters, digits, _ . or -.');

const portSchema = z
  .object({
    target: z.number().int().min(1).max(65535),
    published: z.number().int().min(1).max(65535).optional(),
    protocol: z.enum(['tcp', 'udp', 'sctp']).default('tcp'),
    mode: z.enum(['host', 'ingress']).default('host'),
  })
  .strict();

const mountSchema = z
  .object({
    type: z.enum(['volume', 'bind', 'tmpfs']),
    source: text(4096).default(''),
    target: z.string().min(1).max(4096),
    readOnly: z.boolean().default(false),
  })
  .strict();

const resourcesSchema = z
  .object({
    cpus: z.number().positive().max(1024).optional(),
    memoryBytes: z.number().int().positive().optional(),
  })
  .strict();

export const serviceCreateSchema = z
  .object({
    name: z.string().min(1).max(63).regex(SERVICE_NAME, 'A service name is letters, digits, _ . or -, starting with a letter or digit.'),
    image: z.string().min(1).max(512),
    command: z.array(text(65_536)).max(1000).default([]),
    mode: z.enum(['replicated', 'global']).default('replicated'),
    replicas: z.number().int().min(0).max(10_000).default(1),
    ports: z.array(portSchema).max(100).default([]),
    endpointMode: z.enum(['vip', 'dnsrr']).default('vip'),
    env: z.array(text(65_536)).max(1000).default([]),
    mounts: z.array(mountSchema).max(100).default([]),
    networks: z.array(z.string().min(1).max(128)).max(100).default([]),
    constraints: z.array(z.string().min(1).max(1024)).max(100).default([]),
    limits: resourcesSchema.default({}),
    reservations: resourcesSchema.default({}),
    update: z
      .object({
        parallelism: z.number().int().min(0).max(10_000).default(1),
        delaySeconds: z.number().min(0).max(86_400).default(0),
        failureAction: z.enum(['pause', 'continue', 'rollback']).default('pause'),
        order: z.enum(['stop-first', 'start-first']).default('stop-first'),
      })
      .strict()
      .default({ parallelism: 1, delaySeconds: 0, failureAction: 'pause', order: 'stop-first' }),
    /** How long a task has to stop before it is killed. */
    stopGraceSeconds: z.number().min(0).max(3600).optional(),
  })
  .strict();

export type CreateServiceInput = z.input<typeof serviceCreateSchema>;
export type CreateServiceSpec = z.output<typeof serviceCreateSchema>;

export const servicesContract = {
  /** The swarm state and, on a manager, every service with its running/desired counts. */
  'services.list': call<ServicesList>()(none),
  'services.create': call<ServiceSummary>()(serviceCreateSchema),
  /** A replicated service to this many tasks. */
  'services.scale': call<ServiceSummary>()(z.object({ service: serviceRefSchema, replicas: z.number().int().min(0).max(10_000) }).strict()),
  /** A rolling update to a new image and/or environment (the engine's update_config decides the pace). */
  'services.update': call<ServiceSummary>()(
    z
      .object({
        service: serviceRefSchema,
        image: z.string().min(1).max(512).optional(),
        env: z.array(text(65_536)).max(1000).optional(),
      })
      .strict(),
  ),
  /** Back to the spec before the last update. */
  'services.rollback': call<ServiceSummary>()(z.object({ service: serviceRefSchema }).strict()),
  /** The services go, with their tasks and containers. */
  'services.remove': call<{ removed: string[] }>()(z.object({ services: z.array(serviceRefSchema).min(1).max(100) }).strict()),
  'services.tasks': call<TaskRow[]>()(z.object({ service: serviceRefSchema }).strict()),
  /** The service, its tasks and its update progress now, then again whenever they change, for as long as someone follows. */
  'services.watch': stream<ServiceWatchEvent>()(z.object({ service: serviceRefSchema }).strict()),
  /** The logs of every task of the service, merged, each line tagged with its task and node. */
  'services.logs': stream<ServiceLogLine[]>()(
    z
      .object({
        service: serviceRefSchema,
        follow: z.boolean().default(false),
        tail: z.number().int().min(0).max(100_000).default(500),
      })
      .strict(),
  ),
} as const satisfies Record<string, MethodDef>;
