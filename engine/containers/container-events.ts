/**
 * Pure: what a container event says about the container's row. dockerd
 * announces some events before its own list shows them (`die` and `stop` are
 * sent before the container's new state reaches the view `GET
 * /containers/json` reads; `pause` and `unpause` before containerd's task
 * event lands), so a row read right after such an event can still show the
 * old state.
 */
import type { ContainerSummary } from '../contract/index.js';

/** What one event says about its container: the action, the container's name then (every event carries it), and an exit code (`die`, and the `stop` after it). */
export interface EventWord {
  readonly action: string;
  readonly name?: string;
  readonly exitCode?: string;
}

/**
 * True when `row`, read after the event, already shows what the event says
 * happened. The name too: a running container's rename is announced before
 * the list shows the new name.
 */
export function rowShowsEvent(word: EventWord, row: ContainerSummary): boolean {
  if (word.name !== undefined && row.name !== word.name) return false;
  switch (word.action) {
    case 'pause':
      return row.state === 'paused';
    case 'unpause':
      return row.state !== 'paused';
    case 'die':
    case 'stop':
    case 'oom':
      // Its process is gone: not running (a restart policy may already show it restarting, or running again after a `start` event).
      return row.state !== 'running' && row.state !== 'paused';
    default:
      return true;
  }
}

/**
 * The row as the event says it, for when the engine's list has not caught up
 * in time: its name, and after `die` (or the `stop` that follows it) exited
 * with the exit code the `die` event carried.
 */
export function rowFromEvent(row: ContainerSummary, word: EventWord, now = Date.now()): ContainerSummary {
  const named = word.name !== undefined ? { ...row, name: word.name } : row;
  switch (word.action) {
    case 'die':
    case 'stop':
    case 'oom': {
      const code = word.exitCode && /^-?\d+$/.test(word.exitCode) ? word.exitCode : '0';
      return { ...named, state: 'exited', status: `Exited (${code}) Less than a second ago`, observedAt: now };
    }
    case 'pause':
      return { ...named, state: 'paused', status: row.status.replace(/( \(Paused\))?$/, ' (Paused)'), observedAt: now };
    case 'unpause':
      return { ...named, state: 'running', status: row.status.replace(/ \(Paused\)$/, ''), observedAt: now };
    default:
      return named === row ? row : { ...named, observedAt: now };
  }
}
