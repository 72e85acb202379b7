/**
 * A Dockerfile read into instructions (with their lines) and stages (with
 * what each one needs: its FROM stage, `COPY --from`, `--mount=…,from=`), the
 * way BuildKit's frontend reads it: parser directives, the escape character,
 * line continuations, comments and heredocs.
 */

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY… */
  readonly keyword: string;
  /** Everything after the keyword, continuations joined (heredoc bodies included, after a newline). */
  readonly args: string;
  /** 1-based, first and last line of the instruction in the file. */
  readonly line: number;
  readonly endLine: number;
  /** The instruction as written on one line (for showing and comparing). */
  readonly text: string;
}

export interface Stage {
  readonly index: number;
  /** `AS name`, lower-cased as BuildKit does; undefined when unnamed. */
  readonly name?: string;
  /** The image or stage it starts from, as written. */
  readonly base: string;
  /** The stage it starts from, when it is one. */
  readonly baseStage?: number;
  /** Stages it copies or mounts from. */
  readonly needs: readonly number[];
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly instructions: readonly Instruction[];
  /** ARGs before the first FROM (usable in FROM lines). */
  readonly globalArgs: readonly string[];
  readonly stages: readonly Stage[];
}

export class DockerfileError extends Error {
  constructor(
    message: string,
    readonly line: number,
    /** The last line of the instruction at fault, for one that continues over several lines. */
    readonly endLine = line,
  ) {
    super(message);
  }
}

/** The instructions BuildKit's Dockerfile frontend knows. */
export const INSTRUCTIONS: ReadonlySet<string> = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

/** Pure: the sentence for a word that is no instruction, with the instruction it is closest to (at most two letters off). */
export function unknownInstruction(word: string): string {
  const upper = word.toUpperCase();
  let best: { name: string; d: number } | undefined;
  for (const name of INSTRUCTIONS) {
    const d = editDistance(upper, name);
    if (d <= 2 && (!best || d < best.d)) best = { name, d };
  }
  return `${word} is not a Dockerfile instruction${best ? `: did you mean ${best.name}?` : '.'}`;
}

