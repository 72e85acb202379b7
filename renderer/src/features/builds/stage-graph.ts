/**
 * A multi-stage build as a graph and a timeline (pure, so it is unit-tested):
 * each stage a node with its state, `FROM` and `COPY --from` edges between
 * them, laid out in columns by depth; and each stage's time span from its
 * first step's start to its last step's end, so parallel stages overlap.
 */
import type { BuildStep } from '../../../../engine/contract/builds';
import type { BuildRun } from './build-run';

export type StageState = 'waiting' | 'running' | 'cached' | 'done' | 'error' | 'cancelled' | 'skipped';

export interface StageNode {
  readonly index: number;
  /** The stage's name, or `stage-N` as BuildKit names an unnamed one. */
  readonly name: string;
  readonly named: boolean;
  readonly base: string;
  /** The stage it starts from, when it is one (a `FROM` edge). */
  readonly baseStage?: number;
  /** Stages it copies or mounts from (`COPY --from` edges). */
  readonly copiesFrom: readonly number[];
  readonly state: StageState;
  /** Its steps other than FROM, and how many of them came from the cache. */
  readonly steps: number;
  readonly cached: number;
  readonly started?: number;
  readonly completed?: number;
  /** Layout: column (depth from stages that need nothing) and row in it. */
  readonly column: number;
  readonly row: number;
}

export interface StageEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: 'from' | 'copy';
}

export interface StageGraph {
  readonly nodes: readonly StageNode[];
  readonly edges: readonly StageEdge[];
  readonly columns: number;
  readonly rows: number;
}

type PlanStage = NonNullable<BuildRun['plan']>['stages'][number];

/** Pure: the stage an earlier stage's name or number refers to. */
function baseStageOf(stage: PlanStage, stages: readonly PlanStage[]): number | undefined {
  const ref = stage.base.toLowerCase();
  return stages.find((s) => s.index < stage.index && (s.name === ref || String(s.index) === ref))?.index;
}

/** Pure: a stage's state from its steps; a build that is over settles the ones left waiting. */
function stateOf(runs: boolean, steps: readonly BuildStep[], over: 'done' | 'failed' | 'cancelled' | undefined): StageState {
  if (!runs) return 'skipped';
  if (steps.some((s) => s.state === 'error')) return 'error';
  if (steps.some((s) => s.state === 'running')) return 'running';
  if (steps.some((s) => s.state === 'cancelled')) return 'cancelled';
  const work = steps.filter((s) => !s.instruction.startsWith('FROM '));
  if (steps.length && steps.every((s) => s.state === 'cached' || s.state === 'done')) {
    return work.length && work.every((s) => s.state === 'cached') ? 'cached' : 'done';
  }
  if (steps.some((s) => s.state === 'done' || s.state === 'cached')) return over === 'done' ? 'done' : over ? 'cancelled' : 'running';
  return over === 'done' ? 'done' : over ? 'cancelled' : 'waiting';
}

/** Pure: the graph of the run's plan, or undefined before the plan arrives. */
export function stageGraph(run: BuildRun): StageGraph | undefined {
  const stages = run.plan?.stages;
  if (!stages?.length) return undefined;
  const byStage = new Map<string, BuildStep[]>();
  for (const d of run.order) {
    const s = run.steps[d]!;
    if (s.internal) continue;
    // A one-stage Dockerfile's steps carry no stage name.
    const key = s.stage ?? (stages.length === 1 ? (stages[0]!.name ?? 'stage-0') : '');
    (byStage.get(key) ?? byStage.set(key, []).get(key)!).push(s);
  }
  const over = run.end?.t === 'done' ? 'done' : run.end?.t === 'failed' ? 'failed' : run.cancelled ? 'cancelled' : undefined;
  const depth: number[] = [];
  const edges: StageEdge[] = [];
  const rowsIn: number[] = [];
  const nodes = stages.map((st): StageNode => {
    const name = st.name ?? `stage-${st.index}`;
    const baseStage = baseStageOf(st, stages);
    const copiesFrom = st.needs.filter((n) => n !== baseStage);
    if (baseStage !== undefined) edges.push({ from: baseStage, to: st.index, kind: 'from' });
    for (const n of copiesFrom) edges.push({ from: n, to: st.index, kind: 'copy' });
    const column = st.needs.length ? 1 + Math.max(...st.needs.map((n) => depth[n] ?? 0)) : 0;
    depth[st.index] = column;
    const row = rowsIn[column] ?? 0;
    rowsIn[column] = row + 1;
    const steps = byStage.get(name) ?? [];
    // A stage starts with its first step of its own: BuildKit names the one FROM step shared by stages of the
    // same base after any of them, which would start the last stage with the first.
    const own = steps.filter((s) => !s.instruction.startsWith('FROM '));
    const starts = (own.length ? own : steps).map((s) => s.started).filter((t): t is number => !!t);
    const ends = steps.map((s) => s.completed);
    const settled = steps.length > 0 && ends.every((t) => !!t);
    return {
      index: st.index,
      name,
      named: !!st.name,
      base: st.base,
      ...(baseStage !== undefined ? { baseStage } : {}),
      copiesFrom,
      state: stateOf(st.runs, steps, over),
      // FROM is left out of the counts: BuildKit shares one FROM step among the stages with the same base.
      steps: steps.filter((s) => !s.instruction.startsWith('FROM ')).length,
      cached: steps.filter((s) => s.state === 'cached' && !s.instruction.startsWith('FROM ')).length,
      ...(starts.length ? { started: Math.min(...starts) } : {}),
      ...(settled ? { completed: Math.max(...(ends as number[])) } : {}),
      column,
      row,
    };
  });
  return { nodes, edges, columns: Math.max(...depth) + 1, rows: Math.max(...rowsIn) };
}

export interface TimelineBar {
  readonly index: number;
  readonly name: string;
  readonly state: StageState;
  /** Milliseconds from the build's first step. */
  readonly start: number;
  readonly end: number;
  /** Its steps that took time, as spans on the same scale. */
  readonly spans: ReadonlyArray<{ readonly start: number; readonly end: number; readonly state: BuildStep['state']; readonly instruction: string }>;
}

/** Pure: the time span of each stage that started, from the first step of the build; running ones end at `now`. */
export function timeline(run: BuildRun, graph: StageGraph, now: number): { bars: TimelineBar[]; total: number } {
  const real = run.order.map((d) => run.steps[d]!).filter((s) => !s.internal && s.started);
  if (!real.length) return { bars: [], total: 0 };
  const origin = Math.min(...real.map((s) => s.started!));
  const bars: TimelineBar[] = [];
  for (const n of graph.nodes) {
    if (n.started === undefined) continue;
    const own = real.filter((s) => (s.stage ?? graph.nodes[0]!.name) === n.name);
    bars.push({
      index: n.index,
      name: n.name,
      state: n.state,
      start: n.started - origin,
      end: (n.completed ?? now) - origin,
      spans: own.map((s) => ({ start: s.started! - origin, end: (s.completed ?? now) - origin, state: s.state, instruction: s.instruction })),
    });
  }
  return { bars, total: Math.max(1, ...bars.map((b) => b.end)) };
}
