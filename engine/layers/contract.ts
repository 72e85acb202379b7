/** The layer browser's part of the contract: what the UI asks for and what it gets back (zod-free types, then the input schemas). */
import { z } from 'zod';
import { call, stream, type MethodDef } from '../contract/types.js';
import type { ArchiveProgress } from '../images/contract.js';

/** One step of the image's history, oldest first; `layer` is set when it made a layer. */
export interface LayerStep {
  readonly instruction: string;
  /** Epoch seconds. */
  readonly created: number;
  readonly layer?: number;
}

export interface LayerInfo {
  readonly index: number;
  readonly diffId: string;
  readonly instruction: string;
  /** Bytes of file data the layer stores. */
  readonly bytes: number;
  readonly added: number;
  readonly modified: number;
  readonly removed: number;
}

export interface WasteEntry {
  /** The path as stored (bytes as latin1), to ask for it again. */
  readonly path: string;
  /** The path for people (UTF-8, or with bad bytes as \xNN). */
  readonly name: string;
  readonly wasted: number;
  readonly kept: number;
  readonly copies: ReadonlyArray<{ readonly layer: number; readonly size: number }>;
  readonly removedIn?: number;
}

export type WasteFlagKind = 'package-cache' | 'git' | 'toolchain';

/** A common kind of waste found in the image, with how to fix it. */
export interface WasteFlag {
  readonly kind: WasteFlagKind;
  readonly title: string;
  readonly fix: string;
  /** Bytes of such files the final image still holds. */
  readonly inImage: number;
  /** Bytes of such files deleted in a later layer but still stored. */
  readonly wasted: number;
  /** The biggest such paths (display names). */
  readonly examples: readonly string[];
}

export interface LayerSummary {
  readonly id: string;
  readonly steps: readonly LayerStep[];
  readonly layers: readonly LayerInfo[];
  /** Bytes of all layers together. */
  readonly total: number;
  readonly wasted: number;
  /** 0–1: the share of the layers' bytes the image really uses. */
  readonly efficiency: number;
  /** The paths with wasted bytes, most first (at most WASTE_LIST). */
  readonly waste: readonly WasteEntry[];
  readonly wastePaths: number;
  readonly flags: readonly WasteFlag[];
  /** Files in the final image. */
  readonly files: number;
}

export const WASTE_LIST = 500;

export type LayerIndexEvent =
  | { readonly t: 'progress'; readonly bytes: number; readonly total: number }
  | { readonly t: 'ready'; readonly summary: LayerSummary; readonly cached: boolean };

export type LayerChangeStatus = 'added' | 'modified' | 'removed' | 'unchanged';

/** One entry of a directory in a layer tree. */
export interface LayerTreeEntry {
  /** The path as stored (bytes as latin1), to ask for it again. */
  readonly path: string;
  /** The whole path for people (UTF-8, or with bad bytes as \xNN). */
  readonly display: string;
  /** The last part of `display`. */
  readonly name: string;
  readonly kind: 'file' | 'dir' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'other';
  /** A file's bytes, or a directory's total. */
  readonly size: number;
  readonly files?: number;
  readonly status?: LayerChangeStatus;
  /** The layer that last wrote it. */
  readonly layer: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly link?: string;
  readonly hasChildren: boolean;
}

/** Two images side by side, layer by layer: the layers they share from the bottom, and the first that differs. */
export interface LayerComparison {
  readonly a: { readonly ref: string; readonly id: string };
  readonly b: { readonly ref: string; readonly id: string };
  /** Row i: layer i of each image (absent past an image's last layer). */
  readonly rows: ReadonlyArray<{
    readonly a?: { readonly diffId: string; readonly instruction: string; readonly size: number };
    readonly b?: { readonly diffId: string; readonly instruction: string; readonly size: number };
    readonly same: boolean;
  }>;
  /** How many layers, from the bottom, both images share. */
  readonly shared: number;
  readonly sharedBytes: number;
  /** The first layer that differs (undefined when the images have the same layers). */
  readonly firstDifference?: number;
}

/** The start of a file, for a preview. */
export type FilePreview =
  { readonly kind: 'text'; readonly text: string; readonly size: number; readonly truncated: boolean } | { readonly kind: 'binary'; readonly size: number };

/** Most bytes of a file a preview shows. */
export const PREVIEW_BYTES = 64 * 1024;

const ref = z.string().min(1).max(512);
const view = z.enum(['changes', 'image']);

export const layersIndexSchema = z.object({ ref }).strict();
export const layersTreeSchema = z
  .object({
    ref,
    layer: z.number().int().min(0).max(10_000),
    view,
    /** A directory, as stored ('' for the root). */
    path: z.string().max(65_536).default(''),
  })
  .strict();
export const layersSearchSchema = z
  .object({
    ref,
    layer: z.number().int().min(0).max(10_000),
    view,
    /** A substring, or a glob with * ? and ** when it has any of them. */
    query: z.string().min(1).max(4096),
    limit: z.number().int().min(1).max(5000).default(500),
  })
  .strict();
export const layersCompareSchema = z.object({ a: ref, b: ref }).strict();
export const layersPreviewSchema = z.object({ ref, layer: z.number().int().min(0).max(10_000), view, path: z.string().min(1).max(65_536) }).strict();
export const layersExtractSchema = z
  .object({
    ref,
    layer: z.number().int().min(0).max(10_000),
    /** A file or directory ('' for the whole image), as stored. */
    path: z.string().max(65_536),
    /** The host folder to write it into. */
    folder: z.string().min(1).max(4096),
  })
  .strict();

export const layersContract = {
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
} as const satisfies Record<string, MethodDef>;