/** Pure: Levenshtein distance (short words only). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Pure: the instructions of a Dockerfile's text. */
export function parseInstructions(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  // Parser directives: only at the very top, before any other line.
  for (const l of lines) {
    const m = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(l);
    if (!m) break;
    if (m[1]!.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  const out: Instruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!;
    const trimmed = first.trim();
    if (!trimmed || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const start = i + 1;
    let joined = '';
    let current = first;
    // Continuation lines; comment lines inside a continuation are skipped, as BuildKit does.
    for (;;) {
      const t = current.replace(/\s+$/, '');
      if (t.endsWith(escape)) {
        joined += t.slice(0, -1);
        i++;
        while (i < lines.length && /^\s*#/.test(lines[i]!)) i++;
        if (i >= lines.length) break;
        current = lines[i]!;
        continue;
      }
      joined += current;
      break;
    }
    i++;
    const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(joined);
    if (!m) continue;
    const keyword = m[1]!.toUpperCase();
    let args = m[2]!.trim();
    const text = `${keyword} ${args}`.trim();
    // Heredocs: `<<EOF` or `<<-EOF` (optionally quoted) take the following lines up to the terminator.
    for (const h of args.matchAll(/<<-?(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/g)) {
      const word = h[2]!;
      const body: string[] = [];
      while (i < lines.length && lines[i]!.replace(/^\t+/, '') !== word) body.push(lines[i++]!);
      i++;
      args += `\n${body.join('\n')}\n${word}`;
    }
    out.push({ keyword, args, line: start, endLine: Math.min(i, lines.length), text });
  }
  return out;
}

/** Pure: the value of a `--flag=value` option at the start of an instruction's arguments. */
export function flagValue(args: string, flag: string): string | undefined {
  for (const m of args.matchAll(/--([a-z-]+)=("[^"]*"|\S+)/g)) if (m[1] === flag) return m[2]!.replace(/^"|"$/g, '');
  return undefined;
}

/** Pure: a Dockerfile's stages and what they need. */
export function parseDockerfile(text: string): Dockerfile {
  const instructions = parseInstructions(text);
  const globalArgs: string[] = [];
  const stages: Array<{ index: number; name?: string; base: string; baseStage?: number; needs: Set<number>; instructions: Instruction[] }> = [];
  const stageIndex = (ref: string, before: number): number | undefined => {
    const lower = ref.toLowerCase();
    const named = stages.findIndex((s, i) => i < before && s.name === lower);
    if (named >= 0) return named;
    if (/^\d+$/.test(ref) && Number(ref) < before) return Number(ref);
    return undefined;
  };
  for (const ins of instructions) {
    if (!INSTRUCTIONS.has(ins.keyword)) throw new DockerfileError(unknownInstruction(ins.keyword), ins.line, ins.endLine);
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const base = words[0];
      if (!base) throw new DockerfileError('FROM needs an image (or the name of an earlier stage).', ins.line, ins.endLine);
      const as = words[1]?.toLowerCase() === 'as' ? words[2]?.toLowerCase() : undefined;
      if (words[1] && !as) throw new DockerfileError(`FROM takes an image and "AS name": "${ins.args}" is not that.`, ins.line, ins.endLine);
      if (as && stages.some((s) => s.name === as)) throw new DockerfileError(`Two stages are named ${as}.`, ins.line, ins.endLine);
      const index = stages.length;
      const baseStage = stageIndex(base, index);
      stages.push({
        index,
        ...(as ? { name: as } : {}),
        base,
        ...(baseStage !== undefined ? { baseStage } : {}),
        needs: new Set(baseStage !== undefined ? [baseStage] : []),
        instructions: [ins],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) {
      if (ins.keyword === 'ARG') globalArgs.push(...argNames(ins.args));
      else throw new DockerfileError(`${ins.keyword} comes before any FROM: a Dockerfile starts with FROM (only ARG may come first).`, ins.line, ins.endLine);
      continue;
    }
    stage.instructions.push(ins);
    const from = ins.keyword === 'COPY' || ins.keyword === 'ADD' ? flagValue(ins.args, 'from') : undefined;
    const mounts =
      ins.keyword === 'RUN' ? [...ins.args.matchAll(/--mount=(\S+)/g)].map((m) => /(?:^|,)from=([^,]+)/.exec(m[1]!)?.[1]).filter((x): x is string => !!x) : [];
    for (const ref of [from, ...mounts]) {
      if (!ref) continue;
      const need = stageIndex(ref, stage.index);
      if (need !== undefined) stage.needs.add(need);
    }
  }
  if (!stages.length) throw new DockerfileError('This Dockerfile has no FROM.', 1);
  return { instructions, globalArgs, stages: stages.map((s) => ({ ...s, needs: [...s.needs].sort((a, b) => a - b) })) };
}

/** Pure: the names an ARG line declares. */
function argNames(args: string): string[] {
  return args
    .split(/\s+/)
    .filter(Boolean)
    .map((a) => a.split('=')[0]!);
}

/** Pure: the stages a build of `target` (the last stage when none) runs, in order; the others are skipped. */
export function stagesFor(df: Dockerfile, target?: string): Set<number> {
  const last = df.stages.length - 1;
  const t = target ? df.stages.findIndex((s) => s.name === target.toLowerCase()) : last;
  if (t < 0) throw new DockerfileError(`There is no stage named ${target} (stages: ${df.stages.map((s) => s.name ?? String(s.index)).join(', ')}).`, 1);
  const needed = new Set<number>();
  const visit = (i: number) => {
    if (needed.has(i)) return;
    needed.add(i);
    for (const n of df.stages[i]!.needs) visit(n);
  };
  visit(t);
  return needed;
}

/** Pure: the variables an instruction refers to ($NAME or ${NAME…}). */
export function variablesUsed(args: string): string[] {
  const out = new Set<string>();
  for (const m of args.matchAll(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g)) out.add(m[1] ?? m[2]!);
  return [...out];
}

/** Instructions that become steps of their own in BuildKit's numbering ("[build 2/4]"); the others only set metadata. Seen on this engine's BuildKit. */
const STEP_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

/**
 * Pure: a stage's instructions that are steps in BuildKit's numbering, in
 * order (step 1 first). A stage built on another stage, or on `scratch`, has
 * no FROM step of its own: its first step is its first instruction after FROM
 * (BuildKit names a scratch stage's COPY "[1/1] COPY …").
 */
export function stageSteps(stage: Stage): Instruction[] {
  const noFrom = stage.baseStage !== undefined || stage.base.toLowerCase() === 'scratch';
  return stage.instructions.filter((i, n) => STEP_KEYWORDS.has(i.keyword) && !(n === 0 && noFrom));
}

/** Pure: the Dockerfile instruction of a BuildKit step, from its stage (name, or `stage-N`, or none for a one-stage file) and its place. */
export function stepInstruction(df: Dockerfile, step: { readonly stage?: string; readonly index?: number }): Instruction | undefined {
  if (!step.index) return undefined;
  const stage =
    step.stage === undefined
      ? df.stages.at(-1)
      : (df.stages.find((s) => s.name === step.stage) ?? df.stages[Number(/^stage-(\d+)$/.exec(step.stage)?.[1] ?? -1)]);
  return stage && stageSteps(stage)[step.index - 1];
}
