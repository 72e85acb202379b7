/**
 * The walkthroughs slice: which one is open in the docked panel, each one's
 * progress, its project as the engine wrote it, and the step waiting on the
 * engine. A step is marked done only on the engine's word (the files written,
 * the build done and the image there). It lives in the store, not in a view,
 * so the panel and its progress stay while the user moves between pages.
 */
import { create } from 'zustand';
import type { LearnChange, LearnProjectInfo } from '../../../../engine/contract/learn';
import { call } from '../../api/connection';
import { navigate } from '../../app/router';
import { useBuilds } from '../builds';
import { layersHref } from '../layers';
import { buildOutcome, cacheStory, currentStep, markDone, restart, type CacheStory, type Progress } from './learn-model';
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
  readonly size: number;
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
  const info = (await call('images.inspect', { ref: tag })) as { Size?: number };
  return { tag, size: info.Size ?? 0 };
}

export const useLearn = create<LearnState>((set, get) => {
  const done = (id: WalkthroughId, step: string) => set((s) => ({ progress: markDone(s.progress, walkthroughOf(id), step) }));
  const fail = (err: unknown) => set({ error: err instanceof Error ? err.message : String(err), busy: undefined });

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
        const image = get().projects[id]?.images[action.image];
        if (!image) throw new Error('The project is not written yet: start this walkthrough again from its first step.');
        const builds = useBuilds.getState();
        if (builds.running) throw new Error('Another build is running: wait for it to end (or cancel it on the Builds page), then try again.');
        builds.setForm({
          context: get().projects[id]!.context,
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
        const image = get().projects[id]?.images[action.image];
        if (!image) throw new Error('The project is not written yet: start this walkthrough again from its first step.');
        const fact = await confirmImage(image.tag).catch(() => {
          throw new Error(`The image ${image.tag} is not on the engine: build it again first.`);
        });
        set((s) => ({ images: { ...s.images, [image.tag]: fact }, busy: undefined }));
        window.location.hash = layersHref(image.tag);
        done(id, step.id);
        return;
      }
    }
  };

  return {
    progress: {},
    projects: {},
    images: {},
    open: (id) => set({ active: id, error: undefined }),
    startOver: (id) =>
      set((s) => ({
        active: id,
        error: undefined,
        progress: restart(s.progress, walkthroughOf(id)),
        ...(id === 'cache' ? { story: undefined, change: undefined } : {}),
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
