/** The system's part of the contract: disk use by kind (`docker system df`) and clean-ups that first list what they delete. */
import { z } from 'zod';
import { call, none, stream, type ActionResult, type MethodDef } from '../contract/types.js';

/** The kinds of things that take the engine's disk, as `docker system df` groups them. */
export const DISK_KINDS = ['images', 'containers', 'volumes', 'buildCache'] as const;
export type DiskKind = (typeof DISK_KINDS)[number];

/** One line of `docker system df`: how many, how many in use, bytes taken and bytes a clean-up could free. */
export interface DiskFigure {
  readonly kind: DiskKind;
  readonly count: number;
  readonly active: number;
  readonly size: number;
  readonly reclaimable: number;
}

/** The engine's disk use, one figure per kind, in DISK_KINDS order. */
export interface DiskUsage {
  readonly figures: readonly DiskFigure[];
}

/** One thing a clean-up would delete. */
export interface CleanupItem {
  /** What the delete is asked with: image id, container id, volume name or build cache record id. */
  readonly id: string;
  /** What the user knows it by. */
  readonly name: string;
  /** Bytes it takes (what deleting it frees, as `docker system df` counts it). */
  readonly size: number;
}

/** Exactly what a clean-up of one kind deletes now: dangling images, stopped containers, unused volumes, or unused build cache. */
export interface CleanupPlan {
  readonly kind: DiskKind;
  readonly items: readonly CleanupItem[];
  /** Sum of the items' sizes. */
  readonly size: number;
}

/** The engine's own process at one moment: CPU and resident memory, or why it cannot be measured from here. */
export type EngineUsage =
  | {
      readonly measurable: true;
      /** What was measured: "dockerd", or the VM's "qemu-system-x86_64". */
      readonly process: string;
      readonly pid: number;
      /** Percent of one CPU since the previous sample (two busy cores are 200%); absent in the first sample. */
      readonly cpuPercent?: number;
      /** CPU time used since the process started, in seconds. */
      readonly cpuSeconds: number;
      /** Resident memory (VmRSS), bytes. */
      readonly memBytes: number;
      /** Epoch milliseconds of the read. */
      readonly at: number;
    }
  | { readonly measurable: false; readonly reason: string };

export type ActivityKind = 'build' | 'pull' | 'exit';

/** One thing that happened lately: a build finished, an image pulled, a container exited. */
export interface ActivityItem {
  readonly kind: ActivityKind;
  /** The build id, the image reference pulled, or the container id. */
  readonly id: string;
  /** What the user knows it by: the build's tags (or context), the reference, the container's name. */
  readonly what: string;
  /** Epoch milliseconds. */
  readonly at: number;
  /** Whether it went well (a build done, a pull, an exit with code 0). */
  readonly ok: boolean;
  /** The outcome in words: "built", "failed", "cancelled", "pulled", "exit code 1". */
  readonly outcome: string;
  /** For an exit: the container's image. */
  readonly image?: string;
  /** For a failed pull: why, as the sentence the pull ended with. */
  readonly error?: string;
}

const cleanupIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.:-]*$/, 'An id is letters, digits, _ . : or -.');

export const systemContract = {
  /** Disk use by kind, summarised from the engine's `/system/df` the way `docker system df` does. */
  'system.df': call<DiskUsage>()(none),
  /** What a clean-up of `kind` would delete now, named and sized, before anything goes. */
  'system.cleanupPlan': call<CleanupPlan>()(z.object({ kind: z.enum(DISK_KINDS) }).strict()),
  /** Delete exactly the listed items; one no longer eligible (started, used, tagged, gone since the plan) is refused and kept. */
  'system.cleanup': call<ActionResult[]>()(z.object({ kind: z.enum(DISK_KINDS), ids: z.array(cleanupIdSchema).min(1).max(5000) }).strict()),
  /** The engine's own process (dockerd, or the VM's QEMU), sampled every two seconds while followed. */
  'system.engineUsage': stream<EngineUsage>()(none),
  /** The last builds, pulls and container exits, newest first: the whole list at once, and again whenever it changes. */
  'system.activity': stream<readonly ActivityItem[]>()(none),
} as const satisfies Record<string, MethodDef>;
