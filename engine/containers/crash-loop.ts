/**
 * Pure: telling a container caught in a crash loop (its process keeps dying
 * and its restart policy keeps starting it again) from one that merely
 * stopped. dockerd announces a policy restart as `die` then `start`, with no
 * `restart` event; a user's stop says `kill`/`stop` (or only `stop`, for a
 * container waiting to restart). While a container waits between attempts
 * its state is `restarting`, and its inspect data counts the attempts
 * (RestartCount, reset only when a user starts it).
 */
import type { ContainerState, CrashLoop } from './contract.js';

/** This many deaths within CRASH_LOOP_WINDOW_MS, with the engine still restarting it, is a crash loop. */
export const CRASH_LOOP_DIES = 3;
/**
 * Long enough that a steady loop stays flagged while dockerd's backoff grows
 * (100 ms doubling up to a minute between attempts), short enough that a
 * container that has stayed up since is cleared.
 */
export const CRASH_LOOP_WINDOW_MS = 5 * 60_000;
/** The most deaths remembered per container (enough to count, bounded however long it loops). */
const KEPT = 20;

/** A container's recent deaths (epoch ms), since a user last stepped in. */
export interface CrashHistory {
  readonly dies: readonly number[];
}

export const NO_CRASHES: CrashHistory = { dies: [] };

/** Pure: the history after one of the container's events, at `at` (epoch ms). */
export function noteCrashEvent(h: CrashHistory, action: string, at: number): CrashHistory {
  switch (action) {
    case 'die':
      return { dies: [...h.dies.filter((t) => at - t < CRASH_LOOP_WINDOW_MS), at].slice(-KEPT) };
    // A user stopped, killed, recreated or removed it: whatever happens next starts a new count.
    case 'kill':
    case 'stop':
    case 'create':
    case 'destroy':
      return h.dies.length ? NO_CRASHES : h;
    default:
      return h;
  }
}

/** What the container's row and inspect data say now. */
export interface CrashFacts {
  readonly state: ContainerState;
  /** Inspect's RestartCount, when read (a container found already restarting, with no events seen yet). */
  readonly restartCount?: number;
}

/**
 * Pure: the crash loop a container is in at `now`, or undefined. Only while
 * the engine is still restarting it (running between deaths, or waiting to
 * restart): one that stays exited (its policy gave up, or a user stopped it)
 * is no longer looping.
 */
export function crashLoopOf(h: CrashHistory, facts: CrashFacts, now: number): CrashLoop | undefined {
  if (facts.state !== 'running' && facts.state !== 'restarting') return undefined;
  const recent = h.dies.filter((t) => now - t < CRASH_LOOP_WINDOW_MS).length;
  if (recent >= CRASH_LOOP_DIES) return { exits: recent, windowMinutes: CRASH_LOOP_WINDOW_MS / 60_000 };
  const count = facts.restartCount ?? 0;
  if (facts.state === 'restarting' && count >= CRASH_LOOP_DIES) return { exits: count, windowMinutes: CRASH_LOOP_WINDOW_MS / 60_000 };
  return undefined;
}

/**
 * Pure: when a crash loop found at `now` would end with no new event (its
 * counted deaths leaving the window while the container stays up), so the
 * watch can look again then; undefined when no event-free change is due.
 */
export function crashLoopRecheckAt(h: CrashHistory, now: number): number | undefined {
  const recent = h.dies.filter((t) => now - t < CRASH_LOOP_WINDOW_MS);
  if (recent.length < CRASH_LOOP_DIES) return undefined;
  return recent[recent.length - CRASH_LOOP_DIES]! + CRASH_LOOP_WINDOW_MS;
}
