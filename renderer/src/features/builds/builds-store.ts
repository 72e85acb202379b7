/**
 * The builds slice: the form and its plan, the build the user started (its
 * stream, steps, logs and plain log), a build reopened from the history, the
 * history and a comparison of two of its builds. A build belongs to this
 * store, not to the page: leaving the Builds page leaves it running, and
 * coming back shows it live.
 */
import { create } from 'zustand';
import type { BuildComparison, BuildEvent, BuildPlan, BuildRecord, BuildSummary } from '../../../../engine/contract/builds';
import { call, transfer } from '../../api/connection';
import { applyBuildEvent, cancelRun, NEW_RUN, parsePairs, PlainLogWriter, recordEvents, type BuildRun } from './build-run';
import { PlainLogBuffer } from './plain-log-buffer';

export interface BuildForm {
  readonly context: string;
  readonly dockerfile: string;
  readonly tags: string;
  readonly buildArgs: string;
  readonly labels: string;
  readonly target: string;
  readonly noCache: boolean;
  readonly pull: boolean;
  readonly builder: 'auto' | 'buildkit' | 'classic';
}

export const EMPTY_FORM: BuildForm = {
  context: '',
  dockerfile: '',
  tags: '',
  buildArgs: '',
  labels: '',
  target: '',
  noCache: false,
  pull: false,
  builder: 'auto',
};

/** A build as the page shows it: live, or replayed from its record. */
export interface ShownBuild {
  readonly run: BuildRun;
  readonly started: number;
  readonly log: PlainLogBuffer;
  /** The Dockerfile it built (a kept build carries its own; a live one is read with the form's plan). */
  readonly dockerfileText?: string;
}

/** Two kept builds compared (`builds.compare`), once both are chosen. */
export interface ShownComparison {
  readonly before: string;
  readonly after: string;
  readonly value?: BuildComparison;
  readonly error?: string;
}

interface BuildsState {
  readonly form: BuildForm;
  /** The plan of the form's context and Dockerfile (read again, debounced, when either changes). */
  readonly plan?: BuildPlan;
  readonly planError?: string;
  /** The build started from this page: running, or the last one. */
  readonly live?: ShownBuild;
  readonly running: boolean;
  /** A build reopened from the history, shown instead of the live one until closed. */
  readonly reopened?: ShownBuild;
  readonly error?: string;
  /** The kept builds, newest first (`builds.list`). */
  readonly history?: readonly BuildSummary[];
  readonly historyError?: string;
  /** Builds chosen for comparing, in the order they were chosen (two at most). */
  readonly chosen: readonly string[];
  readonly comparison?: ShownComparison;
  setForm(patch: Partial<BuildForm>): void;
  /** Read the form's plan again (the page does on showing: files may have changed since). */
  replan(): void;
  start(form: BuildForm): void;
  cancel(): void;
  /** The form filled from a kept build, and that build run again. */
  rebuild(record: BuildRecord): void;
  /** Show a kept build's steps and log (`builds.get`). */
  reopen(id: string): Promise<void>;
  closeReopened(): void;
  loadHistory(): Promise<void>;
  /** Rebuild a kept build, read whole from its record. */
  rebuildKept(id: string): Promise<void>;
  /** Delete a kept build's record (the image stays). */
  removeKept(id: string): Promise<void>;
  /** Choose a build for comparing or drop it; the second chosen starts the comparison. */
  choose(id: string, on: boolean): void;
  clearChosen(): void;
}

/** How long the form rests before its plan is read again. */
const PLAN_DELAY_MS = 300;

const pairs = (m: Readonly<Record<string, string>>) =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

/** The running build's stream and the events not yet applied (batched once per frame). */
let stop: (() => void) | undefined;
let writer = new PlainLogWriter();
let queue: BuildEvent[] = [];
let frame = 0;
/** The plan asked for last (earlier answers are dropped), and its pending timer. */
let planAsk = 0;
let planTimer: ReturnType<typeof setTimeout> | undefined;
/** The comparison asked for last. */
let compareAsk = 0;

