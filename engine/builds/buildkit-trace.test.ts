/** The BuildKit trace decoder on traces recorded from this engine (dockerd 20.10, `POST /build?version=2`). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace, fields, TraceError, type Trace } from './buildkit-trace.js';

/** Every trace of a recorded reply, decoded, and the reply's other lines. */
function recorded(name: string): { traces: Trace[]; others: Array<Record<string, unknown>> } {
  const lines = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    traces: lines.filter((l) => l.id === 'moby.buildkit.trace').map((l) => decodeTrace(l.aux as string)),
    others: lines.filter((l) => l.id !== 'moby.buildkit.trace'),
  };
}

const all = (traces: Trace[]) => ({
  vertexes: traces.flatMap((t) => t.vertexes),
  logs: traces.flatMap((t) => t.logs),
  statuses: traces.flatMap((t) => t.statuses),
});

describe('BuildKit trace', () => {
  it('reads the steps of a multi-stage build, their inputs, times and logs', () => {
    const { vertexes, logs } = all(recorded('trace-multistage.ndjson').traces);
    const names = [...new Set(vertexes.map((v) => v.name))];
    expect(names).toContain('[a 2/2] RUN echo stage-a && sleep 1 && echo done-a > /a');
    expect(names).toContain('[b 2/2] RUN --mount=type=cache,target=/cache echo stage-b >&2 && sleep 1 && echo done-b > /b');
    expect(names.some((n) => /^\[stage-2 \d\/\d\] COPY --from=a \/a \/a$/.test(n))).toBe(true);
    const runA = vertexes.filter((v) => v.name.startsWith('[a 2/2]'));
    const done = runA.find((v) => v.completed)!;
    expect(done.started).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(done.completed! - done.started!).toBeGreaterThanOrEqual(1000);
    expect(done.inputs.length).toBeGreaterThan(0);
    // The two stages ran at the same time: each started before the other finished.
    const runB = vertexes.filter((v) => v.name.startsWith('[b 2/2]')).find((v) => v.completed)!;
    expect(done.started! < runB.completed! && runB.started! < done.completed!).toBe(true);
    const text = (d: string, stream: number) =>
      logs
        .filter((l) => l.vertex === d && l.stream === stream)
        .map((l) => l.data.toString())
        .join('');
    expect(text(done.digest, 1)).toContain('stage-a');
    expect(text(runB.digest, 2)).toContain('stage-b');
  });

  it('reads cached steps as cached', () => {
    const { vertexes } = all(recorded('trace-cached.ndjson').traces);
    const run = vertexes.filter((v) => v.name.startsWith('[a 2/2]'));
    expect(run.some((v) => v.cached)).toBe(true);
  });

  it('reads the error of a failing step, which the reply also says at its end', () => {
    const { traces, others } = recorded('trace-failed.ndjson');
    const failed = all(traces).vertexes.find((v) => v.error);
    expect(failed?.name).toBe('[3/3] RUN echo about to fail && exit 3');
    expect(failed?.error).toBe('executor failed running [/bin/sh -c echo about to fail && exit 3]: exit code: 3');
    expect(others.at(-1)?.error).toBe(failed?.error);
  });

  it('skips fields it does not know, and refuses a message cut short', () => {
    // Field 9 (unknown, a string) before a vertex with a digest.
    const unknown = Buffer.from([0x4a, 0x02, 0x68, 0x69, 0x0a, 0x05, 0x0a, 0x03, 0x61, 0x62, 0x63]);
    expect(decodeTrace(unknown.toString('base64')).vertexes).toEqual([{ digest: 'abc', inputs: [], name: '', cached: false }]);
    expect(() => fields(Buffer.from([0x0a, 0x05, 0x0a]))).toThrow(TraceError);
    expect(() => fields(Buffer.from([0x0b]))).toThrow('wire type 3');
  });
});
