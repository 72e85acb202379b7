/**
 * The builds slice: the form, the build the user started (its stream, steps,
 * logs and plain log) and a build reopened from the history. A build belongs
 * to this store, not to the page: leaving the Builds page leaves it running,
 * and coming back shows it live.
 */
import { create } from 'zustand';
import type { BuildEvent, BuildRecord } from '../../../../engine/contract/builds';
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

interface BuildsState {
  readonly form: BuildForm;
  /** The build started from this page: running, or the last one. */
  readonly live?: ShownBuild;
  readonly running: boolean;
  /** A build reopened from the history, shown instead of the live one until closed. */
  readonly reopened?: ShownBuild;
  readonly error?: string;
  /** Bumped when a build gets its record, so the history reads itself again. */
  readonly historyVersion: number;
  setForm(patch: Partial<BuildForm>): void;
  start(form: BuildForm): void;
  cancel(): void;
  /** The form filled from a kept build, and that build run again. */
  rebuild(record: BuildRecord): void;
  /** Show a kept build's steps and log (`builds.get`). */
  reopen(id: string): Promise<void>;
  closeReopened(): void;
}

const pairs = (m: Readonly<Record<string, string>>) =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

/** The running build's stream and the events not yet applied (batched once per frame). */
let stop: (() => void) | undefined;
let writer = new PlainLogWriter();
let queue: BuildEvent[] = [];
let frame = 0;

export const useBuilds = create<BuildsState>((set, get) => {
  const flush = () => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    const events = queue.splice(0);
    const live = get().live;
    if (!events.length || !live) return;
    set((s) => ({
      live: { ...live, run: events.reduce(applyBuildEvent, live.run) },
      historyVersion: events.some((e) => e.t === 'record') ? s.historyVersion + 1 : s.historyVersion,
    }));
  };
  return {
    form: EMPTY_FORM,
    running: false,
    historyVersion: 0,
    setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
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
      set({ form });
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
  };
});
