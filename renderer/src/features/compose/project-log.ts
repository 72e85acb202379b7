/**
 * Pure: the log of a whole project, as `docker compose logs` shows it — every container's lines, each
 * prefixed with its service, in time order (lines carry the engine's timestamps), the last MAX_LINES kept.
 */
import type { LogLineDto } from '../../../../engine/contract/dto';

export const MAX_LINES = 5000;

export interface ProjectLogLine {
  /** RFC 3339 with nanoseconds from the engine; compared as text, which orders them within one zone. */
  readonly ts: string;
  readonly text: string;
  /** The service of the container it came from. */
  readonly service: string;
}

/** Add one container's batch: each line prefixed with `prefix`, placed by its time among the others. */
export function addLogBatch(log: readonly ProjectLogLine[], service: string, prefix: string, lines: readonly LogLineDto[]): ProjectLogLine[] {
  const out = [...log];
  for (const l of lines) {
    const line = { ts: l.ts ?? '', text: `${prefix} | ${l.text}`, service };
    // Lines mostly come in order: search back from the end for the place.
    let i = out.length;
    while (i > 0 && line.ts && out[i - 1]!.ts > line.ts) i--;
    out.splice(i, 0, line);
  }
  return out.length > MAX_LINES ? out.slice(out.length - MAX_LINES) : out;
}

/** "web-1", or the service alone when it has one container. */
export function logPrefix(service: string, number: number, several: boolean): string {
  return several ? `${service}-${number}` : service;
}

/** The merged log's lines of one service (all lines when none is chosen). */
export function linesOfService(log: readonly ProjectLogLine[], service: string | undefined): readonly ProjectLogLine[] {
  return service === undefined ? log : log.filter((l) => l.service === service);
}
