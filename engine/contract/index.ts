/**
 * The one RPC contract between Berth's engine side and its UIs. Every method
 * is named here with its kind (call, stream or duplex), its input schema
 * (validated where the message enters the engine) and its output type; who
 * may call it (a page, or only Berth's own processes) is in access.ts.
 * The renderer imports this module for types only.
 */
import { z } from 'zod';
import {
  CONTAINER_ACTIONS,
  LOG_SOURCES,
  type ActionResult,
  type ContainerDetails,
  type LogBatch,
  type ContainerStats,
  type VolumeSummary,
  type VolumeEntry,
  type ImageSummary,
  type ImageUser,
  type ImageDiskSummary,
  type ImageHistoryStep,
  type PruneResult,
  type RemovalImpact,
  type RegistrySummary,
  type RegistryCatalog,
  type RepositoryTags,
} from './dto.js';
import type { FieldError, RunSpec } from '../containers/run-spec.js';
import { parseImageRef } from '../images/image-ref.js';
import type { PullProgress } from '../images/pull-progress.js';
import type { ArchiveDefaults } from '../images/archive.js';
import type { ArchiveProgress } from './dto.js';
import { buildCompareSchema, buildIdSchema, buildPlanSchema, buildStartSchema, type BuildComparison, type BuildEvent, type BuildPlan, type BuildRecord, type BuildSummary } from '../builds/contract.js';
import { layersCompareSchema, layersExtractSchema, layersPreviewSchema, type FilePreview, layersIndexSchema, layersSearchSchema, layersTreeSchema, type LayerComparison, type LayerIndexEvent, type LayerTreeEntry } from '../layers/contract.js';
import { detachKeysSchema, engineShellSchema, shellSchema, terminalAttachSchema, terminalOpenSchema, terminalUpSchema, DEFAULT_DETACH_KEYS, type TerminalEvent } from '../terminal/contract.js';
import type {
  BackendHello,
  ContainerDelta,
  ContainerSummary,
  EngineInfo,
  EngineStatus,
  ModeCheck,
  Diagnostics,
  VmSettingsView,
  DaemonConfigView,
  ResetPlan,
} from './dto.js';

export * from './dto.js';
export * from '../containers/run-spec.js';
export * from '../images/pull-progress.js';
export * from '../images/image-ref.js';
export * from '../images/archive.js';
export * from '../registries/registry-server.js';
export * from '../terminal/contract.js';
export * from '../layers/contract.js';
export * from '../builds/contract.js';
/** Who may call each method (a page, or only Berth's own processes): decided in access.ts. */
export { METHOD_ACCESS, isInternalMethod, type MethodAccess } from './access.js';

export interface CallDef<S extends z.ZodType, O> {
  readonly kind: 'call';
  readonly input: S;
  /** Phantom: the output type, never set at run time. */
  readonly out?: O;
}
export interface StreamDef<S extends z.ZodType, E> {
  readonly kind: 'stream';
  readonly input: S;
  readonly event?: E;
}
export interface DuplexDef<S extends z.ZodType, E, U extends z.ZodType> {
  readonly kind: 'duplex';
  readonly input: S;
  /** Schema of each message the client pushes up the stream. */
  readonly up: U;
  readonly event?: E;
}
export type MethodDef = CallDef<z.ZodType, unknown> | StreamDef<z.ZodType, unknown> | DuplexDef<z.ZodType, unknown, z.ZodType>;

const call =
  <O>() =>
  <S extends z.ZodType>(input: S): CallDef<S, O> => ({ kind: 'call', input });
const stream =
  <E>() =>
  <S extends z.ZodType>(input: S): StreamDef<S, E> => ({ kind: 'stream', input });
const duplex =
  <E>() =>
  <S extends z.ZodType, U extends z.ZodType>(input: S, up: U): DuplexDef<S, E, U> => ({ kind: 'duplex', input, up });

const none = z.object({}).strict();

