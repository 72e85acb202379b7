/**
 * The zod-free half of the terminal contract, shared with the renderer: the
 * events a session sends down, limits, and the shell probing order.
 * Terminal bytes travel as base64 inside JSON frames, since every carrier
 * moves text frames only.
 */

/** Shells tried, in this order, after the user's preferred one. */
export const FALLBACK_SHELLS = ['bash', 'ash', 'sh'] as const;

/** A shell the user may prefer: a command name or an absolute path, nothing a shell would expand. */
export const SHELL_PATTERN = /^\/?[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/;

/** Terminal size limits, in character cells. */
export const MAX_COLS = 1000;
export const MAX_ROWS = 500;

/** Most characters of keyboard input in one push; the UI splits a longer paste. */
export const MAX_INPUT_CHARS = 65_536;

/** Why a session ended. */
export type TerminalEndReason = 'exited' | 'container-stopped' | 'engine-gone';

export type TerminalEvent =
  /** The shell started: which one, as which user, where. */
  | {
      readonly t: 'ready';
      readonly shell: string;
      readonly user: string;
      readonly workdir: string;
      /** A debug shell: the image has no shell, so a toolbox joined the container (its files at /proc/1/root). */
      readonly debug?: boolean;
    }
  /** Output bytes, base64. */
  | { readonly t: 'data'; readonly data: string }
  /** The session is over; the stream ends after this. */
  | { readonly t: 'exit'; readonly reason: TerminalEndReason; readonly code?: number; readonly message: string };

/** Pure: the shells to try, in order: the preferred one first, then bash, ash, sh, each once. */
export function shellCandidates(preferred?: string): string[] {
  const order = preferred ? [preferred, ...FALLBACK_SHELLS] : [...FALLBACK_SHELLS];
  return [...new Set(order)];
}

/** Pure: the sentence for an image without any of the shells tried. */
export function noShellMessage(tried: readonly string[]): string {
  return `This image has no shell (tried ${tried.join(', ')}).`;
}

/** Pure: the banner of a debug shell, written on its terminal before the prompt. */
export function debugShellBanner(container: string, tried: readonly string[]): string {
  return (
    `Debug shell: ${container} has no shell (tried ${tried.join(', ')}), so Berth started a busybox toolbox beside it.\r\n` +
    `It shares the container's processes (ps) and network; the container's files are here, at /proc/1/root.\r\n` +
    `Nothing is added to the container; the toolbox is removed when this shell ends.\r\n`
  );
}
