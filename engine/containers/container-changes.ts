/** A container's writable layer against its image (`docker diff`), as paths with what happened to each (pure). */
import type { ContainerChange } from './contract.js';

/** The engine's answer to GET /containers/{id}/changes: Kind 0 changed, 1 added, 2 deleted. */
export interface RawChange {
  readonly Path: string;
  readonly Kind: number;
}

const KINDS: ReadonlyArray<ContainerChange['kind']> = ['changed', 'added', 'deleted'];

/** Pure: the engine's answer as dockerode hands it over: parsed JSON, or (for the engine's `null`, no change) raw bytes. */
function rawChanges(raw: unknown): readonly RawChange[] {
  if (Array.isArray(raw)) return raw as RawChange[];
  if (raw instanceof Uint8Array) {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(raw).toString('utf8').replace(/\0/g, '').trim() || 'null');
      return Array.isArray(parsed) ? (parsed as RawChange[]) : [];
    } catch {
      return [];
    }
  }
  return [];
}

/** Pure: the engine's changes as the contract gives them, sorted by path; an unknown kind counts as changed. A null answer (no change) is none. */
export function changesOf(raw: unknown): ContainerChange[] {
  return rawChanges(raw)
    .map((c) => ({ path: c.Path, kind: KINDS[c.Kind] ?? 'changed' }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
