/** The containers' part of the contract: the list and its changes, actions, details, logs, stats and running one. */
import { z } from 'zod';
import { call, none, stream, text, type ActionResult, type MethodDef, type PruneResult } from '../contract/types.js';
import { MIN_MEMORY, type FieldError, type RunSpec } from './run-spec.js';
import { checkHostname, parseAddHost, parseCapability } from './run-options.js';

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface PortBinding {
  readonly ip?: string;
  readonly privatePort: number;
  readonly publicPort?: number;
  readonly type: 'tcp' | 'udp' | 'sctp';
}

/** One path of a container's writable layer that differs from its image. */
export interface ContainerChange {
  readonly path: string;
  readonly kind: 'added' | 'changed' | 'deleted';
}

/** One row of the containers list, as `docker ps -a` knows it. */
export interface ContainerSummary {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly imageId: string;
  readonly command: string;
  readonly state: ContainerState;
  /** The engine's status line (e.g. "Up 3 seconds"), as it was at `observedAt`. */
  readonly status: string;
  /** Epoch milliseconds when the engine gave this summary, so relative times can be brought up to date. */
  readonly observedAt: number;
  /** Epoch seconds. */
  readonly created: number;
  readonly ports: readonly PortBinding[];
  readonly labels: Readonly<Record<string, string>>;
  /** Set while the container keeps dying and its restart policy keeps starting it again (see crash-loop.ts); only the watch sets it. */
  readonly crashLoop?: CrashLoop;
}

/** A crash loop: how many times the container exited within the last `windowMinutes`. */
export interface CrashLoop {
  readonly exits: number;
  readonly windowMinutes: number;
}

/**
 * A change to the containers list. A watcher first gets a snapshot, then
 * upserts and removals; after the engine comes back from a restart or the
 * event stream reconnects, a fresh snapshot replaces everything.
 * A snapshot comes in pieces, so no message grows with the list: `snapshot-begin`
 * (how many rows follow), `snapshot-rows` of at most SNAPSHOT_PIECE_BYTES of JSON
 * each (the first one smaller, so the first screenful can be shown at once),
 * then `snapshot-end`. The pieces of one snapshot are sent together: no other
 * delta comes between them.
 */
