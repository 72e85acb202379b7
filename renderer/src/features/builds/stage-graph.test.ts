import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '../../../../engine/contract/builds';
import { decodeTrace } from '../../../../engine/builds/buildkit-trace';
import { applyTrace, EMPTY_BUILD } from '../../../../engine/builds/build-model';
import { applyBuildEvent, NEW_RUN, type BuildRun } from './build-run';
import { stageGraph, timeline } from './stage-graph';

type Plan = Extract<BuildEvent, { t: 'plan' }>;

/** A run from a build recorded from dockerd, with the plan given. */
function recorded(name: string, plan: Plan, upTo = Infinity): BuildRun {
  const lines = readFileSync(new URL(`../../../../engine/builds/fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id?: string; aux?: string })
    .filter((l) => l.id === 'moby.buildkit.trace')
    .slice(0, upTo);
  const model = lines.reduce((m, l) => applyTrace(m, decodeTrace(l.aux!)), EMPTY_BUILD);
  return [plan, { t: 'steps', steps: model.steps } as BuildEvent].reduce(applyBuildEvent, NEW_RUN);
}

// The recorded multi-stage build: stages a and b side by side, the last one copying from both.
const PLAN: Plan = {
  t: 'plan',
  stages: [
    { index: 0, name: 'a', base: 'busybox', needs: [], runs: true, line: 1 },
    { index: 1, name: 'b', base: 'busybox', needs: [], runs: true, line: 4 },
    { index: 2, base: 'busybox', needs: [0, 1], runs: true, line: 7 },
  ],
};

describe('the stage graph', () => {
  it('lays out stages by depth with COPY --from edges, and the two first stages overlapping in time', () => {
    const run = { ...recorded('trace-multistage.ndjson', PLAN), end: { t: 'done', imageId: 'sha256:x', tags: [], ms: 1 } } as BuildRun;
    const g = stageGraph(run)!;
    expect(g.nodes.map((n) => [n.name, n.column, n.row, n.state])).toEqual([
      ['a', 0, 0, 'done'],
      ['b', 0, 1, 'done'],
      ['stage-2', 1, 0, 'done'],
    ]);
    expect(g.edges).toEqual([
      { from: 0, to: 2, kind: 'copy' },
      { from: 1, to: 2, kind: 'copy' },
    ]);
    expect([g.columns, g.rows]).toEqual([2, 2]);
    const { bars, total } = timeline(run, g, Date.now());
    const [a, b, last] = bars;
    expect(a!.start < b!.end && b!.start < a!.end).toBe(true);
    expect(last!.start).toBeGreaterThanOrEqual(Math.min(a!.end, b!.end));
    expect(total).toBe(Math.max(...bars.map((x) => x.end)));
    expect(a!.spans.length).toBeGreaterThan(0);
  });

  it('starts a stage with its own first step, when BuildKit names the FROM step the stages share after the last one', () => {
    const run = { ...recorded('trace-multistage.ndjson', PLAN), end: { t: 'done', imageId: 'sha256:x', tags: [], ms: 1 } } as BuildRun;
    const from = Object.values(run.steps).find((st) => st.instruction.startsWith('FROM '))!;
    const shared = { ...run, steps: { ...run.steps, [from.digest]: { ...from, stage: 'stage-2' } } } as BuildRun;
    const { bars } = timeline(shared, stageGraph(shared)!, Date.now());
    const [a, b, last] = bars;
    // It ran at the very start (it was named after the last stage) but the last stage began after a and b.
    expect(Math.min(...last!.spans.map((x) => x.start))).toBe(0);
    expect(last!.start).toBeGreaterThanOrEqual(Math.min(a!.end, b!.end));
  });

  it('tells FROM edges from COPY --from ones, marks skipped stages, and counts a fully cached stage as cached', () => {
    const plan: Plan = {
      t: 'plan',
      stages: [
        { index: 0, name: 'deps', base: 'busybox', needs: [], runs: true, line: 1 },
        { index: 1, name: 'build', base: 'deps', needs: [0], runs: true, line: 3 },
        { index: 2, name: 'test', base: 'busybox', needs: [1], runs: false, line: 5 },
        { index: 3, base: 'busybox', needs: [1], runs: true, line: 7 },
      ],
    };
    const step = (digest: string, stage: string, instruction: string, state: 'cached' | 'running' | 'waiting'): BuildEvent => ({
      t: 'steps',
      steps: [
        {
          digest,
          name: `[${stage} 1/1] ${instruction}`,
          stage,
          index: 1,
          of: 1,
          instruction,
          internal: false,
          state,
          inputs: [],
          ...(state !== 'waiting' ? { started: 1000 } : {}),
          ...(state === 'cached' ? { completed: 1000 } : {}),
        },
      ],
    });
    const run = [
      plan,
      step('d1', 'deps', 'FROM busybox', 'cached'),
      step('d2', 'deps', 'RUN make deps', 'cached'),
      step('d3', 'build', 'RUN make', 'running'),
      step('d4', 'stage-3', 'COPY --from=build /app /app', 'waiting'),
    ].reduce(applyBuildEvent, NEW_RUN);
    const g = stageGraph(run)!;
    expect(g.nodes.map((n) => [n.name, n.column, n.state])).toEqual([
      ['deps', 0, 'cached'],
      ['build', 1, 'running'],
      ['test', 2, 'skipped'],
      ['stage-3', 2, 'waiting'],
    ]);
    expect(g.nodes[3]!.row).toBe(1);
    expect(g.edges).toEqual([
      { from: 0, to: 1, kind: 'from' },
      { from: 1, to: 2, kind: 'copy' },
      { from: 1, to: 3, kind: 'copy' },
    ]);
    const t = timeline(run, g, 3000);
    expect(t.bars.map((b) => [b.name, b.start, b.end])).toEqual([
      ['deps', 0, 0],
      ['build', 0, 2000],
    ]);
    // Once the build is cancelled, what waited is cancelled too.
    const cancelled = stageGraph({ ...run, cancelled: true })!;
    expect(cancelled.nodes.map((n) => n.state)).toEqual(['cached', 'running', 'skipped', 'cancelled']);
  });
});