/** VM mode's settings, each refused with a sentence that says the limit. */
export const vmSettingsSchema = z
  .object({
    cpus: z.number({ error: 'CPUs must be a whole number.' }).int('CPUs must be a whole number.').min(1, 'The VM needs at least 1 CPU.').max(64, 'The VM can have at most 64 CPUs.').optional(),
    memoryMiB: z.number({ error: 'Memory must be a number of MiB.' }).int('Memory must be a whole number of MiB.').min(512, 'The VM needs at least 512 MiB of memory.').max(262_144, 'The VM can have at most 262144 MiB of memory.').default(2048),
    diskGiB: z.number({ error: 'The disk size must be a number of GiB.' }).int('The disk size must be a whole number of GiB.').min(8, 'The data disk must be at least 8 GiB.').max(4096, 'The data disk can be at most 4096 GiB.').default(64),
    share: z.string().max(4096).refine((p) => p === '' || p.startsWith('/'), 'The shared folder must be an absolute path (or empty for none).').optional(),
    accel: z.enum(['auto', 'kvm', 'hvf', 'whpx', 'tcg']).default('auto'),
  })
  .strict();
/** Preferences of the UI, kept by the backend so every window (desktop or browser) shows the same. */
export const uiSettingsSchema = z
  .object({
    theme: z.enum(['system', 'light', 'dark']).default('system'),
    terminal: z
      .object({
        fontSize: z.number().int('The font size is a whole number of pixels.').min(8, 'The font size is at least 8 px.').max(32, 'The font size is at most 32 px.').default(13),
        scrollback: z.number().int('Scrollback is a whole number of lines.').min(100, 'Scrollback is at least 100 lines.').max(100_000, 'Scrollback is at most 100000 lines.').default(5000),
        /** Tried before bash, ash and sh; empty for none. */
        shell: z.union([z.literal(''), shellSchema]).default(''),
        detachKeys: detachKeysSchema.default(DEFAULT_DETACH_KEYS),
      })
      .strict()
      .prefault({}),
    /** Desktop app: what quitting does with the engine. */
    quit: z.enum(['ask', 'stop', 'keep']).default('ask'),
  })
  .strict();
export type UiSettings = z.output<typeof uiSettingsSchema>;
/** The preferences, and whether they were ever saved (a window with older, browser-kept ones then hands those over). */
export type UiSettingsView = UiSettings & { readonly stored: boolean };

/** daemon.json as typed (checked by the engine, not here, so the sentence can say where it is wrong). */
export const daemonTextSchema = z.object({ text: z.string().max(256 * 1024, 'daemon.json can be at most 256 KiB.') }).strict();
export const engineModeSchema = z.enum(['native', 'vm', 'external']);
/** A Docker endpoint a user may point Berth at: unix socket or tcp. */
export const dockerHostSchema = z
  .string()
  .max(500)
  .regex(/^(unix:\/\/\/|tcp:\/\/|npipe:\/\/)/, 'A Docker host looks like unix:///path/to/docker.sock or tcp://host:port.');

/** A container id (full or short) or name. */
export const containerIdSchema = z.string().min(1).max(128).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Not a container id or name.');
/** A volume name as the engine allows it (anonymous volumes are named by 64 hex digits). */
export const volumeNameSchema = z.string().min(1).max(256).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'A volume name is letters, digits, _ . or -, starting with a letter or digit.');
/** Docker's own rule for container names. */
export const containerNameSchema = z
  .string()
  .max(128)
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, 'A container name has at least two characters: letters, digits, _ . or -, starting with a letter or digit.');

const text = (max: number) => z.string().max(max);
/** A file on the user's machine, as typed: absolute, or starting with ~; checked again by the backend. */
export const hostPathSchema = z.string().trim().min(1, 'Give the path of a file.').max(4096);
/** An image id (sha256:…, or a short one) or reference (name[:tag][@digest]), checked as the engine would, so no odd path reaches its API. */
export const imageRefSchema = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .superRefine((ref, ctx) => {
    const r = parseImageRef(ref);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  });
/** A registry address (host[:port], a URL is accepted); normalised in the engine. */
export const registryServerSchema = z.string().min(1, 'Give the registry address.').max(300);
/** A repository path inside a registry, e.g. team/app. */
export const repositoryNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/, 'A repository name is lower-case parts (a-z, 0-9, . _ -) separated by /.');
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
    mounts: z
      .array(z.object({ type: z.enum(['bind', 'volume']), source: text(4096), target: text(4096).startsWith('/'), readOnly: z.boolean() }))
      .max(500),
    restart: z.object({ name: z.enum(['no', 'always', 'unless-stopped', 'on-failure']), maxRetries: z.number().int().min(0).max(1_000_000).optional() }),
    autoRemove: z.boolean(),
    network: text(256).optional(),
    user: text(256).optional(),
    workdir: text(4096).optional(),
    labels: z.record(text(1024), text(65_536)),
    interactive: z.boolean(),
    tty: z.boolean(),
  })
  .strict();

