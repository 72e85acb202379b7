/**
 * A build as steps, from BuildKit's trace: each vertex becomes a step with its
 * stage, its place ("2/5"), its instruction, its state, its times and its log
 * lines. Pure: a reducer over decoded traces, so the UI, the record and the
 * tests all read the same model.
 */
import type { Trace } from './buildkit-trace.js';
import { Utf8Streams } from '../util/text-stream.js';

export type StepState = 'waiting' | 'running' | 'cached' | 'done' | 'error' | 'cancelled';

export interface BuildStep {
  readonly digest: string;
  /** The vertex name as BuildKit gives it, e.g. `[build 2/4] RUN go build`. */
  readonly name: string;
  /** The stage name (`build`), `stage-N` for unnamed stages, or undefined for internal work. */
  readonly stage?: string;
  /** 1-based place in its stage, and the stage's step count. */
  readonly index?: number;
  readonly of?: number;
  /** The instruction (`RUN go build`), or the name for internal steps. */
  readonly instruction: string;
  readonly internal: boolean;
  readonly state: StepState;
  readonly started?: number;
  readonly completed?: number;
  readonly error?: string;
  readonly inputs: readonly string[];
}

export interface StepLog {
  readonly digest: string;
  readonly stream: number;
  readonly text: string;
  readonly at?: number;
}

export interface BuildModel {
  /** Steps in the order BuildKit first named them. */
  readonly steps: readonly BuildStep[];
  readonly logs: readonly StepLog[];
  /** Progress lines of steps (pulls, transfers): the latest per step. */
  readonly progress: Readonly<Record<string, { readonly name: string; readonly current: number; readonly total: number }>>;
}

export const EMPTY_BUILD: BuildModel = { steps: [], logs: [], progress: {} };

const NAME = /^\[(?:([^\s\]]+) )?(\d+)\/(\d+)\] (.*)$/s;

/** Pure: what a vertex name says: its stage, place and instruction. */
export function parseVertexName(name: string): Pick<BuildStep, 'stage' | 'index' | 'of' | 'instruction' | 'internal'> {
  const m = NAME.exec(name);
  if (m) return { ...(m[1] ? { stage: m[1] } : {}), index: Number(m[2]), of: Number(m[3]), instruction: m[4]!, internal: false };
  return { instruction: name.replace(/^\[internal\] /, ''), internal: true };
}

function stateOf(v: { cached: boolean; started?: number; completed?: number; error?: string }): StepState {
  if (v.error) return /context canceled|cancelled|canceled/.test(v.error) ? 'cancelled' : 'error';
  if (v.cached) return 'cached';
  if (v.completed) return 'done';
  if (v.started) return 'running';
  return 'waiting';
}

/**
 * The log chunks of a trace as text. BuildKit cuts a step's output anywhere,
 * even inside a character, so one decoder per step and stream (`utf8`) is
 * kept for the whole build.
 */
export function traceLogs(trace: Trace, utf8: Utf8Streams): StepLog[] {
  return trace.logs.map((l) => ({
    digest: l.vertex,
    stream: l.stream,
    text: utf8.decode(`${l.vertex} ${l.stream}`, l.data),
    ...(l.timestamp ? { at: l.timestamp } : {}),
  }));
}

/** Pure: the model after one decoded trace; its logs as `traceLogs` read them (by default with decoders of this trace alone). */
export function applyTrace(model: BuildModel, trace: Trace, logs: readonly StepLog[] = traceLogs(trace, new Utf8Streams())): BuildModel {
  let steps = model.steps;
  if (trace.vertexes.length) {
    const byDigest = new Map(steps.map((s, i) => [s.digest, i]));
    const next = [...steps];
    for (const v of trace.vertexes) {
      const at = byDigest.get(v.digest);
      const before = at === undefined ? undefined : next[at];
      const step: BuildStep = {
        digest: v.digest,
        name: v.name,
        ...parseVertexName(v.name),
        inputs: v.inputs,
        state: stateOf(v),
        ...((v.started ?? before?.started) ? { started: v.started ?? before?.started } : {}),
        ...(v.completed ? { completed: v.completed } : {}),
        ...(v.error ? { error: v.error } : {}),
      };
      if (at === undefined) {
        byDigest.set(v.digest, next.length);
        next.push(step);
      } else next[at] = step;
    }
    steps = next;
  }
  let progress = model.progress;
  if (trace.statuses.length) {
    const next: Record<string, { name: string; current: number; total: number }> = { ...progress };
    for (const s of trace.statuses) next[s.vertex] = { name: s.name || s.id, current: s.current, total: s.total };
    progress = next;
  }
  return { steps, logs: logs.length ? [...model.logs, ...logs] : model.logs, progress };
}

/** Pure: steps still waiting or running when a build stops are cancelled. */
export function cancelRemaining(model: BuildModel, at: number): BuildModel {
  return {
    ...model,
    steps: model.steps.map((s) => (s.state === 'waiting' || s.state === 'running' ? { ...s, state: 'cancelled' as const, completed: at } : s)),
  };
}

/** Pure: counts for "steps done / total" (internal work not counted). */
export function stepCounts(model: BuildModel): { done: number; total: number; cached: number; failed?: BuildStep } {
  const real = model.steps.filter((s) => !s.internal);
  return {
    done: real.filter((s) => s.state === 'done' || s.state === 'cached').length,
    total: real.length,
    cached: real.filter((s) => s.state === 'cached').length,
    ...(model.steps.find((s) => s.state === 'error') ? { failed: model.steps.find((s) => s.state === 'error') } : {}),
  };
}

/** Pure: one step's log as text. */
export function stepLog(model: BuildModel, digest: string): string {
  return model.logs
    .filter((l) => l.digest === digest)
    .map((l) => l.text)
    .join('');
}
