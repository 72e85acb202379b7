/**
 * What the package readers find in a layer: packages read from package
 * databases (each with the path of the record that lists it), licences from
 * Debian copyright files, the distribution from os-release, and the sizes
 * Python's RECORD files give. Plain data, so a layer's findings can be cached.
 */

export type Ecosystem = 'deb' | 'apk' | 'npm' | 'python' | 'go';

/** One package as a database lists it. */
export interface FoundPackage {
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly version: string;
  /** Licences as the metadata names them (SPDX expressions where the format has them). */
  readonly licences: readonly string[];
  /** Bytes installed, when the database says (dpkg, apk) or the files were counted. */
  readonly size?: number;
  readonly arch?: string;
  /** The source package (dpkg Source, apk origin), when it differs from the name. */
  readonly source?: string;
}

export interface OsRelease {
  readonly id: string;
  readonly versionId?: string;
  readonly prettyName?: string;
}

/** One file of a layer that says something about packages, parsed. */
export type Finding =
  | { readonly kind: 'packages'; readonly packages: readonly FoundPackage[] }
  | { readonly kind: 'copyright'; readonly licences: readonly string[] }
  | { readonly kind: 'os-release'; readonly os: OsRelease }
  | { readonly kind: 'record'; readonly size: number }
  /** A database file that could not be read (too big, damaged): it still hides what an earlier layer wrote there. */
  | { readonly kind: 'unreadable'; readonly why: string };

/** A layer's findings by path (as stored in the layer, without a leading slash). */
export type LayerFindings = Readonly<Record<string, Finding>>;
