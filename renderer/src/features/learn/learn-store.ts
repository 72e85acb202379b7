/**
 * The walkthroughs slice: which one is open in the docked panel, each one's
 * progress, its project as the engine wrote it, and the step waiting on the
 * engine. A step is marked done only on the engine's word (the files written,
 * the build done and the image there). It lives in the store, not in a view,
 * so the panel and its progress stay while the user moves between pages.
 */
import { create } from 'zustand';
import type { ContainerChange } from '../../../../engine/contract/dto';
import type { LearnChange, LearnContainer, LearnProjectInfo } from '../../../../engine/contract/learn';
import { call } from '../../api/connection';
import { navigate } from '../../app/router';
import { useBuilds } from '../builds';
import { compareHref, layersHref } from '../layers';
import { useSettings } from '../settings';
import { openShell } from '../terminal';
import { buildOutcome, cacheStory, currentStep, markDone, progressOf, restart, SHELL_CONTAINER, type CacheStory, type Progress } from './learn-model';
import { walkthroughOf, type Step, type WalkthroughId } from './walkthroughs';

/** A step waiting on a build the walkthrough started (the build store's live build, known by its start time). */
interface Waiting {
  readonly walkthrough: WalkthroughId;
  readonly step: string;
  readonly tag: string;
  readonly started: number;
}

/** The size of a walkthrough's image, as the engine says. */
export interface ImageFact {
  readonly tag: string;
  readonly id: string;
  readonly size: number;
  /** How many layers it has. */
  readonly layers: number;
}

interface LearnState {
  /** The walkthrough shown in the docked panel. */
  readonly active?: WalkthroughId;
  readonly progress: Progress;
  readonly projects: Partial<Readonly<Record<WalkthroughId, LearnProjectInfo>>>;
  /** A step's action under way (its id). */
  readonly busy?: string;
  readonly waiting?: Waiting;
  readonly error?: string;
  /** The cache walkthrough's last change, and what its rebuild did with the cache. */
  readonly change?: LearnChange;
  readonly story?: CacheStory;
  /** The images the walkthroughs built, by tag, once the engine confirmed them. */
  readonly images: Readonly<Record<string, ImageFact>>;
  /** The shell walkthrough's container, once run, and its writable layer as last read. */
  readonly container?: LearnContainer;
  readonly changes?: readonly ContainerChange[];
  /** Open a walkthrough in the panel (where it was left, or from the start). */
  open(id: WalkthroughId): void;
  /** Start a walkthrough again from its first step. */
  startOver(id: WalkthroughId): void;
  /** Hide the panel; progress stays. */
  close(): void;
  /** Run the current step's action. */
  act(): Promise<void>;
  dismissError(): void;
}

/** Ask the engine whether the image exists; its size when it does. */
async function confirmImage(tag: string): Promise<ImageFact> {
  const info = (await call('images.inspect', { ref: tag })) as { Id?: string; Size?: number; RootFS?: { Layers?: unknown[] } };
  return { tag, id: info.Id ?? tag, size: info.Size ?? 0, layers: info.RootFS?.Layers?.length ?? 0 };
}

/** The shell walkthrough's container as the engine knows it now (its full id: the terminal's sessions go by it). */
async function shellContainer(): Promise<string> {
  const details = await call('containers.inspect', { id: SHELL_CONTAINER }).catch(() => {
    throw new Error(`The container ${SHELL_CONTAINER} is not there: run it again (the step before).`);
  });
  if (details.state !== 'running') throw new Error(`The container ${SHELL_CONTAINER} is ${details.state}: run it again (the step before) to open a shell.`);
  return details.id;
}

