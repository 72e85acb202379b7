/** The engine's part of the contract: its status, starting and stopping it, its checks and its logs. */
import { z } from 'zod';
import { call, none, stream, type MethodDef } from '../contract/types.js';

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
  /** Native mode as a user other than root: the engine runs rootless, under RootlessKit. */
  readonly rootless?: boolean;
  /** Whether containers of the running engine can have memory and CPU limits; absent when they can. */
  readonly limits?: EngineLimits;
}

/** Resource limits the running engine can honour. */
export interface EngineLimits {
  readonly available: boolean;
  /** Why not, as a sentence. */
  readonly reason?: string;
}

/** Privileged fixes Berth can run for the user through pkexec: each names one fixed command, never a string from a page. */
export const HOST_FIX_IDS = ['subids', 'uidmap', 'rootlesskit', 'userns-clone', 'max-userns', 'apparmor-userns', 'tun-module', 'tun-mode'] as const;
export type HostFixId = (typeof HOST_FIX_IDS)[number];

/** Something that stops a mode, and how to fix it. */
export interface HostProblem {
  readonly problem: string;
  readonly fix: string;
  /** The one command that fixes it, to copy into a terminal. */
  readonly command?: string;
  /** Present when Berth can run that command itself through pkexec (`engine.fixHost`). */
  readonly fixId?: HostFixId;
}

/** What an engine mode needs on this machine: whether it can run, what stops it (with the fix), and what works less well. */
export interface ModeCheck {
  readonly mode: EngineMode;
  readonly usable: boolean;
  readonly problems: readonly HostProblem[];
  readonly notes: readonly string[];
}

/** Logs Berth keeps: the engine's own for its mode, dockerd's, the VM's console, and the backend's. */
export const LOG_SOURCES = ['mode', 'dockerd', 'vm-console', 'backend'] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

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

export const engineModeSchema = z.enum(['native', 'vm', 'external']);
/** A Docker endpoint a user may point Berth at: unix socket or tcp. */
export const dockerHostSchema = z
  .string()
  .max(500)
  .regex(/^(unix:\/\/\/|tcp:\/\/|npipe:\/\/)/, 'A Docker host looks like unix:///path/to/docker.sock or tcp://host:port.');

export const engineContract = {
  'engine.status': call<EngineStatus>()(none),
  'engine.start': call<EngineStatus>()(z.object({ mode: engineModeSchema.optional(), host: dockerHostSchema.optional() }).strict()),
  'engine.stop': call<EngineStatus>()(none),
  'engine.restart': call<EngineStatus>()(none),
  'engine.info': call<EngineInfo>()(none),
  /** What each mode needs on this machine, and what stops it. */
  'engine.check': call<ModeCheck[]>()(none),
  /** Run one of the fixed privileged commands a check offers, through pkexec (which asks for the password); then check again. */
  'engine.fixHost': call<ModeCheck[]>()(z.object({ fix: z.enum(HOST_FIX_IDS) }).strict()),
  'engine.logs': call<string[]>()(z.object({ lines: z.number().int().min(1).max(10_000).default(200) }).strict()),
  /** The engine status now, then every change. */
  'engine.watch': stream<EngineStatus>()(none),
  /** The last `tail` log lines, then new lines as they are written, in batches. */
  'engine.watchLogs': stream<string[]>()(
    z.object({ tail: z.number().int().min(0).max(10_000).default(200), source: z.enum(LOG_SOURCES).default('mode') }).strict(),
  ),
} as const satisfies Record<string, MethodDef>;
