/** Packages per layer and the image's SBOM: the packages part of the layer browser's contract. */
import { z } from 'zod';
import { call, type MethodDef } from '../../contract/types.js';
import type { Ecosystem, FoundPackage, OsRelease } from './model.js';

export type { Ecosystem, OsRelease } from './model.js';

/**
 * One package of the image, as its database lists it. Its licences are empty when the metadata names none
 * (dpkg: when the copyright file is not machine-readable).
 */
export interface ImagePackage extends FoundPackage {
  /** The record that lists it, for people: `/var/lib/dpkg/status`, a package folder, a dist-info folder, a Go binary. */
  readonly location: string;
  /** Its package URL (purl). */
  readonly purl: string;
  /** The layer that installed this version of it. */
  readonly layer: number;
}

export type PackageChangeKind = 'installed' | 'upgraded' | 'downgraded' | 'removed';

export interface PackageChange {
  readonly kind: PackageChangeKind;
  /** The package after the layer (before it, when removed). */
  readonly package: ImagePackage;
  /** The version before the layer, for upgrades and downgrades. */
  readonly from?: string;
}

export interface LayerPackages {
  readonly index: number;
  readonly instruction: string;
  readonly changes: readonly PackageChange[];
}

export interface ImagePackages {
  readonly id: string;
  /** The distribution, from os-release. */
  readonly os?: OsRelease;
  readonly layers: readonly LayerPackages[];
  /** Every package of the final image, by ecosystem and name. */
  readonly packages: readonly ImagePackage[];
  /** Package files the final image holds that could not be read. */
  readonly unreadable: ReadonlyArray<{ readonly path: string; readonly layer: number; readonly why: string }>;
}

export type SbomFormat = 'cyclonedx' | 'spdx';

export interface SbomResult {
  readonly format: SbomFormat;
  /** The document (JSON text), when no path was given. */
  readonly document?: string;
  /** Where it was written, when a path was given. */
  readonly path?: string;
  readonly bytes: number;
  readonly packages: number;
}

export type PackageDifferenceKind = 'added' | 'removed' | 'upgraded' | 'downgraded';

/** One package that differs between two images. */
export interface PackageDifference {
  /** Upgraded or downgraded: in both images, at another version in b (versions ordered the way dpkg orders them). */
  readonly kind: PackageDifferenceKind;
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly location: string;
  /** The version in image a (absent when added). */
  readonly a?: string;
  /** The version in image b (absent when removed). */
  readonly b?: string;
  /** The layer of b that put its version there (of a, when removed). */
  readonly layer: number;
  /** The layer of image a that put its version there (absent when added). */
  readonly layerA?: number;
  /** The layer of image b that put its version there (absent when removed). */
  readonly layerB?: number;
}

export interface PackageComparison {
  /** The image ids. */
  readonly a: string;
  readonly b: string;
  readonly differences: readonly PackageDifference[];
  /** Packages in both images at the same version. */
  readonly same: number;
}

const ref = z.string().min(1).max(512);
export const packagesListSchema = z.object({ ref }).strict();
export const packagesSbomSchema = z
  .object({
    ref,
    format: z.enum(['cyclonedx', 'spdx']),
    /** A host file to write it to (atomically); without one the document comes back. */
    path: z.string().min(1).max(4096).optional(),
  })
  .strict();
export const packagesCompareSchema = z.object({ a: ref, b: ref }).strict();

export const packagesContract = {
  /** The packages each layer installed, upgraded and removed (dpkg, apk, npm, Python, Go), and the final image's list; reads the image once. */
  'layers.packages': call<ImagePackages>()(packagesListSchema),
  /** The image's SBOM as CycloneDX 1.5 or SPDX 2.3 JSON, made here without any network: returned, or written to a host file. */
  'layers.sbom': call<SbomResult>()(packagesSbomSchema),
  /** Packages added, removed, upgraded and downgraded from image a to image b, with the layer of each image that put each version there. */
  'layers.comparePackages': call<PackageComparison>()(packagesCompareSchema),
} as const satisfies Record<string, MethodDef>;