export const useLearn = create<LearnState>((set, get) => {
  const done = (id: WalkthroughId, step: string) => set((s) => ({ progress: markDone(s.progress, walkthroughOf(id), step) }));
  const fail = (err: unknown) => set({ error: err instanceof Error ? err.message : String(err), busy: undefined });

  /** The project as written, asked of the engine again when this window has not seen it (after a reload). */
  const projectOf = async (id: WalkthroughId): Promise<LearnProjectInfo> => {
    const known = get().projects[id];
    if (known) return known;
    const info = await call('learn.project', { project: walkthroughOf(id).project }).catch(() => {
      throw new Error('The project is not written yet: start this walkthrough again from its first step.');
    });
    set((s) => ({ projects: { ...s.projects, [id]: info } }));
    return info;
  };

  const runStep = async (id: WalkthroughId, step: Step) => {
    const w = walkthroughOf(id);
    const action = step.action;
    switch (action.kind) {
      case 'prepare': {
        const info = await call('learn.prepare', { project: w.project });
        set((s) => ({ projects: { ...s.projects, [id]: info }, busy: undefined, ...(id === 'cache' ? { change: undefined, story: undefined } : {}) }));
        done(id, step.id);
        return;
      }
      case 'change': {
        const change = await call('learn.change', { project: 'cache' });
        set({ change, busy: undefined });
        done(id, step.id);
        return;
      }
      case 'build': {
        const project = await projectOf(id);
        const image = project.images[action.image];
        if (!image) throw new Error('The project is not written yet: start this walkthrough again from its first step.');
        const builds = useBuilds.getState();
        if (builds.running) throw new Error('Another build is running: wait for it to end (or cancel it on the Builds page), then try again.');
        builds.setForm({
          context: project.context,
          dockerfile: image.dockerfile,
          tags: image.tag,
          target: '',
          buildArgs: '',
          labels: '',
          noCache: false,
        });
        useBuilds.getState().start(useBuilds.getState().form);
        const live = useBuilds.getState().live;
        if (!useBuilds.getState().running || !live) throw new Error('The build did not start: open the Builds page to see why.');
        set({ waiting: { walkthrough: id, step: step.id, tag: image.tag, started: live.started } });
        navigate('builds');
        return;
      }
      case 'layers': {
        const image = (await projectOf(id)).images[action.image];
        if (!image) throw new Error('The project is not written yet: start this walkthrough again from its first step.');
        const fact = await confirmImage(image.tag).catch(() => {
          throw new Error(`The image ${image.tag} is not on the engine: build it again first.`);
        });
        set((s) => ({ images: { ...s.images, [image.tag]: fact }, busy: undefined }));
        window.location.hash = layersHref(image.tag);
        done(id, step.id);
        return;
      }
      case 'compare': {
        const project = await projectOf(id);
        const pair = [project.images[action.a], project.images[action.b]];
        const facts = await Promise.all(
          pair.map((image) => {
            if (!image) throw new Error('The project is not written yet: start this walkthrough again from its first step.');
            return confirmImage(image.tag).catch(() => {
              throw new Error(`The image ${image.tag} is not on the engine: build it again first.`);
            });
          }),
        );
        const [a, b] = facts as [ImageFact, ImageFact];
        set((s) => ({ images: { ...s.images, [a.tag]: a, [b.tag]: b }, busy: undefined }));
        window.location.hash = compareHref(a.id, b.id);
        done(id, step.id);
        return;
      }
      case 'run': {
        const container = await call('learn.run', { project: 'shell' });
        set({ container, changes: undefined, busy: undefined });
        window.location.hash = `#/containers/${encodeURIComponent(container.name)}`;
        done(id, step.id);
        return;
      }
      case 'shell': {
        await openShell(await shellContainer());
        set({ busy: undefined });
        done(id, step.id);
        return;
      }
      case 'changes': {
        const containerId = await shellContainer();
        const changes = await call('containers.changes', { id: containerId });
        if (!changes.some((c) => c.kind !== 'changed'))
          throw new Error('Nothing was written in the container yet: in its shell type echo hi > /app/note.txt, press Enter, then try again.');
        set({ changes, busy: undefined });
        window.location.hash = `#/containers/${encodeURIComponent(containerId)}?tab=changes`;
        done(id, step.id);
        return;
      }
    }
  };

  return {
    progress: progressOf(useSettings.getState().walkthroughs),
    projects: {},
    images: {},
    open: (id) => set({ active: id, error: undefined }),
    startOver: (id) =>
      set((s) => ({
        active: id,
        error: undefined,
        progress: restart(s.progress, walkthroughOf(id)),
        ...(id === 'cache' ? { story: undefined, change: undefined } : {}),
        ...(id === 'shell' ? { container: undefined, changes: undefined } : {}),
      })),
    close: () => set({ active: undefined }),
    dismissError: () => set({ error: undefined }),
    act: async () => {
      const id = get().active;
      if (!id || get().busy || get().waiting) return;
      const step = currentStep(walkthroughOf(id), get().progress[id]);
      if (!step) return;
      set({ busy: step.id, error: undefined });
      try {
        await runStep(id, step);
      } catch (err) {
        fail(err);
      }
    },
  };
});

/** Follow the build a step waits on: when its stream has ended (its cache explanation comes last), confirm its image with the engine, then mark the step done. */
useBuilds.subscribe((s) => {
  const waiting = useLearn.getState().waiting;
  const live = s.live;
  if (!waiting || !live || live.started !== waiting.started || s.running) return;
  useLearn.setState({ waiting: undefined, busy: undefined });
  const outcome = buildOutcome(live.run.end, live.run.cancelled === true, waiting.tag) ?? {
    ok: false,
    error: `The build stopped: ${s.error ?? 'it ended without a result'}.`,
  };
  if (!outcome.ok) {
    useLearn.setState({ error: outcome.error });
    return;
  }
  const run = live.run;
  confirmImage(waiting.tag).then(
    (fact) => {
      const story = waiting.walkthrough === 'cache' && waiting.step === 'rebuild' ? cacheStory(Object.values(run.steps), run.explain) : undefined;
      useLearn.setState((l) => ({
        images: { ...l.images, [fact.tag]: fact },
        progress: markDone(l.progress, walkthroughOf(waiting.walkthrough), waiting.step),
        ...(story ? { story } : {}),
      }));
    },
    (err: Error) => useLearn.setState({ error: `The build ended, but the engine has no image ${waiting.tag}: ${err.message}` }),
  );
});

/**
 * Progress is kept with the other preferences (by the backend): a reload, or another window, finds it again. While a change
 * of this window's is on its way, the backend's echo of an older one is not taken (and this window's is kept again).
 */
let pending: string | undefined;
/** Progress compared as kept (known walkthroughs with a step done, steps in order). */
const norm = (p: Progress | undefined) => JSON.stringify(progressOf(p));
useSettings.subscribe((s, prev) => {
  if (s.walkthroughs === prev.walkthroughs) return;
  const kept = norm(s.walkthroughs);
  const mine = useLearn.getState().progress;
  if (pending !== undefined) {
    if (kept === pending) pending = undefined;
    else if (kept !== norm(mine)) useSettings.getState().keepWalkthroughs(progressOf(mine));
    return;
  }
  if (kept !== norm(mine)) useLearn.setState({ progress: progressOf(s.walkthroughs) });
});
useLearn.subscribe((s, prev) => {
  if (s.progress === prev.progress) return;
  const next = norm(s.progress);
  // Taken from the backend just now: nothing to send.
  if (next === norm(useSettings.getState().walkthroughs)) return;
  pending = next;
  useSettings.getState().keepWalkthroughs(progressOf(s.progress));
});
