/**
 * The Compose slice: the recent projects, opening one, and for each project its plan of `up`, the `up`
 * the user started (its stream and steps), and stop/start/restart/down. Every call and stream lives here:
 * an `up` belongs to this store, not to the page, so leaving the Compose page leaves it running, and
 * coming back shows it live. The project's containers come from the containers store (live from events).
 */
import { create } from 'zustand';
import type { ComposeDownResult, ComposePlan, ComposeProjectInput, RecentComposeProject } from '../../../../engine/contract/compose';
import { call, transfer } from '../../api/connection';
import { useContainers } from '../containers';
import { openShell } from '../terminal';
import { byNameOnly, firstRunning, projectContainers, projectInput, projectList, type ProjectEntry } from './projects';
import { addLogBatch, logPrefix, type ProjectLogLine } from './project-log';
import { applyUpEvent, cancelUpRun, endUpRun, newUpRun, type UpRun } from './up-run';

export type ComposeAction = 'stop' | 'start' | 'restart' | 'down';

/** What the page knows of one project beyond its containers. */
export interface ProjectView {
  readonly plan?: ComposePlan;
  readonly planError?: string;
  readonly planning: boolean;
  readonly up?: UpRun;
  /** The action running now (on `busyService` only, when it is a service's). */
  readonly busy?: ComposeAction;
  readonly busyService?: string;
  /** A service's Up asked for: the plan of up restricted to it (and what it depends on), shown before anything changes. */
  readonly servicePlan?: { readonly service: string; readonly plan?: ComposePlan; readonly error?: string };
  /** The service the project's log is narrowed to; every service when none. */
  readonly logService?: string;
  /** What the last action did, or why it failed, in a sentence. */
  readonly result?: { readonly ok: boolean; readonly text: string };
}

/** What the Open project dialog sends. */
export interface OpenForm {
  readonly path: string;
  readonly projectName: string;
  readonly profiles: string;
  readonly envFile: string;
}

interface ComposeState {
  readonly recent: readonly RecentComposeProject[];
  readonly recentLoaded: boolean;
  readonly recentError?: string;
  readonly views: Readonly<Record<string, ProjectView>>;
  /** The project logs being followed, by project. */
  readonly logs: Readonly<Record<string, { readonly lines: readonly ProjectLogLine[]; readonly error?: string }>>;
  /**
   * Follow the log of these containers of a project, merged (the last 200 lines of each first); returns the
   * stop, which the view calls when it goes away (a log tail lives as long as someone reads it).
   */
  followLogs(name: string, containers: ReadonlyArray<{ readonly id: string; readonly service: string; readonly number: number }>): () => void;
  loadRecent(): Promise<void>;
  /** Open a project at a path; its name, or a sentence saying why it cannot be opened. */
  open(form: OpenForm): Promise<{ name: string } | { error: string }>;
  /** Forget a recent project (its containers stay). */
  forget(name: string): Promise<void>;
  /** Read the plan of up again (the files may have changed). */
  replan(name: string): void;
  /** Up the project, or only these services and what they depend on. */
  up(name: string, services?: readonly string[]): void;
  cancelUp(name: string): void;
  /** Stop, start or restart the project's containers, or only those of one service. */
  act(name: string, action: 'stop' | 'start' | 'restart', service?: string): Promise<void>;
  /** Read the plan of `up SERVICE` (the service with what it depends on), for its Up dialog. */
  planService(name: string, service: string): void;
  closeServicePlan(name: string): void;
  /** Narrow the project's log to one service (undefined: every service). */
  showServiceLogs(name: string, service: string | undefined): void;
  /** Open Berth's terminal in the service's first running container. */
  openServiceShell(name: string, service: string): Promise<void>;
  down(name: string, volumes: boolean): Promise<boolean>;
  /** Forget the last action's sentence. */
  dismissResult(name: string): void;
}

const EMPTY: ProjectView = { planning: false };
/** The running ups' cancel functions, by project. */
const stops = new Map<string, () => void>();
/** The plan asked for last, by project (earlier answers are dropped). */
const planAsks = new Map<string, number>();

