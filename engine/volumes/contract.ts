/** The volumes' part of the contract: the list, creating, removing and browsing one. */
import { z } from 'zod';
import { call, none, stream, type ActionResult, type MethodDef, type PruneResult } from '../contract/types.js';
import { containerNameSchema } from '../containers/contract.js';

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

/** A volume name as the engine allows it (anonymous volumes are named by 64 hex digits). */
export const volumeNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'A volume name is letters, digits, _ . or -, starting with a letter or digit.');

export const volumesContract = {
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
} as const satisfies Record<string, MethodDef>;