export type ContainerDelta =
  | { readonly kind: 'snapshot-begin'; readonly total: number }
  | { readonly kind: 'snapshot-rows'; readonly containers: readonly ContainerSummary[] }
  | { readonly kind: 'snapshot-end' }
  | { readonly kind: 'upsert'; readonly container: ContainerSummary }
  | { readonly kind: 'remove'; readonly id: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

export const CONTAINER_ACTIONS = ['start', 'stop', 'restart', 'pause', 'unpause', 'kill'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

/** What removing a container loses, for the confirmation that names it. */
export interface RemovalImpact {
  readonly id: string;
  readonly name: string;
  readonly running: boolean;
  /** Anonymous volumes, deleted with the container when asked to. */
  readonly anonymousVolumes: readonly string[];
  /** Named volumes, always kept. */
  readonly namedVolumes: readonly string[];
}

export interface LogLineDto {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  readonly ts?: string;
}

/** A batch of log lines, bounded in lines and characters; none is ever dropped (the engine waits for a slow reader). */
/** A stopped container's whole log, for reading by range (`containers.logRange`); or why it cannot be. */
export type LogFileInfo = { readonly available: true; readonly lines: number; readonly bytes: number } | { readonly available: false; readonly reason: string };

export interface LogBatch {
  readonly lines: readonly LogLineDto[];
}

/** One container in full, as `docker inspect` gives it, with the essentials picked out. */
export interface ContainerDetails {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly state: ContainerState;
  readonly tty: boolean;
  /** Run with -i: its main process reads a keyboard (with tty: `docker attach` works). */
  readonly openStdin: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly exitCode: number;
  readonly raw: unknown;
}

/** One container's resource use at one moment, as `docker stats` computes it. */
export interface ContainerStats {
  readonly id: string;
  /** Percent of one CPU (200 = two CPUs busy), like `docker stats`. */
  readonly cpuPercent: number;
  /** Memory in use, page cache excluded. */
  readonly memUsage: number;
  readonly memLimit: number;
  readonly netRx: number;
  readonly netTx: number;
  readonly blockRead: number;
  readonly blockWrite: number;
  readonly pids: number;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** A container id (full or short) or name. */
export const containerIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Not a container id or name.');
/** Docker's own rule for container names. */
export const containerNameSchema = z
  .string()
  .max(128)
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, 'A container name has at least two characters: letters, digits, _ . or -, starting with a letter or digit.');
/** A health timing in milliseconds, as parseDuration gives it. */
const duration = z
  .number()
  .int()
  .min(1)
  .max(365 * 24 * 3_600_000);
/** What the run dialog submits; each field is checked again in the engine. */
export const runSpecSchema: z.ZodType<RunSpec> = z
  .object({
    image: z.string().trim().min(1, 'Choose an image.').max(500),
    name: text(128).optional(),
    command: z.array(text(65_536)).max(1000).optional(),
    entrypoint: z.array(text(65_536)).max(1000).optional(),
    ports: z
      .array(
        z.object({
          hostIp: text(64).optional(),
          hostPort: z.number().int().min(1).max(65535).optional(),
          containerPort: z.number().int().min(1).max(65535),
          protocol: z.enum(['tcp', 'udp']),
        }),
      )
      .max(500),
    publishAll: z.boolean(),
    env: z.array(text(65_536).regex(/^[A-Za-z_][A-Za-z0-9_.-]*=/, 'An environment entry looks like KEY=value.')).max(5000),
    mounts: z.array(z.object({ type: z.enum(['bind', 'volume']), source: text(4096), target: text(4096).startsWith('/'), readOnly: z.boolean() })).max(500),
    restart: z.object({ name: z.enum(['no', 'always', 'unless-stopped', 'on-failure']), maxRetries: z.number().int().min(0).max(1_000_000).optional() }),
    autoRemove: z.boolean(),
    network: text(256).optional(),
    user: text(256).optional(),
    workdir: text(4096).optional(),
    labels: z.record(text(1024), text(65_536)),
    interactive: z.boolean(),
    tty: z.boolean(),
    memory: z
      .number()
      .int()
      .min(MIN_MEMORY)
      .max(2 ** 50)
      .optional(),
    cpus: z.number().positive().max(1024).optional(),
    pidsLimit: z.number().int().min(1).max(1e9).optional(),
    addHosts: z
      .array(text(300).refine((h) => parseAddHost(h).ok, 'A host entry looks like name:ip.'))
      .max(1000)
      .optional(),
    hostname: text(63)
      .refine((h) => !checkHostname(h), 'A host name is letters, digits and hyphens, with dots between parts.')
      .optional(),
    capAdd: z
      .array(text(64).refine((c) => parseCapability(c).ok, 'Not a Linux capability.'))
      .max(64)
      .optional(),
    capDrop: z
      .array(text(64).refine((c) => parseCapability(c).ok, 'Not a Linux capability.'))
      .max(64)
      .optional(),
    healthcheck: z
      .object({
        command: text(65_536).optional(),
        intervalMs: duration.optional(),
        timeoutMs: duration.optional(),
        startPeriodMs: duration.optional(),
        retries: z.number().int().min(1).max(1_000_000).optional(),
      })
      .strict()
      .optional(),
    init: z.boolean().optional(),
  })
  .strict();

export const containersContract = {
  'containers.list': call<ContainerSummary[]>()(z.object({ all: z.boolean().default(true) }).strict()),
  /** A snapshot, then changes from the engine's event stream. */
  'containers.watch': stream<ContainerDelta>()(none),

  'containers.act': call<ActionResult[]>()(
    z
      .object({
        ids: z.array(containerIdSchema).min(1).max(1000),
        action: z.enum(CONTAINER_ACTIONS),
        /** stop/restart: seconds to wait before killing; the engine default when unset. */
        timeout: z.number().int().min(0).max(3600).optional(),
        /** kill: the signal, e.g. SIGTERM or 9. */
        signal: z
          .string()
          .regex(/^(SIG)?[A-Z0-9+-]{1,16}$|^\d{1,2}$/, 'A signal looks like SIGTERM, TERM or 15.')
          .optional(),
      })
      .strict(),
  ),
  'containers.removalImpact': call<RemovalImpact[]>()(z.object({ ids: z.array(containerIdSchema).min(1).max(1000) }).strict()),
  'containers.remove': call<ActionResult[]>()(
    z.object({ ids: z.array(containerIdSchema).min(1).max(1000), force: z.boolean().default(false), volumes: z.boolean().default(false) }).strict(),
  ),
  'containers.rename': call<void>()(z.object({ id: containerIdSchema, name: containerNameSchema }).strict()),
  'containers.prune': call<PruneResult>()(none),
  /** A `docker run` command line that recreates the container. */
  'containers.runCommand': call<string>()(z.object({ id: containerIdSchema }).strict()),

  'containers.inspect': call<ContainerDetails>()(z.object({ id: containerIdSchema }).strict()),
  /**
   * Log lines, demultiplexed in the engine, in batches; follows new lines when asked. Open it with a window and
   * acknowledge each batch once shown: the engine then reads no further ahead than that.
   */
  'containers.logs': stream<LogBatch>()(
    z
      .object({
        id: containerIdSchema,
        follow: z.boolean().default(true),
        tail: z.union([z.number().int().min(0).max(1_000_000), z.literal('all')]).default(1000),
        /** Epoch seconds. */
        since: z.number().int().min(0).optional(),
        timestamps: z.boolean().default(false),
      })
      .strict(),
  ),

  /**
   * A stopped container's whole log, read once from the file the engine keeps it in to know where its lines are,
   * so that `containers.logRange` reads any of them at once. Berth's own engine on this machine (not the VM's),
   * json-file logs only: otherwise it says why, and the view reads the log as a stream.
   */
  'containers.logOpen': call<LogFileInfo>()(z.object({ id: containerIdSchema }).strict()),
  /** Lines `from` to `from + count - 1` of a log opened with `containers.logOpen` (0 is its first line). */
  'containers.logRange': call<LogLineDto[]>()(
    z
      .object({ id: containerIdSchema, from: z.number().int().min(0), count: z.number().int().min(1).max(2000), timestamps: z.boolean().default(false) })
      .strict(),
  ),
  /** The last few lines a container wrote (stdout and stderr, in order), read once: the Dashboard's glance at a failed one. */
  'containers.lastLines': call<LogLineDto[]>()(z.object({ id: containerIdSchema, lines: z.number().int().min(1).max(50).default(3) }).strict()),
  /** The container's writable layer against its image (`docker diff`): each path added, changed or deleted, by path. */
  'containers.changes': call<ContainerChange[]>()(z.object({ id: containerIdSchema }).strict()),
  /** The container's processes, as `docker top` lists them. */
  'containers.top': call<{ titles: string[]; processes: string[][] }>()(z.object({ id: containerIdSchema }).strict()),
  /** Resource use, about once a second: of the given containers, or of every running one. */
  'containers.stats': stream<ContainerStats[]>()(z.object({ ids: z.array(containerIdSchema).max(1000).optional() }).strict()),
  /** Check a run spec: a message per field, empty when it can run. */
  'containers.validateRun': call<FieldError[]>()(runSpecSchema),
  'containers.run': call<{ id: string; warnings: string[] }>()(runSpecSchema),
} as const satisfies Record<string, MethodDef>;