/** The project as the page knows it now (recent list + containers). */
export function findProject(name: string): ProjectEntry | undefined {
  return projectList(useCompose.getState().recent, useContainers.getState()).find((p) => p.name === name);
}

const inputOf = (name: string): ComposeProjectInput => {
  const p = findProject(name);
  return p ? projectInput(p) : byNameOnly(name);
};

const names = (list: readonly string[]) => (list.length ? list.join(', ') : 'nothing');

function downSentence(r: ComposeDownResult): string {
  const parts = [
    r.containers.length ? `${r.containers.length} container${r.containers.length === 1 ? '' : 's'} (${r.containers.join(', ')})` : '',
    r.networks.length ? `network${r.networks.length === 1 ? '' : 's'} ${r.networks.join(', ')}` : '',
    r.volumes.length ? `volume${r.volumes.length === 1 ? '' : 's'} ${r.volumes.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? `Down removed ${parts.join(', ')}.` : `Down found nothing of ${r.project} to remove.`;
}

export const useCompose = create<ComposeState>((set, get) => {
  const patch = (name: string, p: Partial<ProjectView> | ((v: ProjectView) => Partial<ProjectView>)) =>
    set((s) => {
      const was = s.views[name] ?? EMPTY;
      return { views: { ...s.views, [name]: { ...was, ...(typeof p === 'function' ? p(was) : p) } } };
    });
  /**
   * Run a call with the project's files, and again by its name alone when the files no longer load
   * (moved or broken): stop, start, restart and down act on the containers the engine has either way.
   */
  const withFallback = async <T>(name: string, fn: (input: ComposeProjectInput) => Promise<T>): Promise<T> => {
    const input = inputOf(name);
    try {
      return await fn(input);
    } catch (err) {
      if ((err as { code?: string }).code !== 'bad_request' || !input.files?.length) throw err;
      return fn(byNameOnly(name));
    }
  };
  return {
    recent: [],
    recentLoaded: false,
    views: {},
    logs: {},
    followLogs: (name, containers) => {
      set((s) => ({ logs: { ...s.logs, [name]: { lines: [] } } }));
      const perService = new Map<string, number>();
      for (const c of containers) perService.set(c.service, (perService.get(c.service) ?? 0) + 1);
      const stops = containers.map((c) =>
        transfer(
          'containers.logs',
          { id: c.id, follow: true, tail: 200, timestamps: true },
          {
            next: (batch) =>
              set((s) => {
                const was = s.logs[name] ?? { lines: [] };
                return {
                  logs: {
                    ...s.logs,
                    [name]: { ...was, lines: addLogBatch(was.lines, c.service, logPrefix(c.service, c.number, perService.get(c.service)! > 1), batch.lines) },
                  },
                };
              }),
            end: (err) => {
              if (err && err.code !== 'cancelled' && err.code !== 'not_found')
                set((s) => ({ logs: { ...s.logs, [name]: { lines: s.logs[name]?.lines ?? [], error: err.message } } }));
            },
          },
        ),
      );
      return () => {
        for (const stop of stops) stop();
        set((s) => {
          const { [name]: _gone, ...rest } = s.logs;
          return { logs: rest };
        });
      };
    },
    loadRecent: async () => {
      try {
        set({ recent: await call('compose.recent', {}), recentLoaded: true, recentError: undefined });
      } catch (err) {
        set({ recentLoaded: true, recentError: `The recent projects could not be read: ${(err as Error).message}` });
      }
    },
    open: async (form) => {
      const split = (s: string) => s.split(/[\s,]+/).filter(Boolean);
      try {
        const opened = await call('compose.open', {
          path: form.path,
          ...(form.projectName.trim() ? { projectName: form.projectName.trim() } : {}),
          profiles: split(form.profiles),
          envFiles: form.envFile.trim() ? [form.envFile.trim()] : [],
        });
        set((s) => ({ recent: [opened.project, ...s.recent.filter((r) => r.name !== opened.project.name)] }));
        get().replan(opened.project.name);
        return { name: opened.project.name };
      } catch (err) {
        return { error: (err as Error).message };
      }
    },
    forget: async (name) => {
      try {
        set({ recent: await call('compose.forget', { name }) });
      } catch (err) {
        set({ recentError: `${name} could not be forgotten: ${(err as Error).message}` });
      }
    },
    replan: (name) => {
      const ask = (planAsks.get(name) ?? 0) + 1;
      planAsks.set(name, ask);
      const input = inputOf(name);
      if (!input.files?.length) {
        return patch(name, {
          planning: false,
          plan: undefined,
          planError: `Berth does not know the files of ${name}: open its compose file to see the plan of Up.`,
        });
      }
      patch(name, { planning: true });
      call('compose.plan', { project: input, removeOrphans: false }).then(
        (r) => planAsks.get(name) === ask && patch(name, { planning: false, plan: r.plan, planError: undefined }),
        (err: Error) => planAsks.get(name) === ask && patch(name, { planning: false, plan: undefined, planError: err.message }),
      );
    },
    up: (name, services = []) => {
      if (stops.has(name)) return;
      const input = inputOf(name);
      patch(name, { up: newUpRun(Date.now()), result: undefined, servicePlan: undefined });
      const run = (f: (r: UpRun) => UpRun) => patch(name, (v) => (v.up ? { up: f(v.up) } : {}));
      stops.set(
        name,
        transfer(
          'compose.up',
          { project: input, removeOrphans: false, services: [...services] },
          {
            next: (e) => run((r) => applyUpEvent(r, e)),
            end: (err) => {
              stops.delete(name);
              run((r) => endUpRun(r, err?.message));
              get().replan(name);
            },
          },
        ),
      );
    },
    cancelUp: (name) => {
      const stop = stops.get(name);
      if (!stop) return;
      stops.delete(name);
      stop();
      patch(name, (v) => (v.up ? { up: cancelUpRun(v.up) } : {}));
      get().replan(name);
    },
    act: async (name, action, service) => {
      patch(name, { busy: action, busyService: service, result: undefined });
      try {
        const done = await withFallback(name, (project) => call('compose.act', { project, action, services: service ? [service] : [] }));
        const verb = { stop: 'Stopped', start: 'Started', restart: 'Restarted' }[action];
        patch(name, { busy: undefined, busyService: undefined, result: { ok: true, text: `${verb} ${names(done)}.` } });
      } catch (err) {
        patch(name, { busy: undefined, busyService: undefined, result: { ok: false, text: (err as Error).message } });
      }
      get().replan(name);
    },
    planService: (name, service) => {
      patch(name, { servicePlan: { service } });
      const input = inputOf(name);
      const still = (v: ProjectView) => v.servicePlan?.service === service && !v.servicePlan.plan && !v.servicePlan.error;
      if (!input.files?.length) {
        patch(name, { servicePlan: { service, error: `Berth does not know the files of ${name}: open its compose file to bring ${service} up.` } });
        return;
      }
      call('compose.plan', { project: input, removeOrphans: false, services: [service] }).then(
        (r) => patch(name, (v) => (still(v) ? { servicePlan: { service, plan: r.plan } } : {})),
        (err: Error) => patch(name, (v) => (still(v) ? { servicePlan: { service, error: err.message } } : {})),
      );
    },
    closeServicePlan: (name) => patch(name, { servicePlan: undefined }),
    showServiceLogs: (name, service) => patch(name, { logService: service }),
    openServiceShell: async (name, service) => {
      const id = firstRunning(projectContainers(useContainers.getState(), name), service);
      if (!id) {
        patch(name, { result: { ok: false, text: `${service} has no running container to open a shell in: bring it up first (its row’s Up).` } });
        return;
      }
      await openShell(id);
    },
    down: async (name, volumes) => {
      patch(name, { busy: 'down', result: undefined });
      try {
        const r = await withFallback(name, (project) => call('compose.down', { project, volumes, removeOrphans: true }));
        patch(name, { busy: undefined, result: { ok: true, text: downSentence(r) } });
        get().replan(name);
        return true;
      } catch (err) {
        patch(name, { busy: undefined, result: { ok: false, text: (err as Error).message } });
        return false;
      }
    },
    dismissResult: (name) => patch(name, { result: undefined }),
  };
});

/** Selectors (module-level, so they are stable). */
export const selectView =
  (name: string) =>
  (s: ComposeState): ProjectView =>
    s.views[name] ?? EMPTY;
