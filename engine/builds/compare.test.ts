import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from './buildkit-trace.js';
import { applyTrace, EMPTY_BUILD, type BuildStep } from './build-model.js';
import { compareBuilds } from './compare.js';
import type { BuildRecord } from './records.js';

/** A record of a build recorded from dockerd (its steps from the trace). */
function record(fixture: string, id: string, startedAt: number, edit?: (steps: BuildStep[]) => BuildStep[]): BuildRecord {
  const model = readFileSync(new URL(`./fixtures/${fixture}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id?: string; aux?: string })
    .filter((l) => l.id === 'moby.buildkit.trace')
    .reduce((m, l) => applyTrace(m, decodeTrace(l.aux!)), EMPTY_BUILD);
  const steps = edit ? edit([...model.steps]) : model.steps;
  return {
    id,
    startedAt,
    endedAt: startedAt + 3000,
    settings: { context: '/src', dockerfile: '/src/Dockerfile', tags: [], buildArgs: {}, labels: {}, noCache: false, pull: false },
    dockerfileText: '',
    contextHashes: {},
    steps,
    logs: {},
    result: { kind: 'done', imageId: 'sha256:x' },
  };
}

describe('comparing two builds', () => {
  it('matches every step of a build and its cached rebuild, with both times', () => {
    const c = compareBuilds(record('trace-multistage.ndjson', 'a', 1000), record('trace-cached.ndjson', 'b', 9000));
    expect(c.before).toMatchObject({ id: 'a', steps: 7, cached: 0 });
    expect(c.after).toMatchObject({ id: 'b', steps: 7, cached: 6 });
    const run = c.steps.find((s) => s.instruction.startsWith('RUN echo stage-a'))!;
    expect(run).toMatchObject({ stage: 'a', index: 2, before: { state: 'done', ms: 1268 }, after: { state: 'cached' }, change: 'now cached' });
    expect(c.steps.filter((s) => s.change === 'now cached')).toHaveLength(6);
    // Stages stay together, steps in their order.
    expect(c.steps.filter((s) => s.stage === 'stage-2').map((s) => s.index)).toEqual([2, 3, 4, 5]);
  });

  it('names a changed instruction, a new step and one no longer built', () => {
    const after = record('trace-multistage.ndjson', 'b', 9000, (steps) =>
      steps
        .filter((s) => s.instruction !== 'COPY hello.txt /hello.txt')
        .map((s) => (s.instruction === 'RUN cat /a /b /hello.txt' ? { ...s, instruction: 'RUN cat /a /b' } : s))
        .concat([{ ...steps.find((s) => s.instruction === 'RUN cat /a /b /hello.txt')!, digest: 'new', index: 6, instruction: 'RUN echo extra' }]),
    );
    const c = compareBuilds(record('trace-multistage.ndjson', 'a', 1000), after);
    expect(c.steps.find((s) => s.instruction === 'RUN cat /a /b')).toMatchObject({
      change: 'instruction changed',
      before: { instruction: 'RUN cat /a /b /hello.txt' },
    });
    expect(c.steps.find((s) => s.instruction === 'RUN echo extra')).toMatchObject({ change: 'new step' });
    expect(c.steps.find((s) => s.instruction === 'COPY hello.txt /hello.txt')).toMatchObject({ change: 'no longer built' });
    expect(c.steps.find((s) => s.instruction.startsWith('RUN echo stage-a'))!.change).toBeUndefined();
  });
});
