import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BuildEvent, BuildRecord } from '../../../../engine/contract/builds';
import { decodeTrace } from '../../../../engine/builds/buildkit-trace';
import { applyTrace, EMPTY_BUILD } from '../../../../engine/builds/build-model';
import {
  applyBuildEvent,
  groupByStage,
  LOG_KEEP,
  NEW_RUN,
  parsePairs,
  PlainLogWriter,
  pieces,
  progressOf,
  recordEvents,
  seconds,
  tailLines,
  wordDiff,
} from './build-run';

/** The events the engine sends, trace by trace, as it streams them: the steps that changed, then the new log. */
function liveEvents(name: string): BuildEvent[] {
  let model = EMPTY_BUILD;
  const out: BuildEvent[] = [];
  for (const l of readFileSync(new URL(`../../../../engine/builds/fixtures/${name}`, import.meta.url), 'utf8').split('\n')) {
    const line = l ? (JSON.parse(l) as { id?: string; aux?: string }) : undefined;
    if (line?.id !== 'moby.buildkit.trace') continue;
    const trace = decodeTrace(line.aux!);
    const before = model;
    model = applyTrace(model, trace);
    const changed = model.steps.filter((s, i) => s !== before.steps[i]);
    if (changed.length) out.push({ t: 'steps', steps: changed });
    for (const g of trace.logs) out.push({ t: 'log', digest: g.vertex, stream: g.stream, text: g.data.toString('utf8') });
  }
  return out;
}

