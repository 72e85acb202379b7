/** One build as the page shows it, reduced from the events of `builds.start` (pure, so it is unit-tested). */
import type { BuildEvent, BuildStep } from '../../../../engine/contract/builds';

type Plan = Extract<BuildEvent, { t: 'plan' }>;
type Context = Extract<BuildEvent, { t: 'context' }>;

export interface BuildRun {
  readonly plan?: Plan;
  readonly context?: Context;
  readonly upload?: { readonly bytes: number; readonly total: number };
  /** Steps by digest, in the order BuildKit first named them. */
  readonly order: readonly string[];
  readonly steps: Readonly<Record<string, BuildStep>>;
  /** Log text by step digest. */
  readonly logs: Readonly<Record<string, string>>;
  readonly end?: Extract<BuildEvent, { t: 'done' | 'failed' }>;
  /** Cancelled by the user. */
  readonly cancelled?: boolean;
  /** How the cache was used, against the last build of the same Dockerfile. */
  readonly explain?: Extract<BuildEvent, { t: 'explain' }>;
  readonly recordId?: string;
}

export const NEW_RUN: BuildRun = { order: [], steps: {}, logs: {} };

/** Most characters of log kept per step (the start is dropped beyond it). */
export const LOG_KEEP = 256 * 1024;

/** Pure: the run after one event. */
export function applyBuildEvent(run: BuildRun, e: BuildEvent): BuildRun {
  switch (e.t) {
    case 'plan':
      return { ...run, plan: e };
    case 'context':
      return { ...run, context: e };
    case 'upload':
      return { ...run, upload: { bytes: e.bytes, total: e.total } };
    case 'steps': {
      const steps = { ...run.steps };
      const order = [...run.order];
      for (const s of e.steps) {
        if (!steps[s.digest]) order.push(s.digest);
        steps[s.digest] = s;
      }
      return { ...run, steps, order };
    }
    case 'log': {
      const text = (run.logs[e.digest] ?? '') + e.text;
      return { ...run, logs: { ...run.logs, [e.digest]: text.length > LOG_KEEP ? text.slice(-LOG_KEEP) : text } };
    }
    case 'done':
    case 'failed':
      return { ...run, end: e };
    case 'explain':
      return { ...run, explain: e };
    case 'record':
      return { ...run, recordId: e.id };
  }
}

export interface StageGroup {
  /** `deps`, `stage-2`…, or undefined for the build's own work (loading the context, exporting). */
  readonly stage?: string;
  readonly title: string;
  readonly steps: readonly BuildStep[];
}

/** Pure: the steps grouped by stage, stages in Dockerfile order, BuildKit's own work last. */
export function groupByStage(run: BuildRun): StageGroup[] {
  const groups = new Map<string, BuildStep[]>();
  const own: BuildStep[] = [];
  for (const d of run.order) {
    const s = run.steps[d]!;
    if (s.internal || !s.stage) {
      if (s.internal) own.push(s);
      else (groups.get('') ?? groups.set('', []).get('')!).push(s);
      continue;
    }
    (groups.get(s.stage) ?? groups.set(s.stage, []).get(s.stage)!).push(s);
  }
  const stageNames = run.plan?.stages.map((st) => st.name ?? `stage-${st.index}`) ?? [];
  const rank = (name: string) => (name === '' ? -1 : stageNames.indexOf(name) < 0 ? 999 : stageNames.indexOf(name));
  const out: StageGroup[] = [...groups.entries()]
    .sort((a, b) => rank(a[0]) - rank(b[0]))
    .map(([stage, steps]) => ({ ...(stage ? { stage } : {}), title: stage ? `Stage ${stage}` : 'Steps', steps: steps.slice().sort((x, y) => (x.index ?? 0) - (y.index ?? 0)) }));
  if (own.length) out.push({ title: 'Loading and exporting', steps: own });
  return out;
}

/** Pure: "steps done / total" and whether anything failed, counting Dockerfile steps only. */
export function progressOf(run: BuildRun): { done: number; total: number; cached: number; running?: BuildStep; failed?: BuildStep } {
  const real = run.order.map((d) => run.steps[d]!).filter((s) => !s.internal);
  const running = real.find((s) => s.state === 'running');
  const failed = real.find((s) => s.state === 'error');
  return {
    done: real.filter((s) => s.state === 'done' || s.state === 'cached').length,
    total: real.length,
    cached: real.filter((s) => s.state === 'cached').length,
    ...(running ? { running } : {}),
    ...(failed ? { failed } : {}),
  };
}

/** Pure: a duration in seconds with one decimal, e.g. "1.2 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Pure: `KEY=value` lines as a map; a line without = is an error naming it. */
export function parsePairs(text: string, what: string): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  const value: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { ok: false, message: `${what}, line ${i + 1}: write NAME=value (“${line}” has no name and =).` };
    value[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return { ok: true, value };
}

/** Pure: the run after the user cancelled it: what was waiting or running is cancelled. */
export function cancelRun(run: BuildRun, at: number): BuildRun {
  const steps: Record<string, BuildStep> = {};
  for (const [d, st] of Object.entries(run.steps)) steps[d] = st.state === 'running' || st.state === 'waiting' ? { ...st, state: 'cancelled', completed: at } : st;
  return { ...run, steps, cancelled: true };
}

/**
 * Pure: the whole build as plain text, as `docker build --progress=plain`
 * prints it: each step numbered in the order it appeared, with its state and
 * time, then its output, each line prefixed with the step number.
 */
export function plainLog(run: BuildRun): string {
  const out: string[] = [];
  run.order.forEach((d, i) => {
    const s = run.steps[d]!;
    const n = `#${i + 1}`;
    const place = s.internal ? '[internal]' : `[${s.stage ? `${s.stage} ` : ''}${s.index}/${s.of}]`;
    out.push(`${n} ${place} ${s.instruction}`);
    const text = run.logs[d];
    if (text) for (const line of text.replace(/\n$/, '').split('\n')) out.push(`${n} ${line}`);
    const took = s.started && s.completed ? ` ${seconds(s.completed - s.started)}` : '';
    if (s.state === 'cached') out.push(`${n} CACHED`);
    else if (s.state === 'done') out.push(`${n} DONE${took}`);
    else if (s.state === 'error') out.push(`${n} ERROR: ${s.error ?? 'failed'}`);
    else if (s.state === 'cancelled') out.push(`${n} CANCELED`);
    out.push('');
  });
  return out.join('\n');
}
