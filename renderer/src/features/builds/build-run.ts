/** One build as the page shows it, reduced from the events of `builds.start` (pure, so it is unit-tested). */
import type { BuildEvent, BuildRecord, BuildStep } from '../../../../engine/contract/builds';

type Plan = Extract<BuildEvent, { t: 'plan' }>;
type Context = Extract<BuildEvent, { t: 'context' }>;

export interface BuildRun {
  readonly plan?: Plan;
  readonly context?: Context;
  /** Context bytes sent; `sent` (files) once a BuildKit session has sent what the build read. */
  readonly upload?: { readonly bytes: number; readonly total: number; readonly sent?: number };
  /** Steps by digest, in the order BuildKit first named them. */
  readonly order: readonly string[];
  readonly steps: Readonly<Record<string, BuildStep>>;
  /** Log text by step digest. */
  readonly logs: Readonly<Record<string, string>>;
  readonly end?: Extract<BuildEvent, { t: 'done' | 'failed' }>;
  /** Cancelled by the user. */
  readonly cancelled?: boolean;
  /** How the cache was used, against the last build of the same Dockerfile. */
  readonly explain?: Extract<BuildEvent, { t: 'explain' }>;
  readonly recordId?: string;
  /** The builder used, and why when it is not the one asked for. */
  readonly builder?: Extract<BuildEvent, { t: 'builder' }>;
}

/** A step's state in words, as the page writes it. */
export const STATE_LABEL: Readonly<Record<BuildStep['state'], string>> = {
  waiting: 'waiting',
  running: 'running',
  cached: 'cached',
  done: 'done',
  error: 'failed',
  cancelled: 'cancelled',
};

export const NEW_RUN: BuildRun = { order: [], steps: {}, logs: {} };

/** Characters of log kept per step: between this and twice this (the start is dropped beyond it). */
export const LOG_KEEP = 256 * 1024;

/** Pure: the run after one event. */
export function applyBuildEvent(run: BuildRun, e: BuildEvent): BuildRun {
  switch (e.t) {
    case 'plan':
      return { ...run, plan: e };
    case 'context':
      return { ...run, context: e };
    case 'upload':
      return { ...run, upload: { bytes: e.bytes, total: e.total, ...(e.sent !== undefined ? { sent: e.sent } : {}) } };
    case 'steps': {
      const steps = { ...run.steps };
      const order = [...run.order];
      for (const s of e.steps) {
        if (!steps[s.digest]) order.push(s.digest);
        steps[s.digest] = s;
      }
      return { ...run, steps, order };
    }
    case 'log': {
      // Trimmed only once it is twice the cap: trimming on every event would copy the whole kept log each time.
      const text = (run.logs[e.digest] ?? '') + e.text;
      return { ...run, logs: { ...run.logs, [e.digest]: text.length > 2 * LOG_KEEP ? text.slice(-LOG_KEEP) : text } };
    }
    case 'done':
    case 'failed':
      return { ...run, end: e };
    case 'explain':
      return { ...run, explain: e };
    case 'record':
      return { ...run, recordId: e.id };
    case 'builder':
      return { ...run, builder: e };
  }
}

export interface StageGroup {
  /** `deps`, `stage-2`…, or undefined for the build's own work (loading the context, exporting). */
  readonly stage?: string;
  readonly title: string;
  readonly steps: readonly BuildStep[];
}

/** Pure: the steps grouped by stage, stages in Dockerfile order, BuildKit's own work last. */
export function groupByStage(run: BuildRun): StageGroup[] {
  const groups = new Map<string, BuildStep[]>();
  const own: BuildStep[] = [];
  for (const d of run.order) {
    const s = run.steps[d]!;
    if (s.internal || !s.stage) {
      if (s.internal) own.push(s);
      else (groups.get('') ?? groups.set('', []).get('')!).push(s);
      continue;
    }
    (groups.get(s.stage) ?? groups.set(s.stage, []).get(s.stage)!).push(s);
  }
  const stageNames = run.plan?.stages.map((st) => st.name ?? `stage-${st.index}`) ?? [];
  const rank = (name: string) => (name === '' ? -1 : stageNames.indexOf(name) < 0 ? 999 : stageNames.indexOf(name));
  const out: StageGroup[] = [...groups.entries()]
    .sort((a, b) => rank(a[0]) - rank(b[0]))
    .map(([stage, steps]) => ({
      ...(stage ? { stage } : {}),
      title: stage ? `Stage ${/^stage-\d+$/.test(stage) ? stage.slice(6) : stage}` : 'Steps',
      steps: steps.slice().sort((x, y) => (x.index ?? 0) - (y.index ?? 0)),
    }));
  if (own.length) out.push({ title: 'Loading and exporting', steps: own });
  return out;
}

/** Pure: "steps done / total" and whether anything failed, counting Dockerfile steps only. */
export function progressOf(run: BuildRun): { done: number; total: number; cached: number; running?: BuildStep; failed?: BuildStep } {
  const real = run.order.map((d) => run.steps[d]!).filter((s) => !s.internal);
  const running = real.find((s) => s.state === 'running');
  const failed = real.find((s) => s.state === 'error');
  return {
    done: real.filter((s) => s.state === 'done' || s.state === 'cached').length,
    total: real.length,
    cached: real.filter((s) => s.state === 'cached').length,
    ...(running ? { running } : {}),
    ...(failed ? { failed } : {}),
  };
}

