/** The builds part of the contract: starting a build and what it streams back. */
import { z } from 'zod';
import { call, none, stream, type MethodDef } from '../contract/types.js';
import type { BuildStep } from './build-model.js';
import type { CacheExplanation } from './explain.js';
import type { BuildRecord } from './records.js';
import type { BuildComparison } from './compare.js';
import type { BuildImages } from './previous-image.js';

export type { BuildStep, StepState } from './build-model.js';
export type { BuildRecord, BuildResult, BuildSettings } from './records.js';
export type { CacheExplanation, CacheReason } from './explain.js';
export type { BuildComparison, ComparedStep, StepSide } from './compare.js';
export type { BuildImages, PreviousImage } from './previous-image.js';

/** One line of the build history; a finished build's image, and the image its tag named before it (to compare the two). */
export interface BuildSummary extends BuildImages {
  readonly id: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly context: string;
  readonly dockerfile: string;
  readonly tags: readonly string[];
  readonly target?: string;
  /** The engine of the Engines list it was built on; none for Berth's own engine. */
  readonly engine?: string;
  readonly result: 'done' | 'failed' | 'cancelled';
  readonly steps: number;
  readonly cached: number;
}

export type BuildEvent =
  /** The context as it will be sent: before any upload. */
  | { readonly t: 'context'; readonly files: number; readonly bytes: number; readonly excluded: number; readonly large: boolean }
  /** The Dockerfile's stages, and the ones this build runs. */
  | {
      readonly t: 'plan';
      readonly stages: ReadonlyArray<{
        readonly index: number;
        readonly name?: string;
        readonly base: string;
        readonly needs: readonly number[];
        readonly runs: boolean;
        readonly line: number;
      }>;
    }
  /**
   * Context bytes sent so far. Through a BuildKit session only what the build reads is sent: the
   * last event then says how many files went (`sent`).
   */
  | { readonly t: 'upload'; readonly bytes: number; readonly total: number; readonly sent?: number }
  /** The builder this build uses, and why when it is not the one asked for. */
  | { readonly t: 'builder'; readonly builder: 'buildkit' | 'classic'; readonly reason?: string }
  /** Steps that changed. */
  | { readonly t: 'steps'; readonly steps: readonly BuildStep[] }
  /** Log output of one step. */
  | { readonly t: 'log'; readonly digest: string; readonly stream: number; readonly text: string }
  /** The build ended well. */
  | { readonly t: 'done'; readonly imageId: string; readonly tags: readonly string[]; readonly ms: number }
  /** How this build used the cache, compared with the last build of the same Dockerfile and context. */
  | { readonly t: 'explain'; readonly previousId: string; readonly explanation: CacheExplanation; readonly text?: string }
  /** The build's record id (for history, rebuild and compare). */
  | { readonly t: 'record'; readonly id: string }
  /** The build failed: the failing step, or the Dockerfile's own fault, and where it is in the Dockerfile. */
  | { readonly t: 'failed'; readonly message: string; readonly digest?: string; readonly line?: number; readonly endLine?: number };

/** What a build would do, read before it starts: the Dockerfile's stages and the context it would send. */
export interface BuildPlan {
  readonly dockerfilePath: string;
  readonly dockerfileText: string;
  readonly stages: ReadonlyArray<{
    readonly index: number;
    readonly name?: string;
    readonly base: string;
    readonly needs: readonly number[];
    readonly line: number;
  }>;
  readonly context: { readonly files: number; readonly bytes: number; readonly excluded: number; readonly large: boolean };
}

export const buildPlanSchema = z
  .object({
    context: z.string().min(1).max(4096),
    dockerfile: z.string().min(1).max(4096).optional(),
  })
  .strict();

const name = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'A build arg is a name of letters, digits and _, not starting with a digit.');

export const buildStartSchema = z
  .object({
    /** The context folder on this computer. */
    context: z.string().min(1).max(4096),
    /** The Dockerfile; `Dockerfile` in the context when absent. */
    dockerfile: z.string().min(1).max(4096).optional(),
    tags: z.array(z.string().min(1).max(512)).max(20).default([]),
    buildArgs: z.record(name, z.string().max(65_536)).default({}),
    labels: z.record(z.string().min(1).max(512), z.string().max(65_536)).default({}),
    target: z.string().min(1).max(128).optional(),
    noCache: z.boolean().default(false),
    pull: z.boolean().default(false),
    /** BuildKit, the classic builder, or "auto": BuildKit unless the engine has none. */
    builder: z.enum(['auto', 'buildkit', 'classic']).default('auto'),
  })
  .strict();
export const buildIdSchema = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'Not a build id.') }).strict();

export const buildCompareSchema = z.object({ before: buildIdSchema.shape.id, after: buildIdSchema.shape.id }).strict();

export const buildsContract = {
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
} as const satisfies Record<string, MethodDef>;