export const useBuilds = create<BuildsState>((set, get) => {
  const flush = () => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    const events = queue.splice(0);
    const live = get().live;
    if (!events.length || !live) return;
    set({ live: { ...live, run: events.reduce(applyBuildEvent, live.run) } });
    // The build got its record: the history reads itself again.
    if (events.some((e) => e.t === 'record')) void get().loadHistory();
  };
  const plan = (clear: boolean) => {
    const ask = ++planAsk;
    clearTimeout(planTimer);
    if (clear) set({ plan: undefined, planError: undefined });
    const { context, dockerfile } = get().form;
    if (!context.trim()) return set({ plan: undefined, planError: undefined });
    planTimer = setTimeout(() => {
      call('builds.plan', { context: context.trim(), ...(dockerfile.trim() ? { dockerfile: dockerfile.trim() } : {}) }).then(
        (p) => ask === planAsk && set({ plan: p, planError: undefined }),
        (err: Error) => ask === planAsk && set({ plan: undefined, planError: err.message }),
      );
    }, PLAN_DELAY_MS);
  };
  const compare = (before: string, after: string) => {
    const ask = ++compareAsk;
    set({ comparison: { before, after } });
    call('builds.compare', { before, after }).then(
      (value) => ask === compareAsk && set({ comparison: { before, after, value } }),
      (err: Error) => ask === compareAsk && set({ comparison: { before, after, error: err.message } }),
    );
  };
  return {
    form: EMPTY_FORM,
    running: false,
    chosen: [],
    setForm: (patch) => {
      const was = get().form;
      set({ form: { ...was, ...patch } });
      const now = get().form;
      if (now.context !== was.context || now.dockerfile !== was.dockerfile) plan(true);
    },
    replan: () => plan(false),
    start: (f) => {
      const a = parsePairs(f.buildArgs, 'Build args');
      const l = parsePairs(f.labels, 'Labels');
      if (!a.ok || !l.ok || stop) return;
      const log = new PlainLogBuffer();
      const w = (writer = new PlainLogWriter());
      queue = [];
      set({ error: undefined, reopened: undefined, running: true, live: { run: NEW_RUN, started: Date.now(), log } });
      stop = transfer(
        'builds.start',
        {
          context: f.context.trim(),
          ...(f.dockerfile.trim() ? { dockerfile: f.dockerfile.trim() } : {}),
          tags: f.tags.split(/[\s,]+/).filter(Boolean),
          buildArgs: a.value,
          labels: l.value,
          ...(f.target ? { target: f.target } : {}),
          noCache: f.noCache,
          pull: f.pull,
          builder: f.builder,
        },
        {
          next: (ev) => {
            log.append(w.write(ev));
            queue.push(ev);
            frame ||= requestAnimationFrame(flush);
          },
          end: (err) => {
            flush();
            stop = undefined;
            set({ running: false, ...(err ? { error: err.message } : {}) });
          },
        },
      );
    },
    cancel: () => {
      if (!stop) return;
      stop();
      stop = undefined;
      flush();
      const live = get().live;
      if (!live) return set({ running: false });
      const at = Date.now();
      const left = Object.values(live.run.steps).filter((st) => st.state === 'running' || st.state === 'waiting');
      live.log.append(writer.write({ t: 'steps', steps: left.map((st) => ({ ...st, state: 'cancelled', completed: at })) }));
      set({ running: false, live: { ...live, run: cancelRun(live.run, at) } });
    },
    rebuild: (r) => {
      const form: BuildForm = {
        context: r.settings.context,
        dockerfile: r.settings.dockerfile,
        tags: r.settings.tags.join(', '),
        buildArgs: pairs(r.settings.buildArgs),
        labels: pairs(r.settings.labels),
        target: r.settings.target ?? '',
        noCache: r.settings.noCache,
        pull: r.settings.pull,
        builder: r.settings.builder ?? 'auto',
      };
      get().setForm(form);
      get().start(form);
    },
    reopen: async (id) => {
      try {
        const record = await call('builds.get', { id });
        const w = new PlainLogWriter();
        const log = new PlainLogBuffer();
        const events = recordEvents(record);
        for (const e of events) log.append(w.write(e));
        const run = events.reduce(applyBuildEvent, NEW_RUN);
        set({
          error: undefined,
          reopened: {
            run: record.result.kind === 'cancelled' ? { ...run, cancelled: true } : run,
            started: record.startedAt,
            log,
            dockerfileText: record.dockerfileText,
          },
        });
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },
    closeReopened: () => set({ reopened: undefined }),
    loadHistory: async () => {
      try {
        set({ history: await call('builds.list', {}) });
      } catch (err) {
        set({ historyError: (err as Error).message });
      }
    },
    rebuildKept: async (id) => {
      try {
        get().rebuild(await call('builds.get', { id }));
      } catch (err) {
        set({ historyError: (err as Error).message });
      }
    },
    removeKept: async (id) => {
      try {
        await call('builds.remove', { id });
        get().choose(id, false);
        await get().loadHistory();
      } catch (err) {
        set({ historyError: (err as Error).message });
      }
    },
    choose: (id, on) => {
      const c = get().chosen;
      const chosen = on ? [...c.filter((x) => x !== id), id].slice(-2) : c.filter((x) => x !== id);
      set({ chosen });
      if (chosen.length === 2) compare(chosen[0]!, chosen[1]!);
      else {
        compareAsk++;
        set({ comparison: undefined });
      }
    },
    clearChosen: () => {
      compareAsk++;
      set({ chosen: [], comparison: undefined });
    },
  };
});
