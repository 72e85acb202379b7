import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '../../../../engine/contract/builds';
import { buildOutcome, cacheStory, changesText, currentStep, markDone, progressOf, progressText, reasonText, restart, type Progress } from './learn-model';
import { WALKTHROUGHS, walkthroughOf } from './walkthroughs';

const layers = walkthroughOf('layers');

describe('walkthroughs', () => {
  it('have unique step ids, a first step that writes the project, and only build steps for images the project has', () => {
    const images = { layers: 1, cache: 1, stages: 2, shell: 1 } as const;
    for (const w of WALKTHROUGHS) {
      expect(new Set(w.steps.map((s) => s.id)).size).toBe(w.steps.length);
      expect(w.steps[0]!.action.kind).toBe('prepare');
      for (const s of w.steps) {
        if (s.action.kind === 'build' || s.action.kind === 'layers') expect(s.action.image).toBeLessThan(images[w.project]);
        if (s.action.kind === 'compare') expect([s.action.a, s.action.b].every((i) => i < images[w.project])).toBe(true);
      }
    }
  });
});

describe('progress', () => {
  it('goes step by step to the end', () => {
    let p: Progress = {};
    expect(progressText(layers, p.layers)).toBe('Not started');
    expect(currentStep(layers, p.layers)?.id).toBe('prepare');
    p = markDone(p, layers, 'prepare');
    expect(currentStep(layers, p.layers)?.id).toBe('build');
    expect(progressText(layers, p.layers)).toBe('1 of 3 steps done');
    p = markDone(markDone(p, layers, 'build'), layers, 'layers');
    expect(currentStep(layers, p.layers)).toBeUndefined();
    expect(progressText(layers, p.layers)).toBe('Finished');
  });

  it('keeps steps in walkthrough order, once each, and leaves other walkthroughs alone', () => {
    const p = markDone(markDone(markDone({ cache: ['prepare'] }, layers, 'layers'), layers, 'prepare'), layers, 'prepare');
    expect(p.layers).toEqual(['prepare', 'layers']);
    expect(p.cache).toEqual(['prepare']);
    expect(restart(p, layers)).toEqual({ layers: [], cache: ['prepare'] });
  });
});

describe('progressOf', () => {
  it('keeps known walkthroughs and steps only, in walkthrough order', () => {
    expect(progressOf({ layers: ['layers', 'prepare', 'gone'], nope: ['prepare'], cache: [] })).toEqual({ layers: ['prepare', 'layers'] });
    expect(progressOf(undefined)).toEqual({});
  });
  it('gives the shell walkthrough its run, shell and changes steps in that order', () => {
    const shell = walkthroughOf('shell');
    expect(shell.steps.map((s) => s.action.kind)).toEqual(['prepare', 'build', 'run', 'shell', 'changes']);
    expect(walkthroughOf('stages').steps.at(-1)?.action).toEqual({ kind: 'compare', a: 0, b: 1 });
  });
});

describe('changesText', () => {
  it('counts each kind, and says when there is none', () => {
    expect(changesText([{ kind: 'added' }, { kind: 'changed' }, { kind: 'added' }])).toBe('2 added, 1 changed');
    expect(changesText([{ kind: 'deleted' }])).toBe('1 deleted');
    expect(changesText([])).toBe('No changes yet.');
  });
});

describe('buildOutcome', () => {
  const done: Extract<BuildEvent, { t: 'done' }> = { t: 'done', imageId: 'sha256:1', tags: ['berth-learn/layers:latest'], ms: 5 };
  it('is done only when the build made the tag', () => {
    expect(buildOutcome(done, false, 'berth-learn/layers:latest')).toEqual({ ok: true });
    expect(buildOutcome({ ...done, tags: [] }, false, 'berth-learn/layers:latest')).toMatchObject({ ok: false });
  });
  it('waits while the build runs, and says why when it failed or was cancelled', () => {
    expect(buildOutcome(undefined, false, 't')).toBeUndefined();
    expect(buildOutcome({ t: 'failed', message: 'no space left' }, false, 't')).toEqual({ ok: false, error: 'The build failed: no space left' });
    expect(buildOutcome(undefined, true, 't')).toMatchObject({ ok: false, error: expect.stringContaining('cancelled') });
  });
});

describe('cacheStory', () => {
  const steps = [
    { internal: true, state: 'done' },
    { internal: false, state: 'cached' },
    { internal: false, state: 'cached' },
    { internal: false, state: 'done' },
    { internal: false, state: 'done' },
  ];
  it('counts the Dockerfile steps that came from the cache, and names the first that ran and why', () => {
    const explain: Extract<BuildEvent, { t: 'explain' }> = {
      t: 'explain',
      previousId: 'x',
      explanation: {
        cached: 2,
        total: 4,
        first: { instruction: 'COPY message.txt /app/message.txt', reason: { kind: 'files-changed', changed: ['message.txt'], added: [], removed: [] } },
      },
    };
    const s = cacheStory(steps, explain);
    expect([s.cached, s.total]).toEqual([2, 4]);
    expect(s.text).toBe(
      '2 of 4 steps came from the cache. "COPY message.txt /app/message.txt" ran again because the files it copies changed (message.txt); every step after it ran too.',
    );
  });
  it('tells the counts alone when the engine sent no explanation', () => {
    expect(cacheStory(steps, undefined).text).toBe('2 of 4 steps came from the cache.');
  });
  it('has words for every reason', () => {
    expect(reasonText({ kind: 'earlier-rebuilt', step: 'RUN x' })).toContain('RUN x');
    expect(reasonText({ kind: 'arg-changed', args: [{ name: 'V' }] })).toContain('V');
    for (const kind of ['no-cache', 'new-step', 'not-in-cache'] as const) expect(reasonText({ kind })).not.toBe('');
  });
});
