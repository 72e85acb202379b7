/** Figures for benchmarks. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Series {
  readonly label: string;
  readonly samples: readonly number[];
  readonly median: number;
}

export interface BenchResult {
  readonly name: string;
  readonly unit: string;
  readonly subject: Series;
  readonly baseline: Series;
}

/** One line per benchmark: medians, samples and the ratio subject/baseline. */
export function report(r: BenchResult): string {
  const f = (x: number) => x.toFixed(Math.abs(x) < 10 && !Number.isInteger(x) ? 1 : 0);
  return [
    `${r.name}:`,
    `  ${r.subject.label}: median ${f(r.subject.median)} ${r.unit} [${r.subject.samples.map(f).join(', ')}]`,
    `  ${r.baseline.label}: median ${f(r.baseline.median)} ${r.unit} [${r.baseline.samples.map(f).join(', ')}]`,
    r.baseline.median ? `  ratio: ${(r.subject.median / r.baseline.median).toFixed(2)}x the baseline` : `  ratio: none (the baseline is 0)`,
  ].join('\n');
}

/** Milliseconds `fn` takes. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Resolve when a Berth stream ends (rejecting on its error); `open` starts it with the `end` callback to call. */
export function ended(open: (end: (err?: Error) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => open((e) => (e ? reject(e) : resolve())));
}
