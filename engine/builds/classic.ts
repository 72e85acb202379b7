/**
 * The classic builder's reply ("Step 2/7 : RUN …", " ---> Running in …",
 * program output, " ---> Using cache", " ---> <id>") read into the same step
 * model as a BuildKit trace, so the page, the records, the cache explainer
 * and the comparison treat both builders alike. Pure: a reducer over reply
 * lines, with the time passed in.
 *
 * Steps are numbered as BuildKit numbers them ("[build 2/3]"): only the
 * instructions that make a BuildKit step (FROM, RUN, COPY, ADD, WORKDIR, and
 * no FROM for a stage built on a stage) become steps. The classic builder's
 * other steps (ENV, LABEL, ARG, CMD…) only set metadata in well under a
 * second; they are followed for their place but not shown, as BuildKit does
 * not show them either.
 */
import { EMPTY_BUILD, type BuildModel, type BuildStep } from './build-model.js';
import { stageSteps, type Dockerfile } from './dockerfile.js';

interface Place {
  readonly stage?: string;
  readonly index: number;
  readonly of: number;
}

export interface ClassicState {
  readonly model: BuildModel;
  /**
   * The BuildKit-style place of each classic step, in the classic builder's
   * order ("Step N" is entry N - 1); none for metadata. A step's Dockerfile
   * lines then come from `stepInstruction`, as for a BuildKit step.
   */
  readonly plan: ReadonlyArray<Place | undefined>;
  /** The step being run (its digest), when it is one that is shown. */
  readonly current?: string;
  /** A reply line cut between two messages. */
  readonly partial: string;
  /** The last image id the builder reported (the last one is the build's image). */
  readonly imageId?: string;
}

export const classicDigest = (n: number) => `classic:${n}`;

/** Pure: the starting state for a build of `df` (all stages up to `target` run, as the classic builder does). */
export function classicStart(df: Dockerfile, target?: string): ClassicState {
  const last = target ? df.stages.findIndex((s) => s.name === target.toLowerCase()) : df.stages.length - 1;
  const plan: Array<Place | undefined> = [];
  for (const stage of df.stages.slice(0, last + 1)) {
    const counted = stageSteps(stage);
    const name = df.stages.length === 1 ? undefined : (stage.name ?? `stage-${stage.index}`);
    for (const ins of stage.instructions) {
      const at = counted.indexOf(ins);
      plan.push(at >= 0 ? { ...(name ? { stage: name } : {}), index: at + 1, of: counted.length } : undefined);
    }
  }
  return { model: EMPTY_BUILD, plan, partial: '' };
}

/** One line of the classic builder's reply. */
export interface ClassicLine {
  readonly stream?: string;
  readonly aux?: { readonly ID?: string };
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
}

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const RUNNING = /^ ---> Running in [0-9a-f]+$/;
const CACHED = /^ ---> Using cache$/;
const LAYER = /^ ---> [0-9a-f]{12,}$/;
const BUILDER = /^(Removing intermediate container [0-9a-f]+|Successfully built [0-9a-f]+|Successfully tagged .+| ---> .*)$/;

/** Pure: the state after one reply line, and the output it carried for a step. */
export function applyClassicLine(state: ClassicState, line: ClassicLine, now: number): { state: ClassicState; logs: Array<{ digest: string; text: string }> } {
  let s = state;
  const logs: Array<{ digest: string; text: string }> = [];
  const update = (digest: string, change: (step: BuildStep) => BuildStep) => {
    const steps = s.model.steps.map((st) => (st.digest === digest ? change(st) : st));
    s = { ...s, model: { ...s.model, steps } };
  };
  const finish = () => {
    if (s.current)
      update(s.current, (st) => (st.state === 'running' ? { ...st, state: 'done', completed: now } : st.completed ? st : { ...st, completed: now }));
    s = { ...s, current: undefined };
  };
  if (line.aux?.ID) s = { ...s, imageId: line.aux.ID };
  if (line.error || line.errorDetail) {
    const message = line.errorDetail?.message ?? line.error!;
    if (s.current) update(s.current, (st) => ({ ...st, state: 'error', error: message, completed: now }));
    return { state: { ...s, current: undefined }, logs };
  }
  if (line.stream === undefined) return { state: s, logs };
  const text = s.partial + line.stream;
  const lines = text.split('\n');
  s = { ...s, partial: lines.pop()! };
  // A step's title arrives without its newline; it is whole once the next part begins.
  if (STEP.test(s.partial)) {
    lines.push(s.partial);
    s = { ...s, partial: '' };
  }
  let output = '';
  const flush = () => {
    if (output && s.current) logs.push({ digest: s.current, text: output });
    output = '';
  };
  for (const l of lines) {
    const step = STEP.exec(l);
    if (step) {
      flush();
      finish();
      const n = Number(step[1]);
      const place = s.plan[n - 1];
      if (!place) continue;
      const digest = classicDigest(n);
      const fresh: BuildStep = {
        digest,
        name: `[${place.stage ? `${place.stage} ` : ''}${place.index}/${place.of}] ${step[3]}`,
        ...(place.stage ? { stage: place.stage } : {}),
        index: place.index,
        of: place.of,
        instruction: step[3]!,
        internal: false,
        state: 'running',
        started: now,
        inputs: [],
      };
      s = { ...s, current: digest, model: { ...s.model, steps: [...s.model.steps, fresh] } };
    } else if (CACHED.test(l)) {
      if (s.current) update(s.current, (st) => ({ ...st, state: 'cached' }));
    } else if (LAYER.test(l)) {
      flush();
      finish();
    } else if (RUNNING.test(l) || BUILDER.test(l) || (l === '' && !output)) {
      continue;
    } else output += `${l}\n`;
  }
  flush();
  return { state: s, logs };
}

/**
 * Pure: whether the engine's refusal of a BuildKit build means it has no
 * BuildKit (so the classic builder should be used), from its status and
 * message — e.g. an engine on Windows, one with BuildKit turned off, or a
 * Docker-compatible engine that only has the classic API.
 */
export function buildkitUnavailable(status: number | undefined, message: string): boolean {
  if (status === undefined || status < 400) return false;
  // moby's own wordings: "buildkit is only supported with experimental mode" (18.06) and `invalid version "2"` (an engine that only knows builder 1).
  return (
    /buildkit|builder version|version=2|version "2"|session/i.test(message) &&
    /not (supported|enabled|available|implemented)|only supported|unsupported|disabled|unknown|invalid/i.test(message)
  );
}
