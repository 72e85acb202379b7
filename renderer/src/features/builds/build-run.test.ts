import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '../../../../engine/contract/builds';
import { decodeTrace } from '../../../../engine/builds/buildkit-trace';
import { applyTrace, EMPTY_BUILD } from '../../../../engine/builds/build-model';
import { applyBuildEvent, groupByStage, LOG_KEEP, NEW_RUN, parsePairs, plainLog, progressOf, seconds } from './build-run';

/** The events the engine sends for a build recorded from dockerd: its steps, then their logs. */
function recordedEvents(name: string): BuildEvent[] {
  const model = readFileSync(new URL(`../../../../engine/builds/fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id?: string; aux?: string })
    .filter((l) => l.id === 'moby.buildkit.trace')
    .reduce((m, l) => applyTrace(m, decodeTrace(l.aux!)), EMPTY_BUILD);
  return [
    { t: 'plan', stages: [{ index: 0, name: 'a', base: 'x', needs: [], runs: true, line: 1 }, { index: 1, name: 'b', base: 'x', needs: [], runs: true, line: 3 }, { index: 2, base: 'x', needs: [0, 1], runs: true, line: 5 }] },
    { t: 'steps', steps: model.steps },
    ...model.logs.map((l): BuildEvent => ({ t: 'log', digest: l.digest, stream: l.stream, text: l.text })),
  ];
}

describe('a build as the page shows it', () => {
  it('groups a multi-stage build by stage in Dockerfile order, BuildKit’s own work last, and counts its steps', () => {
    const run = recordedEvents('trace-multistage.ndjson').reduce(applyBuildEvent, NEW_RUN);
    const groups = groupByStage(run);
    expect(groups.map((g) => g.title)).toEqual(['Stage a', 'Stage b', 'Stage stage-2', 'Loading and exporting']);
    expect(groups[2]!.steps.map((s) => s.index)).toEqual([2, 3, 4, 5]);
    const p = progressOf(run);
    expect(p.done).toBe(p.total);
    const runA = groups[0]!.steps.find((s) => s.instruction.startsWith('RUN'))!;
    expect(run.logs[runA.digest]).toContain('stage-a');
  });

  it('finds the failing step', () => {
    const run = [...recordedEvents('trace-failed.ndjson'), { t: 'failed', message: 'exit code: 3', line: 3, endLine: 3 } as BuildEvent].reduce(applyBuildEvent, NEW_RUN);
    expect(progressOf(run).failed?.instruction).toBe('RUN echo about to fail && exit 3');
    expect(run.end).toMatchObject({ t: 'failed', line: 3 });
  });

  it('writes the whole build as plain text, as --progress=plain does', () => {
    const run = recordedEvents('trace-failed.ndjson').reduce(applyBuildEvent, NEW_RUN);
    const text = plainLog(run);
    expect(text).toMatch(/^#1 \[internal\] /);
    expect(text).toMatch(/#\d+ \[3\/3\] RUN echo about to fail && exit 3\n#\d+ about to fail\n#\d+ ERROR: executor failed running/);
    expect(text).toMatch(/#\d+ \[2\/3\] RUN echo before\n#\d+ before\n#\d+ DONE \d+\.\d s/);
  });

  it('keeps the end of a very long log', () => {
    let run = NEW_RUN;
    for (let i = 0; i < 3; i++) run = applyBuildEvent(run, { t: 'log', digest: 'd', stream: 1, text: `${i}`.repeat(LOG_KEEP / 2) });
    expect(run.logs.d!.length).toBe(LOG_KEEP);
    expect(run.logs.d!.endsWith('2')).toBe(true);
  });

  it('reads NAME=value lines, naming a bad line', () => {
    expect(parsePairs('VERSION=1.2\n\n  EMPTY=\nURL=a=b', 'Build args')).toEqual({ ok: true, value: { VERSION: '1.2', EMPTY: '', URL: 'a=b' } });
    expect(parsePairs('oops', 'Labels')).toEqual({ ok: false, message: 'Labels, line 1: write NAME=value (“oops” has no name and =).' });
    expect(seconds(1234)).toBe('1.2 s');
  });
});
