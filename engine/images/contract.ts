/** The images' part of the contract: the list, pull and push, inspection, disk use, and archives (save, load, import). */
import { z } from 'zod';
import { call, none, stream, text, type ActionResult, type MethodDef, type PruneResult } from '../contract/types.js';
import { parseImageRef } from './image-ref.js';
import type { PullProgress } from './pull-progress.js';
import type { ArchiveDefaults } from './archive.js';
import { engineIdSchema } from '../engines/contract.js';

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

export const imagesContract = {
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
  /**
   * Copy an image to another engine of the Engines list: `docker save` on the source (`from`, else this connection's
   * engine) streamed into `docker load` on `to`, no temporary file; bytes sent of the image's size; a cancel leaves
   * nothing tagged on the target; the last event names what arrived.
   */
  'images.copyTo': stream<ArchiveProgress>()(z.object({ ref: imageRefSchema, to: engineIdSchema, from: engineIdSchema.optional() }).strict()),
} as const satisfies Record<string, MethodDef>;
