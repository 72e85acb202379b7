/** Pure helpers of the Dashboard: the disk kinds' words, and which containers need attention. */
import type { ContainerSummary, DiskKind } from '../../../../engine/contract/dto';

/** What each disk kind is called, what its clean-up deletes, and the noun of one item. */
export const KIND_TEXT: Readonly<Record<DiskKind, { readonly label: string; readonly cleanup: string; readonly noun: string }>> = {
  images: { label: 'Images', cleanup: 'dangling images (no name, no container)', noun: 'dangling image' },
  containers: { label: 'Containers', cleanup: 'stopped containers', noun: 'stopped container' },
  volumes: { label: 'Volumes', cleanup: 'volumes no container uses', noun: 'unused volume' },
  buildCache: { label: 'Build cache', cleanup: 'build cache no build uses', noun: 'build cache record' },
};

/** The exit code in a status line such as "Exited (137) 5 minutes ago"; undefined for any other line. */
export function exitCodeOf(status: string): number | undefined {
  const m = /^Exited \((-?\d+)\)/.exec(status);
  return m ? Number(m[1]) : undefined;
}

/** A container worth a look: it exited with a non-zero code, or it keeps crashing. */
export interface Attention {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly exitCode?: number;
  readonly status: string;
  readonly observedAt: number;
  readonly crashLoop: boolean;
}

/** Pure: the containers that exited non-zero or crash-loop, crash loops first, then by name. */
export function needingAttention(containers: readonly ContainerSummary[]): Attention[] {
  return containers
    .flatMap((c) => {
      const exitCode = c.state === 'exited' ? exitCodeOf(c.status) : undefined;
      const failed = exitCode !== undefined && exitCode !== 0;
      if (!failed && !c.crashLoop) return [];
      return [{ id: c.id, name: c.name, image: c.image, exitCode, status: c.status, observedAt: c.observedAt, crashLoop: !!c.crashLoop }];
    })
    .sort((a, b) => Number(b.crashLoop) - Number(a.crashLoop) || a.name.localeCompare(b.name));
}

/** Pure: a share in percent, rounded down as the docker CLI does ("0%" of nothing). */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.floor((part * 100) / whole) : 0;
}

/** Pure: why a kind's clean-up has nothing to do (no bytes to free and every item in use), or undefined when it has. */
export function nothingToClean(figure: {
  readonly kind: DiskKind;
  readonly count: number;
  readonly active: number;
  readonly reclaimable: number;
}): string | undefined {
  if (figure.reclaimable > 0 || figure.count > figure.active) return undefined;
  return `Nothing to clean up: there are no ${KIND_TEXT[figure.kind].cleanup}.`;
}

/** The engine card's facts for a window on another engine than Berth's (from the Engines list's health check). */
export interface OtherEngineFacts {
  readonly name: string;
  readonly mode: string;
  readonly state: string;
  readonly version: string;
  readonly uptime: string;
}

/** Pure: what the engine card says of an engine of the Engines list: what its health check knows, and plainly what it does not. */
export function otherEngineFacts(
  engine: { readonly name: string },
  entry: { readonly kind: string; readonly health: { readonly state: 'up' | 'down'; readonly version?: string } } | undefined,
): OtherEngineFacts {
  return {
    name: engine.name,
    mode: entry ? `From the Engines list (${entry.kind})` : 'From the Engines list',
    state: entry ? (entry.health.state === 'up' ? 'running' : 'unreachable') : 'checking…',
    version: entry?.health.version ?? '—',
    uptime: 'not known for an engine Berth did not start',
  };
}