/** The events the engine sends for a build recorded from dockerd: its steps, then their logs. */
function recordedEvents(name: string): BuildEvent[] {
  const model = readFileSync(new URL(`../../../../engine/builds/fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id?: string; aux?: string })
    .filter((l) => l.id === 'moby.buildkit.trace')
    .reduce((m, l) => applyTrace(m, decodeTrace(l.aux!)), EMPTY_BUILD);
  return [
    {
      t: 'plan',
      stages: [
        { index: 0, name: 'a', base: 'x', needs: [], runs: true, line: 1 },
        { index: 1, name: 'b', base: 'x', needs: [], runs: true, line: 3 },
        { index: 2, base: 'x', needs: [0, 1], runs: true, line: 5 },
      ],
    },
    { t: 'steps', steps: model.steps },
    ...model.logs.map((l): BuildEvent => ({ t: 'log', digest: l.digest, stream: l.stream, text: l.text })),
  ];
}

describe('a build as the page shows it', () => {
  it('groups a multi-stage build by stage in Dockerfile order, BuildKit’s own work last, and counts its steps', () => {
    const run = recordedEvents('trace-multistage.ndjson').reduce(applyBuildEvent, NEW_RUN);
    const groups = groupByStage(run);
    expect(groups.map((g) => g.title)).toEqual(['Stage a', 'Stage b', 'Stage 2', 'Loading and exporting']);
    expect(groups[2]!.steps.map((s) => s.index)).toEqual([2, 3, 4, 5]);
    const p = progressOf(run);
    expect(p.done).toBe(p.total);
    const runA = groups[0]!.steps.find((s) => s.instruction.startsWith('RUN'))!;
    expect(run.logs[runA.digest]).toContain('stage-a');
  });

  it('finds the failing step', () => {
    const run = [...recordedEvents('trace-failed.ndjson'), { t: 'failed', message: 'exit code: 3', line: 3, endLine: 3 } as BuildEvent].reduce(
      applyBuildEvent,
      NEW_RUN,
    );
    expect(progressOf(run).failed?.instruction).toBe('RUN echo about to fail && exit 3');
    expect(run.end).toMatchObject({ t: 'failed', line: 3 });
  });

  it('writes the whole build as plain text as it comes, as --progress=plain does, each event adding only its own text', () => {
    const w = new PlainLogWriter();
    const parts = liveEvents('trace-failed.ndjson').map((e) => w.write(e));
    const text = parts.join('');
    expect(text).toMatch(/^#1 \[internal\] /);
    expect(text).toMatch(/#(\d+) \[3\/3\] RUN echo about to fail && exit 3\n#\1 about to fail\n#\1 ERROR: executor failed running/);
    expect(text).toMatch(/#(\d+) \[2\/3\] RUN echo before\n#\1 before\n#\1 DONE \d+\.\d s\n/);
    // Every step's header is written once.
    expect(text.match(/\[2\/3\] RUN echo before/g)).toHaveLength(1);
  });

  it('joins a line split across two log chunks, and ends a step’s unfinished line when the step ends', () => {
    const w = new PlainLogWriter();
    const step = { digest: 'd', name: '[1/1] RUN x', index: 1, of: 1, instruction: 'RUN x', internal: false, inputs: [] };
    expect(w.write({ t: 'steps', steps: [{ ...step, state: 'running', started: 1 }] })).toBe('#1 [1/1] RUN x\n');
    expect(w.write({ t: 'log', digest: 'd', stream: 1, text: 'hel' })).toBe('');
    expect(w.write({ t: 'log', digest: 'd', stream: 1, text: 'lo\nwor' })).toBe('#1 hello\n');
    expect(w.write({ t: 'steps', steps: [{ ...step, state: 'done', started: 1000, completed: 2500 }] })).toBe('#1 wor\n#1 DONE 1.5 s\n\n');
  });

  it('shows the last lines of a step’s log and counts the ones left out', () => {
    expect(tailLines('a\nb\nc\n', 2)).toEqual({ text: 'b\nc\n', dropped: 1 });
    expect(tailLines('a\nb\nc', 2)).toEqual({ text: 'b\nc', dropped: 1 });
    expect(tailLines('a\nb\n', 5)).toEqual({ text: 'a\nb\n', dropped: 0 });
    const long = Array.from({ length: 50_000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const t = tailLines(long, 400);
    expect(t.dropped).toBe(49_600);
    expect(t.text.split('\n')[0]).toBe('line 49601');
  });

  it('cuts text for the terminal into pieces at line ends, keeping every character', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const p = pieces(text, 2048);
    expect(p.join('')).toBe(text);
    expect(p.every((x) => x.length <= 2048 && x.endsWith('\n'))).toBe(true);
    // A line longer than a piece is cut where it must be.
    expect(pieces('x'.repeat(5000), 2048).map((x) => x.length)).toEqual([2048, 2048, 904]);
  });

  it('diffs two instructions word by word', () => {
    expect(wordDiff('RUN go build -o /app ./cmd', 'RUN go build -trimpath -o /app ./cmd/app')).toEqual([
      { text: 'RUN go build ', kind: 'same' },
      { text: '-trimpath ', kind: 'added' },
      { text: '-o /app ', kind: 'same' },
      { text: './cmd/app', kind: 'added' },
      { text: './cmd', kind: 'removed' },
    ]);
    const d = wordDiff('COPY a b', 'COPY a b');
    expect(d).toEqual([{ text: 'COPY a b', kind: 'same' }]);
  });

  it('keeps the end of a very long log', () => {
    let run = NEW_RUN;
    for (let i = 0; i < 5; i++) run = applyBuildEvent(run, { t: 'log', digest: 'd', stream: 1, text: `${i}`.repeat(LOG_KEEP / 2) });
    expect(run.logs.d!.length).toBeLessThanOrEqual(2 * LOG_KEEP);
    expect(run.logs.d!.length).toBeGreaterThanOrEqual(LOG_KEEP);
    expect(run.logs.d!.endsWith('4')).toBe(true);
    expect(run.logs.d!.startsWith('0')).toBe(false);
  });

  it('reads NAME=value lines, naming a bad line', () => {
    expect(parsePairs('VERSION=1.2\n\n  EMPTY=\nURL=a=b', 'Build args')).toEqual({ ok: true, value: { VERSION: '1.2', EMPTY: '', URL: 'a=b' } });
    expect(parsePairs('oops', 'Labels')).toEqual({ ok: false, message: 'Labels, line 1: write NAME=value (“oops” has no name and =).' });
    expect(seconds(1234)).toBe('1.2 s');
  });

  it('replays a kept build from its record as it was shown live: the same steps, logs and plain log lines', () => {
    const live = liveEvents('trace-failed.ndjson');
    const run = live.reduce(applyBuildEvent, NEW_RUN);
    const logs: Record<string, string> = {};
    for (const e of live) if (e.t === 'log') logs[e.digest] = (logs[e.digest] ?? '') + e.text;
    const record: BuildRecord = {
      id: '00000000-0000-0000-0000-000000000001',
      startedAt: 1000,
      endedAt: 4500,
      settings: { context: '/src', dockerfile: 'Dockerfile', tags: ['app:1'], buildArgs: {}, labels: {}, noCache: false, pull: false },
      dockerfileText: 'FROM x\nRUN echo before\nRUN echo about to fail && exit 3\n',
      contextHashes: {},
      steps: run.order.map((d) => run.steps[d]!),
      logs,
      result: { kind: 'failed', message: 'exit code: 3', line: 3 },
    };
    const events = recordEvents(record);
    const replayed = events.reduce(applyBuildEvent, NEW_RUN);
    expect(replayed.order).toEqual(run.order);
    expect(replayed.steps).toEqual(run.steps);
    expect(replayed.logs).toEqual(run.logs);
    expect(replayed.recordId).toBe(record.id);
    const failing = Object.values(run.steps).find((s) => s.state === 'error')!;
    expect(replayed.end).toEqual({ t: 'failed', message: 'exit code: 3', digest: failing.digest, line: 3 });
    const lw = new PlainLogWriter();
    const rw = new PlainLogWriter();
    const sorted = (text: string) => text.split('\n').filter(Boolean).sort();
    expect(sorted(events.map((e) => rw.write(e)).join(''))).toEqual(sorted(live.map((e) => lw.write(e)).join('')));
    const done = recordEvents({ ...record, result: { kind: 'done', imageId: 'sha256:abc' } }).at(-2);
    expect(done).toEqual({ t: 'done', imageId: 'sha256:abc', tags: ['app:1'], ms: 3500 });
  });
});
