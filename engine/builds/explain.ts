/**
 * The cache explainer: for a rebuild, which steps were cached and, for the
 * first that was not, why — the rules "a changed instruction, a changed
 * copied file, a changed build arg, or any earlier rebuilt step invalidates
 * the cache" applied to two build records of the same Dockerfile.
 */
import { parseDockerfile, stepInstruction, variablesUsed, type Dockerfile, type Instruction } from './dockerfile.js';
import { patternRegExp, cleanPath } from './dockerignore.js';

/** What a build record keeps for explaining the next one. */
export interface ExplainableBuild {
  readonly dockerfileText: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly noCache: boolean;
  /** sha256 of each file sent in the context, by path. */
  readonly contextHashes: Readonly<Record<string, string>>;
  /** Dockerfile steps in the order they ran, with whether they came from the cache. */
  readonly steps: ReadonlyArray<{ readonly stage?: string; readonly index?: number; readonly instruction: string; readonly state: string }>;
}

export type CacheReason =
  | { readonly kind: 'no-cache' }
  | { readonly kind: 'instruction-changed'; readonly before: string; readonly after: string }
  | { readonly kind: 'files-changed'; readonly changed: readonly string[]; readonly added: readonly string[]; readonly removed: readonly string[] }
  | { readonly kind: 'arg-changed'; readonly args: ReadonlyArray<{ readonly name: string; readonly before?: string; readonly after?: string }> }
  | { readonly kind: 'earlier-rebuilt'; readonly step: string }
  | { readonly kind: 'new-step' }
  | { readonly kind: 'not-in-cache' };

export interface CacheExplanation {
  readonly cached: number;
  readonly total: number;
  /** The first step that ran, and why it could not come from the cache. */
  readonly first?: { readonly stage?: string; readonly index?: number; readonly instruction: string; readonly line?: number; readonly reason: CacheReason };
}

/** Pure: the context paths a COPY or ADD takes (its sources, as patterns), or undefined for other steps and copies from stages. */
export function copiedPatterns(ins: Instruction): RegExp[] | undefined {
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return undefined;
  if (/--from=/.test(ins.args)) return undefined;
  let words: string[];
  const json = /^\s*(?:--\S+\s+)*(\[.*\])\s*$/s.exec(ins.args);
  if (json) words = JSON.parse(json[1]!) as string[];
  else words = ins.args.split(/\s+/).filter((w) => w && !w.startsWith('--'));
  const sources = words.slice(0, -1).filter((w) => !/^[a-z]+:\/\//.test(w));
  return sources.map((src) => {
    const p = cleanPath(src).replace(/^\/+/, '');
    // A folder (or `.`) copies everything below it.
    return p === '.' || p === '' ? /.*/ : new RegExp(`${patternRegExp(p).source.slice(0, -1)}(/.*)?$`);
  });
}

/** Pure: why the first rebuilt step of `now` did not come from the cache, given the build before it. */
export function explainCache(before: ExplainableBuild, now: ExplainableBuild): CacheExplanation {
  const steps = now.steps.filter((s) => s.index !== undefined && !s.instruction.startsWith('FROM '));
  const cached = steps.filter((s) => s.state === 'cached').length;
  const first = steps.find((s) => s.state !== 'cached');
  if (!first) return { cached, total: steps.length };
  let dfNow: Dockerfile | undefined;
  let dfBefore: Dockerfile | undefined;
  try {
    dfNow = parseDockerfile(now.dockerfileText);
    dfBefore = parseDockerfile(before.dockerfileText);
  } catch {
    // A Dockerfile that no longer parses explains nothing more.
  }
  const insNow = dfNow && stepInstruction(dfNow, first);
  const at = {
    ...(first.stage ? { stage: first.stage } : {}),
    ...(first.index ? { index: first.index } : {}),
    instruction: first.instruction,
    ...(insNow ? { line: insNow.line } : {}),
  };
  const reason = ((): CacheReason => {
    if (now.noCache) return { kind: 'no-cache' };
    // An earlier step of the same stage that ran invalidates everything after it.
    const earlier = steps.slice(0, steps.indexOf(first)).find((s) => s.stage === first.stage && s.state !== 'cached');
    if (earlier) return { kind: 'earlier-rebuilt', step: earlier.instruction };
    const insBefore = dfBefore && stepInstruction(dfBefore, first);
    if (!insBefore) return { kind: 'new-step' };
    if (insNow && insNow.text !== insBefore.text) return { kind: 'instruction-changed', before: insBefore.text, after: insNow.text };
    if (insNow) {
      const args = variablesUsed(insNow.args)
        .filter((name) => before.buildArgs[name] !== now.buildArgs[name])
        .map((name) => ({
          name,
          ...(before.buildArgs[name] !== undefined ? { before: before.buildArgs[name] } : {}),
          ...(now.buildArgs[name] !== undefined ? { after: now.buildArgs[name] } : {}),
        }));
      if (args.length) return { kind: 'arg-changed', args };
      const patterns = copiedPatterns(insNow);
      if (patterns) {
        const taken = (p: string) => patterns.some((re) => re.test(p));
        const changed: string[] = [];
        const added: string[] = [];
        const removed: string[] = [];
        for (const [p, h] of Object.entries(now.contextHashes)) {
          if (!taken(p)) continue;
          const was = before.contextHashes[p];
          if (was === undefined) added.push(p);
          else if (was !== h) changed.push(p);
        }
        for (const p of Object.keys(before.contextHashes)) if (taken(p) && now.contextHashes[p] === undefined) removed.push(p);
        if (changed.length || added.length || removed.length)
          return { kind: 'files-changed', changed: changed.sort(), added: added.sort(), removed: removed.sort() };
      }
    }
    return { kind: 'not-in-cache' };
  })();
  return { cached, total: steps.length, first: { ...at, reason } };
}

/** Pure: the reason as a sentence for people. */
export function reasonText(r: CacheReason): string {
  switch (r.kind) {
    case 'no-cache':
      return 'No cache was set, so every step ran.';
    case 'instruction-changed':
      return `Its instruction changed: it was “${r.before}”.`;
    case 'files-changed': {
      const parts = [
        r.changed.length ? `changed: ${r.changed.join(', ')}` : '',
        r.added.length ? `new: ${r.added.join(', ')}` : '',
        r.removed.length ? `gone: ${r.removed.join(', ')}` : '',
      ].filter(Boolean);
      return `Files it copies changed (${parts.join('; ')}).`;
    }
    case 'arg-changed':
      return `A build arg it uses changed: ${r.args.map((a) => `${a.name} ${a.before ?? '(unset)'} → ${a.after ?? '(unset)'}`).join(', ')}.`;
    case 'earlier-rebuilt':
      return `An earlier step ran (${r.step}), and every step after a rebuilt one runs too.`;
    case 'new-step':
      return 'It is a new step: the last build had no step there.';
    case 'not-in-cache':
      return 'Nothing it depends on changed: the engine no longer had it in its cache (pruned, or built elsewhere).';
  }
}
