/** The walkthroughs' progress and what the engine's answers mean for it (pure, so it is unit-tested). */
import type { BuildEvent, CacheReason } from '../../../../engine/contract/builds';
import { WALKTHROUGHS, type Step, type Walkthrough } from './walkthroughs';

/** The container the shell walkthrough runs (the engine names it so). */
export const SHELL_CONTAINER = 'berth-learn-shell';

/** Done step ids of each walkthrough. */
export type Progress = Readonly<Record<string, readonly string[]>>;

/** Pure: progress as kept with the preferences, keeping only walkthroughs and steps that exist (a kept step since renamed is dropped). */
export function progressOf(kept: Readonly<Record<string, readonly string[]>> | undefined): Progress {
  const out: Record<string, readonly string[]> = {};
  for (const w of WALKTHROUGHS) {
    const done = kept?.[w.id];
    if (done?.length) out[w.id] = w.steps.filter((s) => done.includes(s.id)).map((s) => s.id);
  }
  return out;
}

/** Pure: a container's changes in words: "2 added, 1 changed". */
export function changesText(changes: ReadonlyArray<{ readonly kind: 'added' | 'changed' | 'deleted' }>): string {
  if (!changes.length) return 'No changes yet.';
  const n = { added: 0, changed: 0, deleted: 0 };
  for (const c of changes) n[c.kind]++;
  return (['added', 'changed', 'deleted'] as const)
    .filter((k) => n[k])
    .map((k) => `${n[k]} ${k}`)
    .join(', ');
}

/** Pure: the first step not done yet (steps go in order), or undefined when the walkthrough is finished. */
export function currentStep(w: Walkthrough, done: readonly string[] = []): Step | undefined {
  return w.steps.find((s) => !done.includes(s.id));
}

/** Pure: "2 of 3 steps done", "Not started" or "Finished". */
export function progressText(w: Walkthrough, done: readonly string[] = []): string {
  const n = w.steps.filter((s) => done.includes(s.id)).length;
  if (n === 0) return 'Not started';
  if (n === w.steps.length) return 'Finished';
  return `${n} of ${w.steps.length} steps done`;
}

/** Pure: the progress with one more step done (kept in walkthrough order, never twice). */
export function markDone(progress: Progress, w: Walkthrough, step: string): Progress {
  const done = new Set([...(progress[w.id] ?? []), step]);
  return { ...progress, [w.id]: w.steps.filter((s) => done.has(s.id)).map((s) => s.id) };
}

/** Pure: the progress of a walkthrough set back to the start. */
export function restart(progress: Progress, w: Walkthrough): Progress {
  return { ...progress, [w.id]: [] };
}

type End = Extract<BuildEvent, { t: 'done' | 'failed' }>;

/** Pure: what a build's end means for a step waiting on it: it made the tag, it failed (with the engine's message), or it is still running. */
export function buildOutcome(
  end: End | undefined,
  cancelled: boolean,
  tag: string,
): { readonly ok: true } | { readonly ok: false; readonly error: string } | undefined {
  if (cancelled) return { ok: false, error: 'The build was cancelled: start it again when you are ready.' };
  if (!end) return undefined;
  if (end.t === 'failed') return { ok: false, error: `The build failed: ${end.message}` };
  return end.tags.includes(tag) ? { ok: true } : { ok: false, error: `The build ended without tagging ${tag}: build it again from this panel.` };
}

/** Pure: why a step ran again, in words. */
export function reasonText(r: CacheReason): string {
  switch (r.kind) {
    case 'no-cache':
      return 'the build was asked not to use the cache';
    case 'instruction-changed':
      return 'its instruction changed';
    case 'files-changed': {
      const files = [...r.changed, ...r.added, ...r.removed];
      return files.length ? `the files it copies changed (${files.join(', ')})` : 'the files it copies changed';
    }
    case 'arg-changed':
      return `a build argument changed (${r.args.map((a) => a.name).join(', ')})`;
    case 'earlier-rebuilt':
      return `an earlier step ran again (${r.step})`;
    case 'new-step':
      return 'it is a new step';
    case 'not-in-cache':
      return 'its result was no longer in the cache';
  }
}

/** What a finished build did with the cache, for the panel's sentence. */
export interface CacheStory {
  readonly cached: number;
  readonly total: number;
  readonly text: string;
}

/** Pure: a build's use of the cache, told from its steps (Dockerfile steps only) and its explanation, when the engine sent one. */
export function cacheStory(
  steps: ReadonlyArray<{ readonly internal: boolean; readonly state: string }>,
  explain: Extract<BuildEvent, { t: 'explain' }> | undefined,
): CacheStory {
  const own = steps.filter((s) => !s.internal);
  const cached = own.filter((s) => s.state === 'cached').length;
  const head = `${cached} of ${own.length} steps came from the cache.`;
  const first = explain?.explanation.first;
  const text = first ? `${head} "${first.instruction}" ran again because ${reasonText(first.reason)}; every step after it ran too.` : head;
  return { cached, total: own.length, text };
}
