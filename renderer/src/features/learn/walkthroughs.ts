/** The guided walkthroughs: their steps, each a real action in Berth's own views with a sentence of explanation (data only). */
import type { LearnProject } from '../../../../engine/contract/learn';

/** What a step's button does. `image` is the index of the project's image (the stages walkthrough has two). */
export type StepAction =
  | { readonly kind: 'prepare' }
  | { readonly kind: 'build'; readonly image: number }
  | { readonly kind: 'change' }
  | { readonly kind: 'layers'; readonly image: number }
  /** Open image `b`'s layer browser comparing image `a` with it: layers side by side, then file by file. */
  | { readonly kind: 'compare'; readonly a: number; readonly b: number }
  /** Run the project's container (the shell walkthrough's). */
  | { readonly kind: 'run' }
  /** Open a shell in that container, in the real terminal. */
  | { readonly kind: 'shell' }
  /** Read the container's writable layer (`docker diff`) and show it on its Changes tab. */
  | { readonly kind: 'changes' };

export interface Step {
  readonly id: string;
  readonly title: string;
  /** One sentence: what this step shows, and why it matters. */
  readonly explain: string;
  /** The button's label (a verb). */
  readonly label: string;
  readonly action: StepAction;
}

export type WalkthroughId = 'layers' | 'cache' | 'stages' | 'shell';

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
        id: 'compare',
        title: 'Compare the two images',
        explain:
          'Side by side, both share the base layer; the single-stage image then carries the scratch file in its RUN layer, the multi-stage one only the small result it copied.',
        label: 'Compare them',
        action: { kind: 'compare', a: 0, b: 1 },
      },
    ],
  },
  {
    id: 'shell',
    project: 'shell',
    title: 'Run a container and see its writable layer',
    summary: 'Run a container, open a shell in it, write a file, and see the container’s own layer change while the image stays as it was.',
    steps: [
      {
        id: 'prepare',
        title: 'Write the project',
        explain: 'A tiny image whose command only sleeps, so the container keeps running while you look inside.',
        label: 'Write the files',
        action: { kind: 'prepare' },
      },
      {
        id: 'build',
        title: 'Build the image',
        explain: 'The image’s layers are read-only: every container made from it shares them.',
        label: 'Build it',
        action: { kind: 'build', image: 0 },
      },
      {
        id: 'run',
        title: 'Run a container',
        explain: 'Running adds one thin writable layer on top of the image’s layers; the container is listed as berth-learn-shell.',
        label: 'Run it',
        action: { kind: 'run' },
      },
      {
        id: 'shell',
        title: 'Open a shell in it',
        explain: 'The Terminal tab runs a shell inside the container: type echo hi > /app/note.txt and press Enter to write a file.',
        label: 'Open a shell',
        action: { kind: 'shell' },
      },
      {
        id: 'changes',
        title: 'See its writable layer change',
        explain:
          'The Changes tab lists what the container wrote on top of its image (A added, C changed, D deleted): your file is there, the image is untouched.',
        label: 'Show its changes',
        action: { kind: 'changes' },
      },
    ],
  },
];

/** The walkthrough of an id. */
export function walkthroughOf(id: WalkthroughId): Walkthrough {
  return WALKTHROUGHS.find((w) => w.id === id)!;
}
