/**
 * The Compose part of the contract: the plan of `up`, `up` itself with its progress, `down`, `ps`,
 * stop/start/restart, the merged log, scaling, pulls and builds, and a service's container (for a terminal).
 */
import { z } from 'zod';
import { call, none, stream, type MethodDef } from '../contract/types.js';
import type { ComposePlan } from './plan.js';

export type { ComposePlan, ContainerAction, ServicePlan } from './plan.js';

/** A project as `docker compose` is told about it: files, name, directory, env files, profiles. */
export const composeProjectSchema = z
  .object({
    /** `-f`, in merge order; none → COMPOSE_FILE, else the files found from `cwd` upwards. */
    files: z.array(z.string().min(1).max(4096)).max(32).default([]),
    projectName: z.string().min(1).max(256).optional(),
    projectDirectory: z.string().min(1).max(4096).optional(),
    envFiles: z.array(z.string().min(1).max(4096)).max(32).default([]),
    profiles: z.array(z.string().min(1).max(256)).max(64).default([]),
    /** Where relative paths start (the caller's working directory); default: the backend's. */
    cwd: z.string().min(1).max(4096).optional(),
    /** The environment interpolation reads (the CLI sends its own); default: the backend's. */
    environment: z.record(z.string().max(4096), z.string().max(131_072)).optional(),
  })
  .strict();
export type ComposeProjectInput = z.output<typeof composeProjectSchema>;

/** One step of `up` as it happens. */
export type ComposeUpEvent =
  /** What `up` is about to do, before anything changes. */
  | { readonly t: 'plan'; readonly plan: ComposePlan; readonly lines: readonly string[] }
  /** A step began (`working`) or ended. */
  | {
      readonly t: 'step';
      readonly kind: 'network' | 'volume' | 'image' | 'container';
      readonly target: string;
      readonly action: string;
      readonly state: 'working' | 'done';
      readonly detail?: string;
    }
  /** Everything was applied. */
  | { readonly t: 'done'; readonly changed: readonly string[]; readonly ms: number };

/** One container of a project, as `ps` shows it. */
export interface ComposeContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: number;
  /** running, exited, created, paused, restarting, dead. */
  readonly state: string;
  /** The engine's status line ("Up 3 seconds (healthy)", "Exited (0) 2 seconds ago"). */
  readonly status: string;
  readonly image: string;
  /** `127.0.0.1:8080->80/tcp`. */
  readonly ports: readonly string[];
  /** Once it has stopped: its exit code and when (RFC 3339). */
  readonly exitCode?: number;
  readonly finishedAt?: string;
}

/** What `down` removed, and what it left. */
export interface ComposeDownResult {
  readonly project: string;
  readonly containers: readonly string[];
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
  /** Containers of services no longer in the project, left because --remove-orphans was not given. */
  readonly orphansLeft: readonly string[];
  /** Images removed (with `rmi`). */
  readonly images?: readonly string[];
}

/** One line of a project's merged log. */
export interface ComposeLogLine {
  readonly service: string;
  /** The container's number in its service (`<service>-<number>` is its label in the merged log). */
  readonly number: number;
  /** The container's name. */
  readonly container: string;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
  /** RFC 3339 timestamp, when asked for. */
  readonly ts?: string;
}

/** One step of a project's pulls or builds as it happens. */
export type ComposeImageEvent =
  /** A service's image began (`working`) or ended; `skip` says why it is neither pulled nor built. */
  | {
      readonly t: 'image';
      readonly service: string;
      readonly image: string;
      readonly action: 'pull' | 'build' | 'skip';
      readonly state: 'working' | 'done';
      readonly detail?: string;
    }
  /** Pull progress of one image: 0…1 and the engine's latest line. */
  | { readonly t: 'progress'; readonly service: string; readonly image: string; readonly fraction: number; readonly status: string }
  /** A line of a build's output. */
  | { readonly t: 'log'; readonly service: string; readonly text: string }
  /** All done: the images pulled or built. */
  | { readonly t: 'done'; readonly images: readonly string[]; readonly ms: number };

/** A service's container, as `exec` (and the UI's terminal) needs it. */
export interface ComposeServiceContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: number;
  readonly state: string;
}

/** `--scale SERVICE=N`: how many containers each named service should have. */
export const composeScaleSchema = z.record(z.string().min(1).max(256), z.number().int().min(0).max(1000));

/** `up SERVICE…`: only these services and those they depend on; all when empty. */
const servicesSchema = z.array(z.string().min(1).max(256)).max(256).default([]);

export const composeUpSchema = z
  .object({ project: composeProjectSchema, removeOrphans: z.boolean().default(false), scale: composeScaleSchema.default({}), services: servicesSchema })
  .strict();
export const composeDownSchema = z
  .object({
    project: composeProjectSchema,
    volumes: z.boolean().default(false),
    removeOrphans: z.boolean().default(false),
    /** Also remove images: `local` those built for the project (no `image:` of their own), `all` every service's. */
    rmi: z.enum(['local', 'all']).optional(),
  })
  .strict();
export const composeLogsSchema = z
  .object({
    project: composeProjectSchema,
    /** Only these services; all when empty. */
    services: z.array(z.string().min(1).max(256)).max(256).default([]),
    follow: z.boolean().default(false),
    tail: z.union([z.number().int().min(0).max(1_000_000), z.literal('all')]).default('all'),
    timestamps: z.boolean().default(false),
    /** Unix seconds: only lines from then on. */
    since: z.number().int().min(0).optional(),
    /** With follow: end once every container of the project (of those services) has exited, as an attached up does. */
    untilExit: z.boolean().default(false),
    /** With follow: end once any of them exits by itself since `since` (up --abort-on-container-exit). */
    untilFirstExit: z.boolean().default(false),
    /** Services whose exit does not end it (one-shot services others wait to complete). */
    exitIgnores: z.array(z.string().min(1).max(256)).max(256).default([]),
  })
  .strict();
