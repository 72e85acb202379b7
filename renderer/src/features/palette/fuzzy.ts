/**
 * The palette's fuzzy matcher (pure). A query is split into words; each word must appear in the text as a
 * subsequence, case-insensitively, in any order of words. The score rewards what a person typing means:
 * matching the text's start, the start of its words, and runs of characters in a row; it costs a little
 * for each gap. The best alignment of each word is found exactly (dynamic programming), not greedily.
 */

/** What one character matched earns, and what the places it matched add. */
export const SCORE = {
  char: 1,
  /** The first character of the text. */
  prefix: 8,
  /** The first character of a word: after a space, dash, dot, slash, colon, underscore, or a lower-to-upper case change. */
  wordStart: 6,
  /** Right after the previous matched character. */
  contiguous: 5,
  /** Each character skipped between two matches (at most `maxGap` counted). */
  gap: -1,
  maxGap: 5,
  /** Each character before the first match (at most `maxGap` counted). */
  leading: -1,
} as const;

export interface Match {
  readonly score: number;
  /** Indices of the matched characters in the text, ascending, without repeats. */
  readonly positions: readonly number[];
}

const SEPARATORS = new Set([' ', '-', '_', '.', '/', ':', '@', '(', ')', '"', '“', '”']);

const isLower = (c: string) => (c >= 'a' && c <= 'z') || (c > '\x7f' && c !== c.toUpperCase());
const isUpper = (c: string) => (c >= 'A' && c <= 'Z') || (c > '\x7f' && c !== c.toLowerCase());

/** Whether the character at `i` starts a word of `text`. */
function startsWord(text: string, i: number): boolean {
  if (i === 0) return true;
  const prev = text[i - 1]!;
  const cur = text[i]!;
  if (SEPARATORS.has(prev)) return !SEPARATORS.has(cur);
  return isLower(prev) && isUpper(cur);
}

/** What matching the character at `i` earns on its own. */
function placeScore(text: string, i: number): number {
  if (i === 0) return SCORE.char + SCORE.prefix;
  return SCORE.char + (startsWord(text, i) ? SCORE.wordStart : 0);
}

/** Whether `word` is a subsequence of `text` (the quick answer for most entries, which do not match). */
function isSubsequence(word: string, text: string): boolean {
  let i = 0;
  for (let j = 0; j < text.length && i < word.length; j++) if (text[j] === word[i]) i++;
  return i === word.length;
}

/** The score of matching one word at these positions of `text` (ascending): what the search below maximises. */
export function alignmentScore(text: string, positions: readonly number[]): number {
  let score = 0;
  positions.forEach((p, i) => {
    score += placeScore(text, p);
    if (i === 0) score += SCORE.leading * Math.min(p, SCORE.maxGap);
    else if (p === positions[i - 1]! + 1) score += SCORE.contiguous;
    else score += SCORE.gap * Math.min(p - positions[i - 1]! - 1, SCORE.maxGap);
  });
  return score;
}

/** Scratch space for the search, grown as needed (the palette matches thousands of titles per key press). */
let bestBuf = new Float64Array(256);
let fromBuf = new Int32Array(256);
let placeBuf = new Float64Array(64);

/** What matching each character of `text` earns on its own, into the scratch space. */
function placeScores(text: string): Float64Array {
  if (placeBuf.length < text.length) placeBuf = new Float64Array(text.length * 2);
  for (let j = 0; j < text.length; j++) placeBuf[j] = placeScore(text, j);
  return placeBuf;
}

/** The best alignment of one word (non-empty, already lower-cased, known to be a subsequence) in a text. */
function matchWord(word: string, lower: string, place: Float64Array): Match | undefined {
  const n = word.length;
  const m = lower.length;
  const NONE = Number.NEGATIVE_INFINITY;
  // best[i*m + j]: the best score of word[0..i] with word[i] matched at text[j]; from[i*m + j]: where word[i-1] was matched.
  if (bestBuf.length < n * m) {
    bestBuf = new Float64Array(n * m * 2);
    fromBuf = new Int32Array(n * m * 2);
  }
  const best = bestBuf;
  const from = fromBuf;
  best.fill(NONE, 0, n * m);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    const prev = (i - 1) * m;
    const ch = word[i];
    // The best previous match far enough back that its gap cost is the capped one (k <= j - 1 - maxGap).
    let far = NONE;
    let farAt = -1;
    for (let j = i; j < m; j++) {
      if (i > 0) {
        const k = j - 1 - SCORE.maxGap;
        if (k >= 0 && best[prev + k]! > far) {
          far = best[prev + k]!;
          farAt = k;
        }
      }
      if (lower[j] !== ch) continue;
      const here = place[j]!;
      if (i === 0) {
        best[row + j] = here + SCORE.leading * Math.min(j, SCORE.maxGap);
        from[row + j] = -1;
        continue;
      }
      // Where word[i - 1] is best matched for this j: right before (a run), a few characters back, or far back.
      let bestPrev = j >= 1 && best[prev + j - 1]! !== NONE ? best[prev + j - 1]! + SCORE.contiguous : NONE;
      let bestAt = bestPrev === NONE ? -1 : j - 1;
      for (let k = Math.max(0, j - SCORE.maxGap); k <= j - 2; k++) {
        const p = best[prev + k]!;
        if (p === NONE) continue;
        const v = p + SCORE.gap * (j - k - 1);
        if (v > bestPrev) {
          bestPrev = v;
          bestAt = k;
        }
      }
      if (far !== NONE && far + SCORE.gap * SCORE.maxGap > bestPrev) {
        bestPrev = far + SCORE.gap * SCORE.maxGap;
        bestAt = farAt;
      }
      if (bestAt < 0) continue;
      best[row + j] = here + bestPrev;
      from[row + j] = bestAt;
    }
  }
  const last = (n - 1) * m;
  let end = -1;
  for (let j = 0; j < m; j++) if (best[last + j]! !== NONE && (end < 0 || best[last + j]! > best[last + end]!)) end = j;
  if (end < 0) return undefined;
  const positions: number[] = new Array<number>(n);
  for (let i = n - 1, j = end; i >= 0; i--) {
    positions[i] = j;
    j = from[i * m + j]!;
  }
  return { score: best[last + end]!, positions };
}

/** The words of a query: split on white space, lower-cased. */
export function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * Match a query against a text: every word of the query must be a subsequence of the text. The score is the
 * sum of the words' best scores; the positions are their union (for highlighting). An empty query matches
 * everything with score 0.
 */
export function fuzzyMatch(query: string, text: string): Match | undefined {
  const words = queryWords(query);
  const lower = text.toLowerCase();
  // toLowerCase can change a string's length (rare letters): then match on the text as it is, case-sensitively.
  const target = lower.length === text.length ? lower : text;
  if (!words.every((w) => w.length <= target.length && isSubsequence(w, target))) return undefined;
  const place = words.length ? placeScores(text) : placeBuf;
  let score = 0;
  const seen = new Set<number>();
  for (const word of words) {
    const m = matchWord(word, target, place);
    if (!m) return undefined;
    score += m.score;
    for (const p of m.positions) seen.add(p);
  }
  return { score, positions: [...seen].sort((a, b) => a - b) };
}
