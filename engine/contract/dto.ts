/** Data shapes that cross the RPC boundary. Plain JSON, read-only. */

export type EngineMode = 'native' | 'vm' | 'external';
export type EngineState = 'stopped' | 'starting' | 'running' | 'stopping' | 'error';

/** What the supervisor knows about the engine right now. */
export interface EngineStatus {
  readonly mode: EngineMode;
  readonly state: EngineState;
  /** Engine (dockerd) version once it answered, e.g. "20.10.24+dfsg1". */
  readonly version?: string;
  /** Path of the unix socket the engine listens on. */
  readonly socket?: string;
  /** The value to export as DOCKER_HOST so the docker CLI drives this engine. */
  readonly dockerHost?: string;
  readonly pid?: number;
  /** Epoch milliseconds when the engine last became ready. */
  readonly startedAt?: number;
  readonly uptimeSec?: number;
  /** The last failure, as a sentence a user can act on. */
  readonly lastError?: string;
  /** How many times the supervisor restarted the engine after a crash since it was started. */
  readonly restarts: number;
  /** The Berth home this engine belongs to. */
  readonly home: string;
  /** While starting: the boot stage reached (VM mode boots in four). */
  readonly stage?: BootStage;
  /** Something the user should know about the running engine, e.g. that the VM fell back to software emulation. */
  readonly notice?: string;
}

/** What an engine mode needs on this machine: whether it can run, what stops it (with the fix), and what works less well. */
export interface ModeCheck {
  readonly mode: EngineMode;
  readonly usable: boolean;
  readonly problems: ReadonlyArray<{ readonly problem: string; readonly fix: string }>;
  readonly notes: readonly string[];
}

/** VM mode's settings, as stored (unset fields take the defaults shown beside them). */
export interface VmSettings {
  readonly cpus?: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  readonly share?: string;
  readonly accel: 'auto' | 'kvm' | 'hvf' | 'whpx' | 'tcg';
}

export interface VmSettingsView {
  readonly vm: VmSettings;
  /** What an unset field means here. */
  readonly defaults: { readonly cpus: number; readonly share: string };
  readonly hostCpus: number;
  readonly hostMemoryMiB: number;
  /** The data disk's current size, when it exists: it cannot shrink below it. */
  readonly diskGiBNow?: number;
}

/** The engine's daemon.json as the Settings page edits it. */
export interface DaemonConfigView {
  /** The file's text, as saved (formatting kept). */
  readonly text: string;
  readonly path: string;
  /** False in external mode: that engine is configured where it runs. */
  readonly appliesNow: boolean;
  readonly mode: EngineMode;
  readonly running: boolean;
}

/** What "reset to factory defaults" deletes, item by item, before it is confirmed. */
export interface ResetPlan {
  readonly items: ReadonlyArray<{
    readonly label: string;
    /** What is in it, in a few words. */
    readonly detail: string;
    readonly path: string;
    /** Its size on disk, when it exists (a lower bound when `more`). */
    readonly bytes?: number;
    readonly more?: boolean;
  }>;
  /** What stays. */
  readonly kept: readonly string[];
}

/** Logs Berth keeps: the engine's own for its mode, dockerd's, the VM's console, and the backend's. */
export const LOG_SOURCES = ['mode', 'dockerd', 'vm-console', 'backend'] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

/** A diagnostics bundle saved under the Berth home. */
export interface Diagnostics {
  readonly path: string;
  readonly bytes: number;
  /** The files inside it. */
  readonly files: readonly string[];
}

export interface BootStage {
  readonly step: number;
  readonly of: number;
  readonly label: string;
}

/** The essentials of `docker info`. */
export interface EngineInfo {
  readonly serverVersion: string;
  readonly apiVersion: string;
  readonly operatingSystem: string;
  readonly kernelVersion: string;
  readonly architecture: string;
  readonly cpus: number;
  readonly memTotal: number;
  readonly storageDriver: string;
  readonly cgroupDriver: string;
  readonly cgroupVersion: string;
  readonly dataRoot: string;
  readonly containers: { readonly total: number; readonly running: number; readonly paused: number; readonly stopped: number };
  readonly images: number;
  readonly runtimes: readonly string[];
  readonly defaultRuntime: string;
}

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface PortBinding {
  readonly ip?: string;
  readonly privatePort: number;
  readonly publicPort?: number;
  readonly type: 'tcp' | 'udp' | 'sctp';
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
}

/**
 * A change to the containers list. A watcher first gets a snapshot, then
 * upserts and removals; after the engine comes back from a restart or the
 * event stream reconnects, a fresh snapshot replaces everything.
 */