export const composeImagesSchema = z
  .object({
    project: composeProjectSchema,
    /** Only these services; all when empty. */
    services: z.array(z.string().min(1).max(256)).max(256).default([]),
    noCache: z.boolean().default(false),
    /** build: pull newer base images. */
    pull: z.boolean().default(false),
  })
  .strict();

/** A project opened in the UI, remembered so it can be opened again (newest first, in settings.json). */
export const recentComposeProjectSchema = z
  .object({
    name: z.string().min(1).max(256),
    files: z.array(z.string().min(1).max(4096)).min(1).max(32),
    workingDir: z.string().min(1).max(4096),
    envFiles: z.array(z.string().min(1).max(4096)).max(32).default([]),
    profiles: z.array(z.string().min(1).max(256)).max(64).default([]),
    /** Epoch milliseconds. */
    openedAt: z.number().int().nonnegative(),
  })
  .strict();
export type RecentComposeProject = z.output<typeof recentComposeProjectSchema>;

/** What the Open project dialog sends: a compose file or a directory holding one, on the machine running the engine. */
export const composeOpenSchema = z
  .object({
    path: z.string().max(4096),
    projectName: z.string().max(256).optional(),
    profiles: z.array(z.string().min(1).max(256)).max(64).default([]),
    envFiles: z.array(z.string().min(1).max(4096)).max(32).default([]),
  })
  .strict();

/** A project opened: how to name it in later calls, and what it holds. */
export interface ComposeOpened {
  readonly project: RecentComposeProject;
  readonly services: readonly string[];
}

/** A Compose file written from containers ("Save as compose.yaml"). */
export interface ComposeExported {
  /** The file's text. */
  readonly yaml: string;
  /** The Compose project the containers all came from (bring the file up with `-p` it, to get the same names). */
  readonly project?: string;
  /** What the file cannot say, each a sentence (also written as comments at its top). */
  readonly notes: readonly string[];
  /** Where it was written, when a path was given. */
  readonly path?: string;
}

export const composeExportSchema = z
  .object({
    /** Container ids or names. */
    containers: z.array(z.string().min(1).max(256)).min(1).max(256),
    /** A host path to write the file to (`~` is the home folder); without it, only the text comes back. */
    path: z.string().min(1).max(4096).optional(),
    overwrite: z.boolean().default(false),
  })
  .strict();

export const composeContract = {
  /** Load the project and compute what `up` would do; changes nothing. */
  'compose.plan': call<{ plan: ComposePlan; lines: string[] }>()(composeUpSchema),
  /** Apply the plan (of `services` and their dependencies, when named): networks, volumes, pulls and builds, then each service in depends_on order, honouring its conditions. */
  'compose.up': stream<ComposeUpEvent>()(composeUpSchema),
  /** Stop and remove the project's containers and networks (and its volumes with `volumes`, its images with `rmi`). */
  'compose.down': call<ComposeDownResult>()(composeDownSchema),
  'compose.ps': call<ComposeContainer[]>()(z.object({ project: composeProjectSchema }).strict()),
  /** Load the project at a path (a compose file, or a directory where one is found) and remember it among the recent ones. */
  'compose.open': call<ComposeOpened>()(composeOpenSchema),
  /** The projects opened before, newest first. */
  'compose.recent': call<RecentComposeProject[]>()(none),
  /** Forget a recent project (its containers are left alone). */
  'compose.forget': call<RecentComposeProject[]>()(z.object({ name: z.string().min(1).max(256) }).strict()),
  /** Stop, start or restart the project's containers (those of `services` only, when named) in dependency order; the names of those acted on. */
  'compose.act': call<string[]>()(z.object({ project: composeProjectSchema, action: z.enum(['stop', 'start', 'restart']), services: servicesSchema }).strict()),
  /**
   * The project's merged log, one event per line; with `follow`, it goes on until cancelled and takes in the
   * containers that start later (scale, up, restart).
   */
  'compose.logs': stream<ComposeLogLine>()(composeLogsSchema),
  /** Give services the number of containers asked (`<project>-<service>-<n>`; the highest numbers go first), as `up --scale`. */
  'compose.scale': stream<ComposeUpEvent>()(z.object({ project: composeProjectSchema, scale: composeScaleSchema }).strict()),
  /** Pull the images of the services that have one (honouring pull_policy), with progress. */
  'compose.pull': stream<ComposeImageEvent>()(composeImagesSchema),
  /** Build the images of the services that have a build section, with their output. */
  'compose.build': stream<ComposeImageEvent>()(composeImagesSchema),
  /** The container `index` (1-based) of a service, e.g. to open a terminal on it. */
  'compose.container': call<ComposeServiceContainer>()(
    z.object({ project: composeProjectSchema, service: z.string().min(1).max(256), index: z.number().int().min(1).max(100_000).default(1) }).strict(),
  ),
  /** A Compose file that recreates these containers (image, command, environment, ports, volumes, networks, …); written to `path` when given. */
  'compose.export': call<ComposeExported>()(composeExportSchema),
} as const satisfies Record<string, MethodDef>;