/** Pure: the last `n` lines of a text, and how many lines were left out before them. */
export function tailLines(text: string, n: number): { text: string; dropped: number } {
  let at = text.length - (text.endsWith('\n') ? 1 : 0);
  for (let i = 0; i < n; i++) {
    at = text.lastIndexOf('\n', at - 1);
    if (at < 0) return { text, dropped: 0 };
  }
  let dropped = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i <= at; i = text.indexOf('\n', i + 1)) dropped++;
  return { text: text.slice(at + 1), dropped };
}

export interface DiffPart {
  readonly text: string;
  readonly kind: 'same' | 'removed' | 'added';
}

/** Pure: a word diff of two instructions (words and the spaces between them kept), for showing what changed. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = before.split(/(\s+)/).filter(Boolean);
  const b = after.split(/(\s+)/).filter(Boolean);
  // Longest common subsequence of words, from the end.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffPart[] = [];
  const push = (text: string, kind: DiffPart['kind']) => {
    const last = out.at(-1);
    if (last?.kind === kind) out[out.length - 1] = { text: last.text + text, kind };
    else out.push({ text, kind });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push(a[i++]!, 'same');
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) push(b[j++]!, 'added');
    else push(a[i++]!, 'removed');
  }
  return out;
}

/** Pure: `text` cut into pieces of at most about `size` characters, at line ends where there are some. */
export function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  let at = 0;
  while (text.length - at > size) {
    const nl = text.lastIndexOf('\n', at + size);
    const end = nl > at ? nl + 1 : at + size;
    out.push(text.slice(at, end));
    at = end;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** Pure: a duration in seconds with one decimal, e.g. "1.2 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Pure: `KEY=value` lines as a map; a line without = is an error naming it. */
export function parsePairs(text: string, what: string): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  const value: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { ok: false, message: `${what}, line ${i + 1}: write NAME=value (“${line}” has no name and =).` };
    value[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return { ok: true, value };
}

/** Pure: the run after the user cancelled it: what was waiting or running is cancelled. */
export function cancelRun(run: BuildRun, at: number): BuildRun {
  const steps: Record<string, BuildStep> = {};
  for (const [d, st] of Object.entries(run.steps))
    steps[d] = st.state === 'running' || st.state === 'waiting' ? { ...st, state: 'cancelled', completed: at } : st;
  return { ...run, steps, cancelled: true };
}

/**
 * Pure: the events that replay a kept build (its record from the history), so
 * the page and the plain log show it as they showed it live: each step starts,
 * writes its log and ends in turn, then the build's result.
 */
export function recordEvents(record: BuildRecord): BuildEvent[] {
  const out: BuildEvent[] = [];
  for (const s of record.steps) {
    const log = record.logs[s.digest];
    if (log && s.state !== 'cached') {
      out.push({ t: 'steps', steps: [{ ...s, state: 'running' }] }, { t: 'log', digest: s.digest, stream: 1, text: log });
    }
    out.push({ t: 'steps', steps: [s] });
  }
  const r = record.result;
  if (r.kind === 'done') out.push({ t: 'done', imageId: r.imageId, tags: record.settings.tags, ms: record.endedAt - record.startedAt });
  else if (r.kind === 'failed') {
    const failed = record.steps.find((s) => s.state === 'error');
    out.push({ t: 'failed', message: r.message, ...(failed ? { digest: failed.digest } : {}), ...(r.line ? { line: r.line } : {}) });
  }
  out.push({ t: 'record', id: record.id });
  return out;
}

/**
 * The whole build as plain text, as `docker build --progress=plain` prints
 * it: a step's header when it first shows, its output as it comes (each line
 * prefixed with the step's number), and its end (DONE with its time, CACHED,
 * ERROR, CANCELED). Fed one event at a time, it returns only the new text, so
 * a build of 50,000 lines is written once, not rebuilt on every event.
 */
export class PlainLogWriter {
  private readonly numbers = new Map<string, number>();
  private readonly states = new Map<string, BuildStep['state']>();
  /** A step's last line when it did not end with a newline yet. */
  private readonly partial = new Map<string, string>();

  write(e: BuildEvent): string {
    if (e.t === 'steps') return e.steps.map((s) => this.step(s)).join('');
    if (e.t === 'log') return this.log(e.digest, e.text);
    return '';
  }

  private number(digest: string): number {
    let n = this.numbers.get(digest);
    if (n === undefined) this.numbers.set(digest, (n = this.numbers.size + 1));
    return n;
  }

  private step(s: BuildStep): string {
    // A step shows once it starts (or is found cached), not while it waits.
    const before = this.states.get(s.digest);
    if (before === s.state || s.state === 'waiting') return '';
    this.states.set(s.digest, s.state);
    const n = this.number(s.digest);
    let out = '';
    if (before === undefined) out += `#${n} ${s.internal ? '[internal]' : `[${s.stage ? `${s.stage} ` : ''}${s.index}/${s.of}]`} ${s.instruction}\n`;
    const rest = this.partial.get(s.digest);
    const end =
      s.state === 'cached'
        ? 'CACHED'
        : s.state === 'done'
          ? `DONE${s.started && s.completed ? ` ${seconds(s.completed - s.started)}` : ''}`
          : s.state === 'error'
            ? `ERROR: ${s.error ?? 'failed'}`
            : s.state === 'cancelled'
              ? 'CANCELED'
              : '';
    if (end && rest !== undefined) {
      out += `#${n} ${rest}\n`;
      this.partial.delete(s.digest);
    }
    return end ? `${out}#${n} ${end}\n\n` : out;
  }

  private log(digest: string, text: string): string {
    const n = this.number(digest);
    const lines = ((this.partial.get(digest) ?? '') + text).split('\n');
    const last = lines.pop()!;
    if (last) this.partial.set(digest, last);
    else this.partial.delete(digest);
    return lines.map((l) => `#${n} ${l}\n`).join('');
  }
}
