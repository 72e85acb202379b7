/** Exponential backoff, the one formula every retry loop uses (dockerd restarts, the events stream, reconnects). */

/** Milliseconds to wait before retry number `attempt` (0-based): `firstMs`, doubling each time, at most `maxMs`. */
export function backoffDelay(attempt: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt));
}
