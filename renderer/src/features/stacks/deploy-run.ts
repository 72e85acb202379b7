/** Pure: a stack deploy as it runs (stacks.deploy's events), folded into what the dialog shows. */
import type { StackDeployEvent, StackObjectKind, StackPlan } from '../../../../engine/contract/index';

export interface DeployStep {
  readonly key: string;
  readonly kind: StackObjectKind;
  readonly target: string;
  readonly action: 'create' | 'update' | 'remove';
  readonly state: 'working' | 'done' | 'failed';
}

export interface DeployRun {
  readonly stack: string;
  readonly running: boolean;
  /** The plan being applied (the first event). */
  readonly plan?: StackPlan;
  /** In the order they began. */
  readonly steps: readonly DeployStep[];
  readonly changed?: readonly string[];
  readonly ms?: number;
  /** Why it stopped: the engine's sentence says what it had made. */
  readonly error?: string;
}

export const newDeployRun = (stack: string): DeployRun => ({ stack, running: true, steps: [] });

/** Fold one event into the run. */
export function applyDeployEvent(run: DeployRun, e: StackDeployEvent): DeployRun {
  switch (e.t) {
    case 'plan':
      return { ...run, plan: e.plan };
    case 'step': {
      const key = `${e.kind}:${e.target}:${e.action}`;
      const step: DeployStep = { key, kind: e.kind, target: e.target, action: e.action, state: e.state };
      const i = run.steps.findIndex((s) => s.key === key);
      return { ...run, steps: i < 0 ? [...run.steps, step] : run.steps.map((s, j) => (j === i ? step : s)) };
    }
    case 'done':
      return { ...run, running: false, changed: e.changed, ms: e.ms };
  }
}

/** The stream ended: with an error, the step still working is the one that failed. */
export function endDeployRun(run: DeployRun, error?: string): DeployRun {
  if (!error) return { ...run, running: false };
  return { ...run, running: false, error, steps: run.steps.map((s) => (s.state === 'working' ? { ...s, state: 'failed' } : s)) };
}

/** The plan's steps as rows: what changes first (in deploy order), then what is kept or used. */
export function planRows(plan: StackPlan): { changing: StackPlan['actions']; unchanged: StackPlan['actions'] } {
  return {
    changing: plan.actions.filter((a) => a.action === 'create' || a.action === 'update' || a.action === 'remove'),
    unchanged: plan.actions.filter((a) => a.action === 'keep' || a.action === 'use'),
  };
}
