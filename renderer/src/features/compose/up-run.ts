/** Pure: an `up` as it runs (compose.up's events), folded into what the page shows. */
import type { ComposePlan, ComposeUpEvent } from '../../../../engine/contract/compose';

export interface UpStep {
  readonly key: string;
  readonly kind: 'network' | 'volume' | 'image' | 'container';
  readonly target: string;
  readonly action: string;
  readonly state: 'working' | 'done';
  readonly detail?: string;
}

export interface UpRun {
  readonly running: boolean;
  readonly started: number;
  /** The plan up is applying (its first event). */
  readonly plan?: ComposePlan;
  /** In the order they began. */
  readonly steps: readonly UpStep[];
  /** What it changed, once done. */
  readonly changed?: readonly string[];
  readonly ms?: number;
  /** Why it failed (the engine's sentence names what it had done), or that it was cancelled. */
  readonly error?: string;
  readonly cancelled?: boolean;
}

export const newUpRun = (started: number): UpRun => ({ running: true, started, steps: [] });

/** Fold one event of compose.up into the run. */
export function applyUpEvent(run: UpRun, e: ComposeUpEvent): UpRun {
  switch (e.t) {
    case 'plan':
      return { ...run, plan: e.plan };
    case 'step': {
      const key = `${e.kind}:${e.target}:${e.action}`;
      const step: UpStep = { key, kind: e.kind, target: e.target, action: e.action, state: e.state, ...(e.detail ? { detail: e.detail } : {}) };
      const i = run.steps.findIndex((s) => s.key === key);
      return { ...run, steps: i < 0 ? [...run.steps, step] : run.steps.map((s, j) => (j === i ? step : s)) };
    }
    case 'done':
      return { ...run, running: false, changed: e.changed, ms: e.ms };
  }
}

/** The run ended by the stream: an error, or (with none) a stream that closed before `done`. */
export function endUpRun(run: UpRun, error?: string): UpRun {
  if (!run.running) return run;
  return { ...run, running: false, ...(error ? { error } : {}) };
}

/** The run cancelled by the user: steps still working are left as they were, and the sentence says what stays. */
export function cancelUpRun(run: UpRun): UpRun {
  if (!run.running) return run;
  const done = run.steps.filter((s) => s.state === 'done').length;
  return {
    ...run,
    running: false,
    cancelled: true,
    error: `Up was cancelled after ${done} step${done === 1 ? '' : 's'}; what it had done stays (Down removes it).`,
  };
}

/** "3 of 6 steps done". */
export function upProgress(run: UpRun): string {
  const done = run.steps.filter((s) => s.state === 'done').length;
  return `${done} of ${run.steps.length} step${run.steps.length === 1 ? '' : 's'} done`;
}
