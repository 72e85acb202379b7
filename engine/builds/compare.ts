/**
 * Two builds of the same Dockerfile side by side: each step of either build
 * matched with its counterpart (same stage and instruction, else same stage
 * and place, when the instruction changed), with both times and cache hits,
 * so "why is this build slower" is one look. Pure: it reads two records.
 */
import type { BuildStep } from './build-model.js';
import { parseDockerfile } from './dockerfile.js';
import type { BuildRecord } from './records.js';

export interface StepSide {
  readonly state: BuildStep['state'];
  /** Milliseconds the step took, when it ran to an end. */
  readonly ms?: number;
  readonly instruction: string;
}

export interface ComparedStep {
  /** The stage name (`stage-N` for unnamed ones), undefined in a one-stage Dockerfile. */
  readonly stage?: string;
  readonly index?: number;
  /** The instruction as the newer build ran it (or the older one, for a step it no longer has). */
  readonly instruction: string;
  readonly before?: StepSide;
  readonly after?: StepSide;
  /** What changed for this step, in words: "now cached", "ran again", "instruction changed", "new step", "no longer built". */
  readonly change?: string;
}

export interface BuildComparison {
  readonly before: {
    readonly id: string;
    readonly startedAt: number;
    readonly ms: number;
    readonly steps: number;
    readonly cached: number;
    readonly result: BuildRecord['result']['kind'];
  };
  readonly after: {
    readonly id: string;
    readonly startedAt: number;
    readonly ms: number;
    readonly steps: number;
    readonly cached: number;
    readonly result: BuildRecord['result']['kind'];
  };
  readonly steps: readonly ComparedStep[];
}

/** Pure: the stage names of a Dockerfile as BuildKit names them (`stage-N` when unnamed), none when it cannot be read. */
function dockerfileStages(text: string): string[] {
  try {
    return parseDockerfile(text).stages.map((s) => s.name ?? `stage-${s.index}`);
  } catch {
    return [];
  }
}

const side = (s: BuildStep): StepSide => ({ state: s.state, instruction: s.instruction, ...(s.started && s.completed ? { ms: s.completed - s.started } : {}) });

const ran = (s: StepSide | undefined) => s?.state === 'done' || s?.state === 'error';

function changeOf(before: StepSide | undefined, after: StepSide | undefined): string | undefined {
  if (!before) return 'new step';
  if (!after) return 'no longer built';
  if (before.instruction !== after.instruction) return 'instruction changed';
  if (after.state === 'cached' && before.state !== 'cached') return 'now cached';
  if (ran(after) && before.state === 'cached') return 'ran again';
  if (after.state !== before.state) return `${before.state} → ${after.state}`;
  return undefined;
}

/** Pure: the steps of two builds, older first, matched; Dockerfile steps only (BuildKit's own work is left out). */
export function compareBuilds(older: BuildRecord, newer: BuildRecord): BuildComparison {
  const real = (r: BuildRecord) => r.steps.filter((s) => !s.internal);
  const a = real(older);
  const b = real(newer);
  const used = new Set<BuildStep>();
  // BuildKit runs one FROM step for all stages with the same base, and names it after any one of them: FROM steps match whatever their stage.
  const sameStage = (x: BuildStep, s: BuildStep) => x.stage === s.stage || (x.instruction.startsWith('FROM ') && s.instruction.startsWith('FROM '));
  const match = (s: BuildStep): BuildStep | undefined =>
    a.find((x) => !used.has(x) && sameStage(x, s) && x.instruction === s.instruction) ??
    a.find(
      (x) => !used.has(x) && x.stage === s.stage && x.index === s.index && !b.some((y) => y !== s && y.stage === x.stage && y.instruction === x.instruction),
    );
  const steps: ComparedStep[] = [];
  for (const s of b) {
    const m = match(s);
    if (m) used.add(m);
    const before = m ? side(m) : undefined;
    const after = side(s);
    const change = changeOf(before, after);
    steps.push({
      ...(s.stage ? { stage: s.stage } : {}),
      ...(s.index ? { index: s.index } : {}),
      instruction: s.instruction,
      ...(before ? { before } : {}),
      after,
      ...(change ? { change } : {}),
    });
  }
  for (const s of a) {
    if (used.has(s)) continue;
    steps.push({
      ...(s.stage ? { stage: s.stage } : {}),
      ...(s.index ? { index: s.index } : {}),
      instruction: s.instruction,
      before: side(s),
      change: 'no longer built',
    });
  }
  // Stages in Dockerfile order (else in the order the newer build ran them), steps by place within.
  const stageOrder = [...new Set([...dockerfileStages(newer.dockerfileText), ...steps.map((s) => s.stage ?? '')])];
  steps.sort((x, y) => stageOrder.indexOf(x.stage ?? '') - stageOrder.indexOf(y.stage ?? '') || (x.index ?? 0) - (y.index ?? 0));
  const summary = (r: BuildRecord, list: readonly BuildStep[]) => ({
    id: r.id,
    startedAt: r.startedAt,
    ms: r.endedAt - r.startedAt,
    steps: list.length,
    cached: list.filter((s) => s.state === 'cached').length,
    result: r.result.kind,
  });
  return { before: summary(older, a), after: summary(newer, b), steps };
}
