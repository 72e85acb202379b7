/** The system's part of the contract: disk use by kind (`docker system df`) and clean-ups that first list what they delete. */
import { z } from 'zod';
import { call, none, type ActionResult, type MethodDef } from '../contract/types.js';

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
} as const satisfies Record<string, MethodDef>;
