import { backoffDelay } from '../../../engine/util/backoff';

/** Reconnect delays: 0.5 s, doubling each failed attempt, at most 10 s (the engine's one backoff formula). */
export const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 10_000;

/** Milliseconds to wait before reconnect attempt number `attempt` (0-based). */
export function nextDelay(attempt: number): number {
  return backoffDelay(attempt, FIRST_DELAY_MS, MAX_DELAY_MS);
}
