/** Pure: per-second rates from cumulative counters in successive samples. */
import type { ContainerStats } from '../../../../engine/contract/dto';

type Counter = 'netRx' | 'netTx' | 'blockRead' | 'blockWrite';

/** Bytes per second between consecutive samples (a counter reset counts as 0). */
export function rates(history: readonly ContainerStats[], key: Counter): number[] {
  const out: number[] = [];
  for (let i = 1; i < history.length; i++) {
    const a = history[i - 1]!;
    const b = history[i]!;
    const dt = (b.at - a.at) / 1000;
    out.push(dt > 0 ? Math.max(0, b[key] - a[key]) / dt : 0);
  }
  return out;
}
