/** The diagnostics' part of the contract: a support bundle. */
import { call, none, type MethodDef } from '../contract/types.js';

/** A diagnostics bundle saved under the Berth home. */
export interface Diagnostics {
  readonly path: string;
  readonly bytes: number;
  /** The files inside it. */
  readonly files: readonly string[];
}

export const diagnosticsContract = {
  /** Save a diagnostics bundle (versions, status, checks, settings without secrets, recent logs) under the home. */
  'support.diagnostics': call<Diagnostics>()(none),
} as const satisfies Record<string, MethodDef>;
