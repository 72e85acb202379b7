/** The "Open a shell" action of a container row: a new session, shown on the container's Terminal tab. */

/**
 * Open a new shell session in a running container and go to it. The sessions store (and
 * xterm.js with it) is loaded here, on first use, rather than with the containers list.
 */
export async function openShell(containerId: string): Promise<void> {
  const { useSessions } = await import('./sessions-store');
  useSessions.getState().open(containerId);
  window.location.hash = `#/containers/${encodeURIComponent(containerId)}?tab=terminal`;
}
