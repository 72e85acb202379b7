/**
 * Pure: what a container event says about the container's row. dockerd
 * announces some events before its own list shows them (`die` and `stop` are
 * sent before the container's new state reaches the view `GET
 * /containers/json` reads; `pause` and `unpause` before containerd's task
 * event lands), so a row read right after such an event can still show the
 * old state.
 */
import type { ContainerSummary } from '../contract/index.js';

/** True when `row`, read after `action`, already shows what the event says happened (always true for events that promise nothing). */
export function rowShowsEvent(action: string, row: ContainerSummary): boolean {
  switch (action) {
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
 * in time: after `die` (or the `stop` that follows it), exited with the exit
 * code the `die` event carried.
 */
export function rowFromEvent(row: ContainerSummary, action: string, exitCode: string | undefined, now = Date.now()): ContainerSummary {
  switch (action) {
    case 'die':
    case 'stop':
    case 'oom': {
      const code = exitCode && /^-?\d+$/.test(exitCode) ? exitCode : '0';
      return { ...row, state: 'exited', status: `Exited (${code}) Less than a second ago`, observedAt: now };
    }
    case 'pause':
      return { ...row, state: 'paused', status: row.status.replace(/( \(Paused\))?$/, ' (Paused)'), observedAt: now };
    case 'unpause':
      return { ...row, state: 'running', status: row.status.replace(/ \(Paused\)$/, ''), observedAt: now };
    default:
      return row;
  }
}