export const contract = {
  'backend.hello': call<BackendHello>()(none),
  /** Internal: exit soon after answering, leaving the engine running for the next backend to take over (a newer Berth replaces this one). */
  'backend.handover': call<{ pid: number }>()(none),

  'engine.status': call<EngineStatus>()(none),
  'engine.start': call<EngineStatus>()(
    z.object({ mode: engineModeSchema.optional(), host: dockerHostSchema.optional() }).strict(),
  ),
  'engine.stop': call<EngineStatus>()(none),
  'engine.restart': call<EngineStatus>()(none),
  'engine.info': call<EngineInfo>()(none),
  /** VM mode's settings with their defaults here. */
  'settings.vm': call<VmSettingsView>()(none),
  /** Change VM mode's settings; checked here (and against the data disk's size) before anything is written. Used from the VM's next start. */
  'settings.setVm': call<VmSettingsView>()(vmSettingsSchema),
  /** The engine's daemon.json (native and VM modes). */
  'settings.daemon': call<DaemonConfigView>()(none),
  /** Check daemon.json as JSON and with dockerd itself; null when accepted, else what is wrong. Nothing is written. */
  'settings.checkDaemon': call<string | null>()(daemonTextSchema),
  /** Save daemon.json after the checks; with restart, apply it (the previous one is restored if the engine will not start). */
  'settings.setDaemon': call<DaemonConfigView>()(daemonTextSchema.extend({ restart: z.boolean().default(true) })),
  /** Preferences of the UI (theme, terminal, quitting) now, then on every change from any window. */
  'settings.watchUi': stream<UiSettingsView>()(none),
  'settings.setUi': call<UiSettingsView>()(uiSettingsSchema),
  /** What a reset to factory defaults would delete, with sizes. */
  'settings.resetPlan': call<ResetPlan>()(none),
  /** Stop the engine, delete everything the plan lists, and start the engine again with the defaults. */
  'settings.reset': call<ResetPlan>()(z.object({ confirm: z.literal(true) }).strict()),
  /** Save a diagnostics bundle (versions, status, checks, settings without secrets, recent logs) under the home. */
  'support.diagnostics': call<Diagnostics>()(none),
  /** What each mode needs on this machine, and what stops it. */
  'engine.check': call<ModeCheck[]>()(none),
  'engine.logs': call<string[]>()(z.object({ lines: z.number().int().min(1).max(10_000).default(200) }).strict()),
  /** The engine status now, then every change. */
  'engine.watch': stream<EngineStatus>()(none),
  /** The last `tail` log lines, then new lines as they are written, in batches. */
  'engine.watchLogs': stream<string[]>()(z.object({ tail: z.number().int().min(0).max(10_000).default(200), source: z.enum(LOG_SOURCES).default('mode') }).strict()),

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
        signal: z.string().regex(/^(SIG)?[A-Z0-9+-]{1,16}$|^\d{1,2}$/, 'A signal looks like SIGTERM, TERM or 15.').optional(),
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
  /** Log lines, demultiplexed in the engine, in batches; follows new lines when asked. */
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

  /** The container's processes, as `docker top` lists them. */
  'containers.top': call<{ titles: string[]; processes: string[][] }>()(z.object({ id: containerIdSchema }).strict()),
  /** Resource use, about once a second: of the given containers, or of every running one. */
  'containers.stats': stream<ContainerStats[]>()(z.object({ ids: z.array(containerIdSchema).max(1000).optional() }).strict()),
  /** Check a run spec: a message per field, empty when it can run. */
  'containers.validateRun': call<FieldError[]>()(runSpecSchema),
  'containers.run': call<{ id: string; warnings: string[] }>()(runSpecSchema),

  'images.list': call<ImageSummary[]>()(none),
  /** The image list now, then again after each image event. */
  'images.watch': stream<ImageSummary[]>()(none),
  /** Pull an image: progress per layer until done; cancelling stops the pull on the engine. */
  'images.pull': stream<PullProgress>()(z.object({ ref: z.string().min(1).max(512) }).strict()),
  /** Push a local image to the registry its name points at; progress per layer; cancellable. */
  'images.push': stream<PullProgress>()(z.object({ ref: z.string().min(1).max(512) }).strict()),
  /** `docker image inspect`: config, env, entrypoint, cmd, exposed ports, labels, platform. */
  'images.inspect': call<unknown>()(z.object({ ref: imageRefSchema }).strict()),
  'images.history': call<ImageHistoryStep[]>()(z.object({ ref: imageRefSchema }).strict()),
  /** The containers (running or not) made from an image, named in the removal confirmation. */
  'images.users': call<ImageUser[]>()(z.object({ ref: imageRefSchema }).strict()),
  'images.remove': call<ActionResult[]>()(z.object({ refs: z.array(imageRefSchema).min(1).max(500), force: z.boolean().default(false) }).strict()),
  'images.tag': call<void>()(z.object({ ref: imageRefSchema, target: imageRefSchema }).strict()),
  /** Disk use of the images by layer, and what pruning would free; computed on demand (an image's layers are read once, then cached). */
  'images.disk': call<ImageDiskSummary>()(none),
  /** Dangling images, or every image no container uses when `all`. */
  'images.prune': call<PruneResult>()(z.object({ all: z.boolean().default(false) }).strict()),
  /** Where saves go by default (the user's Downloads folder, else home) and the host's path separator. */
  'images.archiveDefaults': call<ArchiveDefaults>()(none),
  /** `docker save` into a host file: bytes written against an estimate; an existing file is kept unless `overwrite`; cancel leaves nothing. */
  'images.save': stream<ArchiveProgress>()(
    z.object({ refs: z.array(imageRefSchema).min(1).max(100), path: hostPathSchema, overwrite: z.boolean().default(false) }).strict(),
  ),
  /** `docker load` from a host file: bytes read; the last event lists the images loaded. */
  'images.load': stream<ArchiveProgress>()(z.object({ path: hostPathSchema }).strict()),
  /** `docker import` of a root filesystem tarball (plain, gzip, bzip2 or xz); the last event names the new image. */
  'images.import': stream<ArchiveProgress>()(
    z
      .object({
        path: hostPathSchema,
        /** repository[:tag]; the image is untagged without it. */
        ref: text(512).optional(),
        /** Dockerfile instructions, one per entry, as `docker import -c`. */
        changes: z.array(z.string().trim().min(1).max(65_536)).max(100).default([]),
        message: text(4096).optional(),
      })
      .strict(),
  ),

  /** Registries with stored logins, those local images name, and Docker Hub; never a secret. */
  'registries.list': call<RegistrySummary[]>()(none),
  /** Check a login with the engine and store it sealed; a refused login stores nothing. The secret is never logged or sent back. */
  'registries.login': call<RegistrySummary>()(
    z
      .object({
        server: registryServerSchema,
        username: z.string().min(1, 'Give the user name.').max(256).regex(/^[^\s:]+$/, 'A user name has no spaces or colons.'),
        secret: z.string().min(1, 'Give the password or token.').max(4096, 'A password or token has at most 4096 characters.'),
      })
      .strict(),
  ),
  'registries.logout': call<void>()(z.object({ server: registryServerSchema }).strict()),
  /** Repository names (`GET /v2/_catalog`), up to 10,000. */
  'registries.catalog': call<RegistryCatalog>()(z.object({ server: registryServerSchema }).strict()),
  'registries.tags': call<RepositoryTags>()(z.object({ server: registryServerSchema, repository: repositoryNameSchema }).strict()),
  /**
   * Internal, from the Electron main process only: the 32-byte data key that seals the
   * registry logins, unwrapped from the system keychain (base64). Never logged or sent back.
   */
  'secrets.provideKey': call<void>()(
    z.object({ key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'A data key is 32 bytes in base64.') }).strict(),
  ),
  /** Internal, from the Electron main process only: a sentence saying why the system keychain cannot be used (logged once). */
  'secrets.keychainUnavailable': call<void>()(z.object({ reason: z.string().min(1).max(1000) }).strict()),

  'volumes.list': call<VolumeSummary[]>()(none),
  /** The list now, then again after each volume event or container create/destroy (volumes are few; each list is whole). */
  'volumes.watch': stream<VolumeSummary[]>()(none),
  /** Sizes in bytes by volume name; slow on big volumes (it is `docker system df`), so asked for on demand. */
  'volumes.sizes': call<Record<string, number>>()(none),
  'volumes.create': call<VolumeSummary>()(
    z.object({ name: containerNameSchema.optional(), labels: z.record(z.string().max(1024), z.string().max(65_536)).default({}) }).strict(),
  ),
  'volumes.remove': call<ActionResult[]>()(z.object({ names: z.array(volumeNameSchema).min(1).max(1000), force: z.boolean().default(false) }).strict()),
  'volumes.prune': call<PruneResult>()(none),
  /** One folder of a volume, read-only, through a short-lived helper container. */
  'volumes.browse': call<VolumeEntry[]>()(z.object({ name: volumeNameSchema, path: z.string().max(4096).default('/') }).strict()),

  /**
   * An interactive shell in a running container (exec with a TTY): output as
   * base64 batches, keystrokes, resizes and flow-control acks up. Cancelling
   * hangs the shell up.
   */
  'terminal.open': duplex<TerminalEvent>()(terminalOpenSchema, terminalUpSchema),
  /**
   * Attach to the main process of a container run with -it (`docker attach`),
   * with the same stream model. The detach keys end it and leave the process
   * running; so does cancelling.
   */
  'terminal.attach': duplex<TerminalEvent>()(terminalAttachSchema, terminalUpSchema),
  /** The engine shell: the user's shell on this computer, with DOCKER_HOST set to Berth's engine. Cancelling hangs it up. */
  'terminal.engineShell': duplex<TerminalEvent>()(engineShellSchema, terminalUpSchema),

  /**
   * Index an image's layers from one `docker save` stream (progress while it
   * streams; cancelling stops it), or find them indexed; ends with the summary:
   * layers and their changes, waste, efficiency and common-waste flags.
   */
  'layers.index': stream<LayerIndexEvent>()(layersIndexSchema),
  /** One directory of a layer's own changes, or of the image as of that layer. */
  'layers.tree': call<LayerTreeEntry[]>()(layersTreeSchema),
  /** Paths matching a substring or glob in one view of one layer. */
  'layers.search': call<{ matches: LayerTreeEntry[]; more: boolean }>()(layersSearchSchema),
  /** Two images layer by layer (from the engine's metadata; nothing is read): shared layers and the first that differs. */
  'layers.compare': call<LayerComparison>()(layersCompareSchema),
  /** The first bytes of a file as the layer that wrote it stores it (text, or that it is binary). */
  'layers.preview': call<FilePreview>()(layersPreviewSchema),
  /** Write a file or directory as the image has it at a layer into a host folder: progress while the archive streams, cancel leaves nothing. */
  'layers.extract': stream<ArchiveProgress>()(layersExtractSchema),

  /**
   * Build an image from a Dockerfile with BuildKit: the plan (stages), the
   * context summed up, upload progress, steps and their logs as they run, then
   * `done` or `failed` (with the failing step's Dockerfile lines). Cancelling
   * stops the build on the engine.
   */
  'builds.start': stream<BuildEvent>()(buildStartSchema),
  /** Read a Dockerfile and walk its context without building: stages (for the target list) and what would be sent. */
  'builds.plan': call<BuildPlan>()(buildPlanSchema),
  /** The build history under the Berth home, newest first. */
  'builds.list': call<BuildSummary[]>()(none),
  /** One build's whole record: settings, Dockerfile, context hashes, steps, logs, result. */
  'builds.get': call<BuildRecord>()(buildIdSchema),
  'builds.remove': call<{ removed: boolean }>()(buildIdSchema),
  /** Two builds of the same Dockerfile step by step: times and cache hits of each, older first. */
  'builds.compare': call<BuildComparison>()(buildCompareSchema),

  /** Transport self-test: echoes each pushed string back, upper-cased when asked. */
  'rpc.echo': duplex<string>()(z.object({ upper: z.boolean().default(false) }).strict(), z.string().max(65_536)),
} as const satisfies Record<string, MethodDef>;

export type Contract = typeof contract;

export type MethodName = keyof Contract;
export type CallName = { [K in MethodName]: Contract[K]['kind'] extends 'call' ? K : never }[MethodName];
export type StreamName = { [K in MethodName]: Contract[K]['kind'] extends 'stream' ? K : never }[MethodName];
export type DuplexName = { [K in MethodName]: Contract[K]['kind'] extends 'duplex' ? K : never }[MethodName];

/** Input as the caller writes it (defaults may be omitted). */
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
/** Input as the handler receives it (defaults applied). */
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends CallName> = Contract[M] extends CallDef<any, infer O> ? O : never;
export type EventOf<M extends StreamName | DuplexName> = Contract[M] extends StreamDef<any, infer E>
  ? E
  : Contract[M] extends DuplexDef<any, infer E, any>
    ? E
    : never;
export type UpOf<M extends DuplexName> = Contract[M] extends DuplexDef<any, any, infer U> ? z.output<U> : never;
