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
export type TerminalEndReason = 'exited' | 'container-stopped' | 'engine-gone' | 'detached';

/** What a terminal session runs: a shell in a container, the container's main process (attach), or a shell on this computer. */
export type TerminalKind = 'shell' | 'attach' | 'engine';

/** Docker's default detach keys, as `docker attach` takes them. */
export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

/** The control characters Docker names, in code order from 0: ctrl-@, ctrl-a … ctrl-z, ctrl-[, ctrl-\, ctrl-], ctrl-^, ctrl-_. */
const CTRL_NAMES = ['@', ...'abcdefghijklmnopqrstuvwxyz', '[', '\\', ']', '^', '_'];

/**
 * Pure: a detach key sequence as Docker reads it (`ctrl-p,ctrl-q`: keys
 * separated by commas, each one printable character or ctrl-<a–z, @, [, \, ], ^, _>),
 * as the bytes that trigger it, or a sentence saying what is wrong.
 */
export function parseDetachKeys(text: string): { ok: true; bytes: number[]; label: string } | { ok: false; message: string } {
  const keys = text.split(',');
  const bytes: number[] = [];
  const labels: string[] = [];
  for (const key of keys) {
    const ctrl = /^ctrl-(.)$/.exec(key);
    const code = ctrl ? CTRL_NAMES.indexOf(ctrl[1]!) : -1;
    if (code >= 0) {
      bytes.push(code);
      labels.push(`Ctrl+${ctrl![1]!.toUpperCase()}`);
    } else if (key.length === 1 && key >= ' ' && key <= '~') {
      bytes.push(key.charCodeAt(0));
      labels.push(key);
    } else {
      const what = key === '' ? 'An empty key' : `“${key}”`;
      return {
        ok: false,
        message: `${what} is not a detach key: use keys separated by commas, each one character or ctrl- with a–z, @, [, \\, ], ^ or _ (for example ctrl-p,ctrl-q).`,
      };
    }
  }
  return { ok: true, bytes, label: labels.join(' ') };
}

export type TerminalEvent =
  /** The shell started: which one, as which user, where. */
  | {
      readonly t: 'ready';
      readonly shell: string;
      readonly user: string;
      readonly workdir: string;
      /** A debug shell: the image has no shell, so a toolbox joined the container (its files at /proc/1/root). */
      readonly debug?: boolean;
      /** Attached to the container's main process; these keys detach (as Docker reads them). */
      readonly detachKeys?: string;
      /** A shell on this computer whose docker CLI drives Berth's engine through this DOCKER_HOST. */
      readonly dockerHost?: string;
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

/** Pure: the banner of an attach session, written before the main process's output. */
export function attachBanner(container: string, keysLabel: string): string {
  return `\x1b[2mAttached to the main process of ${container}. ${keysLabel} detaches and leaves it running; press Enter if no prompt shows.\x1b[0m\r\n`;
}

/** Pure: the banner of the engine shell. */
export function engineShellBanner(dockerHost: string, hasDockerCli: boolean): string {
  const cli = hasDockerCli
    ? 'The docker CLI here drives Berth’s engine.'
    : 'No docker CLI was found on PATH: install one (Debian: docker.io or docker-ce-cli) to drive Berth’s engine from here.';
  return `\x1b[2mEngine shell on this computer, with DOCKER_HOST=${dockerHost}\r\n${cli}\x1b[0m\r\n`;
}
