import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyClassicLine, buildkitUnavailable, classicStart, type ClassicLine, type ClassicState } from './classic.js';
import { parseDockerfile, stepInstruction } from './dockerfile.js';
import { stepCounts } from './build-model.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** A classic build recorded from dockerd, replayed a second apart per line. */
function replay(reply: string, dockerfile: string, target?: string): { state: ClassicState; logs: Record<string, string> } {
  let state = classicStart(parseDockerfile(fixture(dockerfile)), target);
  const logs: Record<string, string> = {};
  reply
    .split('\n')
    .filter(Boolean)
    .forEach((l, i) => {
      const r = applyClassicLine(state, JSON.parse(l) as ClassicLine, 1000 * (i + 1));
      state = r.state;
      for (const g of r.logs) logs[g.digest] = (logs[g.digest] ?? '') + g.text;
    });
  return { state, logs };
}

describe('the classic builder’s reply', () => {
  it('reads a multi-stage build into steps numbered as BuildKit numbers them, with their output', () => {
    const { state, logs } = replay(fixture('classic-multistage.ndjson'), 'classic.Dockerfile');
    expect(state.model.steps.map((s) => [s.stage, s.index, s.of, s.instruction, s.state])).toEqual([
      ['deps', 1, 2, 'FROM berth-test/busybox:latest AS deps', 'done'],
      ['deps', 2, 2, 'RUN echo deps > /deps', 'done'],
      ['build', 1, 2, 'COPY . /src', 'done'],
      ['build', 2, 2, 'RUN echo "built $VERSION" > /app && echo compiling && echo more-output', 'done'],
      ['stage-2', 1, 3, 'FROM berth-test/busybox:latest', 'done'],
      ['stage-2', 2, 3, 'COPY --from=build /app /app', 'done'],
      ['stage-2', 3, 3, 'RUN cat /app', 'done'],
    ]);
    const run = state.model.steps.find((s) => s.instruction.startsWith('RUN echo "built'))!;
    expect(logs[run.digest]).toBe('compiling\nmore-output\n');
    expect(logs[state.model.steps.at(-1)!.digest]).toBe('built dev\n');
    // Builder chatter is not program output.
    expect(Object.values(logs).join('')).not.toMatch(/Removing|--->|Successfully/);
    expect(state.model.steps.every((s) => s.started && s.completed && s.completed > s.started)).toBe(true);
    expect(state.imageId).toMatch(/^sha256:c6b1b46bc188/);
    // Its place finds its Dockerfile lines as a BuildKit step's does.
    expect(stepInstruction(parseDockerfile(fixture('classic.Dockerfile')), run)?.line).toBe(7);
  });

  it('marks the steps of a rebuild cached', () => {
    const { state } = replay(fixture('classic-cached.ndjson'), 'classic.Dockerfile');
    const c = stepCounts(state.model);
    expect(c.total).toBe(7);
    expect(state.model.steps.filter((s) => !s.instruction.startsWith('FROM')).every((s) => s.state === 'cached')).toBe(true);
  });

  it('puts a failure on its step, with the output before it and its Dockerfile lines', () => {
    const { state, logs } = replay(fixture('classic-failed.ndjson'), 'classic-failed.Dockerfile');
    const failed = stepCounts(state.model).failed!;
    expect(failed).toMatchObject({ index: 3, of: 4, instruction: 'RUN echo about to fail &&     exit 3', state: 'error' });
    expect(failed.error).toContain('returned a non-zero code: 3');
    expect(logs[failed.digest]).toBe('about to fail\n');
    expect(stepInstruction(parseDockerfile(fixture('classic-failed.Dockerfile')), failed)).toMatchObject({ line: 3, endLine: 4 });
  });

  it('tells an engine without BuildKit from other refusals', () => {
    expect(buildkitUnavailable(400, 'buildkit is not enabled on this daemon')).toBe(true);
    expect(buildkitUnavailable(500, 'BuildKit not supported on this platform')).toBe(true);
    expect(buildkitUnavailable(400, 'unsupported builder version 2')).toBe(true);
    expect(buildkitUnavailable(400, 'buildkit is only supported with experimental mode')).toBe(true);
    expect(buildkitUnavailable(400, 'invalid version "2"')).toBe(true);
    expect(buildkitUnavailable(400, 'dockerfile parse error line 3: unknown instruction: RUNN')).toBe(false);
    expect(buildkitUnavailable(200, 'buildkit not supported')).toBe(false);
  });
});
