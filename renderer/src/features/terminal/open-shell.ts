/** The "Open a shell" action of a container row: a new session, shown on the container's Terminal tab. */
import { useSessions } from './sessions-store';

/** Open a new shell session in a running container and go to it. */
export function openShell(containerId: string): void {
  useSessions.getState().open(containerId);
  window.location.hash = `#/containers/${encodeURIComponent(containerId)}?tab=terminal`;
}
