/** The build step model, fed with traces recorded from this engine. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from './buildkit-trace.js';
import { applyTrace, cancelRemaining, EMPTY_BUILD, parseVertexName, stepCounts, stepLog, traceLogs, type BuildModel } from './build-model.js';
import { Utf8Streams } from '../util/text-stream.js';

/** A recorded build reply through the model, its logs read as the build service reads them (one decoder per step and stream for the build). */
function replay(name: string): BuildModel {
  const utf8 = new Utf8Streams();
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id?: string; aux?: string })
    .filter((l) => l.id === 'moby.buildkit.trace')
    .reduce((m, l) => {
      const trace = decodeTrace(l.aux!);
      return applyTrace(m, trace, traceLogs(trace, utf8));
    }, EMPTY_BUILD);
}

describe('build steps', () => {
  it('reads stage, place and instruction from a vertex name', () => {
    expect(parseVertexName('[build 2/4] RUN go build ./...')).toEqual({ stage: 'build', index: 2, of: 4, instruction: 'RUN go build ./...', internal: false });
    expect(parseVertexName('[3/3] RUN echo hi')).toEqual({ index: 3, of: 3, instruction: 'RUN echo hi', internal: false });
    expect(parseVertexName('[internal] load build definition from Dockerfile')).toEqual({
      instruction: 'load build definition from Dockerfile',
      internal: true,
    });
    expect(parseVertexName('exporting to image')).toEqual({ instruction: 'exporting to image', internal: true });
  });

  it('follows a multi-stage build to the end: every step done, each with its stage and its own log', () => {
    const m = replay('trace-multistage.ndjson');
    const c = stepCounts(m);
    expect(c.done).toBe(c.total);
    expect(c.failed).toBeUndefined();
    const runA = m.steps.find((s) => s.stage === 'a' && s.index === 2)!;
    expect(runA).toMatchObject({ state: 'done', of: 2, instruction: 'RUN echo stage-a && sleep 1 && echo done-a > /a' });
    expect(runA.completed! - runA.started!).toBeGreaterThanOrEqual(1000);
    expect(stepLog(m, runA.digest)).toContain('stage-a');
    expect(new Set(m.steps.filter((s) => !s.internal).map((s) => s.stage))).toEqual(new Set(['a', 'b', 'stage-2']));
  });

  it('shows an unchanged rebuild as cached steps (the base image is only looked up)', () => {
    const m = replay('trace-cached.ndjson');
    const work = m.steps.filter((s) => !s.internal && !s.instruction.startsWith('FROM '));
    expect(work.map((s) => s.state)).toEqual(['cached', 'cached', 'cached', 'cached', 'cached', 'cached']);
    expect(stepCounts(m).cached).toBe(6);
  });

  it('names the failing step with its error and its log', () => {
    const m = replay('trace-failed.ndjson');
    const failed = stepCounts(m).failed!;
    expect(failed).toMatchObject({ index: 3, of: 3, instruction: 'RUN echo about to fail && exit 3', state: 'error' });
    expect(stepLog(m, failed.digest)).toContain('about to fail');
  });

  it('keeps a character whole when BuildKit cuts it between two log chunks', () => {
    // RUN printf "caf\303"; sleep 0.4; printf "\251 \346\274"; sleep 0.4; printf "\242 \360\237"; sleep 0.4; printf "\230\200 done\n"
    const m = replay('trace-utf8-split.ndjson');
    const run = m.steps.find((s) => s.instruction.startsWith('RUN'))!;
    expect(m.logs.filter((l) => l.digest === run.digest).length).toBe(4);
    expect(stepLog(m, run.digest)).toBe('café 漢 😀 done\n');
  });

  it('marks what was still to do as cancelled', () => {
    const m = replay('trace-multistage.ndjson');
    const cut: BuildModel = { ...m, steps: m.steps.map((s, i) => (i > 3 ? { ...s, state: 'running' as const, completed: undefined } : s)) };
    const c = cancelRemaining(cut, 5);
    expect(c.steps.slice(4).every((s) => s.state === 'cancelled' && s.completed === 5)).toBe(true);
  });
});