export type ContainerDelta =
  | { readonly kind: 'snapshot'; readonly containers: readonly ContainerSummary[] }
  | { readonly kind: 'upsert'; readonly container: ContainerSummary }
  | { readonly kind: 'remove'; readonly id: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** Who answers on the other end of the RPC connection. */
export interface BackendHello {
  readonly app: 'berth';
  readonly version: string;
  readonly pid: number;
  readonly home: string;
  readonly platform: string;
}

export const CONTAINER_ACTIONS = ['start', 'stop', 'restart', 'pause', 'unpause', 'kill'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

/** The outcome of an action on one of several containers; one failing does not stop the others. */
export interface ActionResult {
  readonly id: string;
  readonly ok: boolean;
  /** The engine's message, verbatim, when it failed. */
  readonly error?: string;
}

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

export interface PruneResult {
  readonly deleted: readonly string[];
  readonly spaceReclaimed: number;
}

export interface LogLineDto {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  readonly ts?: string;
}

/** A batch of log lines; `dropped` counts lines the engine side dropped because they came faster than they can be shown. */
export interface LogBatch {
  readonly lines: readonly LogLineDto[];
  readonly dropped: number;
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

/** One volume, with the containers that use it. */
export interface VolumeSummary {
  readonly name: string;
  readonly driver: string;
  readonly mountpoint: string;
  readonly createdAt?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Named by the engine (64 hex digits) because no one gave it a name. */
  readonly anonymous: boolean;
  readonly usedBy: ReadonlyArray<{ readonly id: string; readonly name: string }>;
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

/** A registry Berth knows of: logged in, or named by a local image, or Docker Hub. Never carries a secret. */
export interface RegistrySummary {
  /** Normalised host[:port]; Docker Hub is `docker.io`. */
  readonly server: string;
  /** The stored login's user name. */
  readonly username?: string;
  readonly loggedIn: boolean;
  /** Local image names that point at this registry. */
  readonly localImages: number;
}

/** The repositories a registry lists (`GET /v2/_catalog`), up to a cap. */
export interface RegistryCatalog {
  readonly server: string;
  readonly repositories: readonly string[];
  /** True when the registry has more than Berth read (see `note`). */
  readonly truncated: boolean;
  readonly note?: string;
}

/** The tags of one repository (`GET /v2/<name>/tags/list`). */
export interface RepositoryTags {
  readonly server: string;
  readonly repository: string;
  readonly tags: readonly string[];
}

/** One entry of a folder in a volume. */
export interface VolumeEntry {
  readonly name: string;
  readonly type: 'file' | 'dir' | 'link' | 'other';
  readonly size: number;
  /** Permission bits in octal, e.g. "644". */
  readonly mode: string;
  /** Epoch seconds. */
  readonly mtime: number;
  readonly target?: string;
}

/** One local image, as `docker images` lists it. */
export interface ImageSummary {
  readonly id: string;
  /** repo:tag references; empty for a dangling image. */
  readonly tags: readonly string[];
  readonly size: number;
  /** Epoch seconds. */
  readonly created: number;
  /** repo@sha256 digests, known once the image was pulled or pushed. */
  readonly digests: readonly string[];
  /** Containers made from it, running or not: what keeps it "in use" and what removing it affects. */
  readonly containers: readonly ImageUser[];
}

export interface ImageUser {
  readonly id: string;
  readonly name: string;
  readonly state: string;
}

/** Disk use of all images, by layer: shared layers counted once, "reclaimable" being what removal really frees. */
export interface ImageDiskSummary {
  /** Bytes of all image layers on disk. */
  readonly total: number;
  /** Bytes freed by removing every image no container uses (`docker image prune -a`). */
  readonly reclaimableUnused: number;
  /** Bytes freed by removing the dangling images (`docker image prune`). */
  readonly reclaimableDangling: number;
  readonly images: number;
  readonly unusedImages: number;
  readonly danglingImages: number;
  /** False when some image's history could not be matched to its layers (figures then approximate). */
  readonly exact: boolean;
}

/** One step of an image's history, as a Dockerfile instruction. */
export interface ImageHistoryStep {
  readonly id: string;
  /** Epoch seconds. */
  readonly created: number;
  /** The instruction, e.g. `RUN apk add curl` or `CMD ["sh"]` (`#(nop)` stripped). */
  readonly instruction: string;
  readonly size: number;
  /** A metadata-only step (ENV, CMD, LABEL…): it made no layer. */
  readonly emptyLayer: boolean;
  readonly tags: readonly string[];
}

/** Progress of saving images to a tar file, loading one, or importing a root filesystem. */
export interface ArchiveProgress {
  /** Bytes written (save) or read from the file (load, import) so far. */
  readonly bytes: number;
  /** The file's size (load, import); for a save, an estimate from the images' sizes until done. */
  readonly total: number;
  /** True while `total` is an estimate. */
  readonly estimated: boolean;
  /** 0…1; at most 0.99 until `done`. */
  readonly fraction: number;
  readonly done: boolean;
  /** What is happening now, or what was done, as a sentence. */
  readonly message: string;
  /** Load: the image names (or ids) loaded so far; import: the new image's name, or its id when it has none. */
  readonly images: readonly string[];
  /** Import: the new image's id. */
  readonly id?: string;
}
