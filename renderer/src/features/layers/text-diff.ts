/** A unified diff of two short texts, line by line (a longest-common-subsequence table: texts are bounded). */

/** Most lines on either side this diff takes on (the table is lines × lines). */
export const MAX_DIFF_LINES = 3000;

export interface DiffLine {
  readonly kind: ' ' | '-' | '+';
  readonly text: string;
}

export interface Hunk {
  /** `@@ -a,n +b,m @@` */
  readonly header: string;
  readonly lines: readonly DiffLine[];
}

const splitLines = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));

/** Pure: every line of both texts, marked kept, removed or added; undefined when either is longer than MAX_DIFF_LINES lines. */
export function lineDiff(a: string, b: string): DiffLine[] | undefined {
  const x = splitLines(a);
  const y = splitLines(b);
  if (x.length > MAX_DIFF_LINES || y.length > MAX_DIFF_LINES) return undefined;
  const w = y.length + 1;
  // lcs[i][j]: the longest common subsequence of x[i..] and y[j..].
  const lcs = new Uint16Array((x.length + 1) * w);
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--)
      lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      out.push({ kind: ' ', text: x[i++]! });
      j++;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) out.push({ kind: '-', text: x[i++]! });
    else out.push({ kind: '+', text: y[j++]! });
  }
  while (i < x.length) out.push({ kind: '-', text: x[i++]! });
  while (j < y.length) out.push({ kind: '+', text: y[j++]! });
  return out;
}

/** Pure: the changed lines with `context` lines around them, in hunks as `diff -u` prints them. */
export function unifiedHunks(lines: readonly DiffLine[], context = 3): Hunk[] {
  const changed = lines.map((l, k) => (l.kind === ' ' ? -1 : k)).filter((k) => k >= 0);
  const hunks: Hunk[] = [];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(lines.length, changed[k]! + context + 1);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end) end = Math.min(lines.length, changed[++k]! + context + 1);
    k++;
    // Line numbers where the hunk starts on each side.
    let a = 1;
    let b = 1;
    for (const l of lines.slice(0, start)) {
      if (l.kind !== '+') a++;
      if (l.kind !== '-') b++;
    }
    const body = lines.slice(start, end);
    const na = body.filter((l) => l.kind !== '+').length;
    const nb = body.filter((l) => l.kind !== '-').length;
    hunks.push({ header: `@@ -${na ? a : a - 1},${na} +${nb ? b : b - 1},${nb} @@`, lines: body });
  }
  return hunks;
}
