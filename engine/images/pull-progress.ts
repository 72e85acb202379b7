/**
 * Pull (and push) progress from the engine's JSON messages: one entry per
 * layer with its phase and bytes, and an overall fraction. Pure; shared by
 * the engine (which sends the state) and tested on a recorded pull.
 */

export type LayerPhase = 'waiting' | 'downloading' | 'downloaded' | 'extracting' | 'done' | 'exists' | 'retrying';

export interface LayerProgress {
  readonly id: string;
  readonly phase: LayerPhase;
  readonly status: string;
  readonly current?: number;
  readonly total?: number;
}

export interface PullProgress {
  readonly layers: readonly LayerProgress[];
  /** The latest overall line, e.g. "Status: Downloaded newer image for …". */
  readonly status: string;
  /** 0…1, weighing each layer's download and extraction. */
  readonly fraction: number;
  readonly done: boolean;
}

export interface EngineProgressEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  message?: string;
}

export const emptyProgress: PullProgress = { layers: [], status: '', fraction: 0, done: false };

function phaseOf(status: string): LayerPhase | undefined {
  if (/^(Pulling fs layer|Waiting|Preparing)$/.test(status)) return 'waiting';
  if (/^Downloading/.test(status)) return 'downloading';
  if (/^(Verifying Checksum|Download complete)$/.test(status)) return 'downloaded';
  if (/^Extracting/.test(status)) return 'extracting';
  if (/^(Pull complete|Pushed|Layer already exists|Mounted from)/.test(status)) return 'done';
  if (/^Already exists$/.test(status)) return 'exists';
  if (/^Pushing/.test(status)) return 'downloading';
  // The engine lost the registry and tries the layer again (a few times, with growing delays).
  if (/^Retrying in/.test(status)) return 'retrying';
  return undefined;
}

function weight(l: LayerProgress): number {
  const frac = l.total ? Math.min(1, (l.current ?? 0) / l.total) : 0;
  switch (l.phase) {
    case 'waiting':
    case 'retrying':
      return 0;
    case 'downloading':
      return 0.7 * frac;
    case 'downloaded':
      return 0.7;
    case 'extracting':
      return 0.7 + 0.3 * frac;
    case 'done':
    case 'exists':
      return 1;
  }
}

/** Apply one engine message; an error message throws, with the engine's words. */
export function applyProgress(p: PullProgress, e: EngineProgressEvent): PullProgress {
  if (e.error || (e.message && !e.status)) throw new Error(e.error ?? e.message);
  const status = e.status ?? '';
  const phase = phaseOf(status);
  if (!e.id || !phase) {
    return { ...p, status: status || p.status, done: p.done || /^Status: /.test(status) };
  }
  const layer: LayerProgress = { id: e.id, phase, status, current: e.progressDetail?.current, total: e.progressDetail?.total };
  const index = p.layers.findIndex((l) => l.id === e.id);
  if (phase === 'retrying') {
    const overall = `Layer ${e.id}: the registry stopped answering; ${status.charAt(0).toLowerCase()}${status.slice(1)}.`;
    return { ...p, status: overall, layers: index < 0 ? [...p.layers, layer] : p.layers.map((l, i) => (i === index ? layer : l)) };
  }
  const layers = index < 0 ? [...p.layers, layer] : p.layers.map((l, i) => (i === index ? layer : l));
  const fraction = layers.length ? layers.reduce((sum, l) => sum + weight(l), 0) / layers.length : 0;
  return { ...p, layers, fraction };
}
