/** The guided walkthroughs: their steps, each a real action in Berth's own views with a sentence of explanation (data only). */
import type { LearnProject } from '../../../../engine/contract/learn';

/** What a step's button does. `image` is the index of the project's image (the stages walkthrough has two). */
export type StepAction =
  | { readonly kind: 'prepare' }
  | { readonly kind: 'build'; readonly image: number }
  | { readonly kind: 'change' }
  | { readonly kind: 'layers'; readonly image: number };

export interface Step {
  readonly id: string;
  readonly title: string;
  /** One sentence: what this step shows, and why it matters. */
  readonly explain: string;
  /** The button's label (a verb). */
  readonly label: string;
  readonly action: StepAction;
}

export type WalkthroughId = 'layers' | 'cache' | 'stages';

export interface Walkthrough {
  readonly id: WalkthroughId;
  readonly project: LearnProject;
  readonly title: string;
  readonly summary: string;
  readonly steps: readonly Step[];
}

export const WALKTHROUGHS: readonly Walkthrough[] = [
  {
    id: 'layers',
    project: 'layers',
    title: 'Build an image and see its layers',
    summary: 'Write a small Dockerfile, build it on your engine, and open the image layer by layer.',
    steps: [
      {
        id: 'prepare',
        title: 'Write the project',
        explain: 'A Dockerfile is a recipe: each instruction that changes files (COPY, RUN) will make one layer of the image.',
        label: 'Write the files',
        action: { kind: 'prepare' },
      },
      {
        id: 'build',
        title: 'Build the image',
        explain: 'Berth sends the folder to the engine as the build context and BuildKit runs the instructions; the Builds page shows each step live.',
        label: 'Build it',
        action: { kind: 'build', image: 0 },
      },
      {
        id: 'layers',
        title: 'Open its layers',
        explain: 'An image is a stack of layers: pick one to see the files it added, or the whole image as of that layer.',
        label: 'Open the layers',
        action: { kind: 'layers', image: 0 },
      },
    ],
  },
  {
    id: 'cache',
    project: 'cache',
    title: 'Change one file and watch the cache',
    summary: 'Build, change one file, build again: the steps before the change come from the cache, and Berth says why the others ran.',
    steps: [
      {
        id: 'prepare',
        title: 'Write the project',
        explain: 'The slow step comes first and does not read your files; the file you will change is copied last.',
        label: 'Write the files',
        action: { kind: 'prepare' },
      },
      {
        id: 'build',
        title: 'Build it once',
        explain: 'The first build runs every step and keeps each result in the build cache, keyed by the instruction and the files it reads.',
        label: 'Build it',
        action: { kind: 'build', image: 0 },
      },
      {
        id: 'change',
        title: 'Change one file',
        explain: 'Berth edits message.txt in the project: only the COPY of that file, and the steps after it, now have a new key.',
        label: 'Change message.txt',
        action: { kind: 'change' },
      },
      {
        id: 'rebuild',
        title: 'Build it again',
        explain: 'Steps whose key is unchanged come from the cache in no time; the build view marks them "cached" and says why the first other step ran.',
        label: 'Build again',
        action: { kind: 'build', image: 0 },
      },
    ],
  },
  {
    id: 'stages',
    project: 'stages',
    title: 'Single-stage or multi-stage',
    summary: 'Build the same work twice, once in one stage and once in two, and compare what ends up in each image.',
    steps: [
      {
        id: 'prepare',
        title: 'Write the project',
        explain: 'Both Dockerfiles do the same work; the multi-stage one copies only the result into its final image.',
        label: 'Write the files',
        action: { kind: 'prepare' },
      },
      {
        id: 'single',
        title: 'Build the single-stage image',
        explain: 'Everything the RUN step wrote, its scratch file included, becomes a layer of the image.',
        label: 'Build single-stage',
        action: { kind: 'build', image: 0 },
      },
      {
        id: 'multi',
        title: 'Build the multi-stage image',
        explain: 'The build stage runs the same work, but the final stage starts afresh and copies one small file from it.',
        label: 'Build multi-stage',
        action: { kind: 'build', image: 1 },
      },
      {
        id: 'layers',
        title: 'Look inside the smaller image',
        explain: 'The multi-stage image has no scratch file: compare its size here with the single-stage one.',
        label: 'Open its layers',
        action: { kind: 'layers', image: 1 },
      },
    ],
  },
];

/** The walkthrough of an id. */
export function walkthroughOf(id: WalkthroughId): Walkthrough {
  return WALKTHROUGHS.find((w) => w.id === id)!;
}
