/**
 * How a shell session is started and ended, as plain logic. The exec API has
 * no kill, and closing the hijacked stream leaves a TTY shell running (checked
 * with `docker top`). So the shell is started through a one-line wrapper that
 * first reports its pid inside the container with a private OSC sequence and
 * then `exec`s the shell (same pid); closing a session sends that pid SIGHUP
 * from a second exec, which is what a real terminal hanging up does.
 */

/** Our private OSC number; the sequence is removed before output reaches the UI. */
const OSC = '7707';
const MARKER = new RegExp(`^\\x1b\\]${OSC};(?:pid=(\\d+)(?:;shell=([A-Za-z0-9._+/-]+))?|(none))\\x07`);
/** Output read before giving up on the marker (it is the very first thing the wrapper prints). */
export const MARKER_MAX_BYTES = 320;

/** Shells whose `-c` understands `$$`, `printf` and `exec`. */
const POSIX = new Set(['bash', 'ash', 'sh', 'dash', 'zsh', 'ksh', 'mksh']);

/** Pure: true when the shell (by its base name) runs POSIX `-c` scripts. */
export function isPosixShell(shell: string): boolean {
  return POSIX.has(shell.split('/').pop() ?? '');
}

/**
 * Pure: the exec command for a session: the wrapper run by a POSIX shell, or
 * the shell alone when no POSIX shell is there to run the wrapper.
 */
export function sessionCommand(shell: string, posix: string | undefined, cd?: string): string[] {
  if (!posix) return [shell];
  // `cd` is for a debug shell, which starts in the container's root; the engine refuses it as the exec's own working dir (it is outside the
  // toolbox's mounts), and the shell cannot name it by itself (getcwd fails there), hence PWD and a prompt built from it.
  return [posix, '-c', `${cd ? `cd ${cd} && export PWD=${cd} PS1='debug:$PWD # ' && ` : ''}printf '\\033]${OSC};pid=%s\\007' "$$"; exec ${shell}`];
}

/**
 * Pure: one exec that picks the shell itself: `sh` runs through the
 * candidates, reports the pid and the first that exists as a program file on
 * PATH (as an exec of it would need: busybox's `command -v` also names applets
 * that have no file), and becomes it — or
 * reports that none exists. Shell names are checked against SHELL_PATTERN
 * before they get here (no quotes, no expansions).
 */
export function pickingCommand(candidates: readonly string[]): string[] {
  const list = candidates.map((c) => `'${c}'`).join(' ');
  return [
    'sh',
    '-c',
    `IFS=:; for s in ${list}; do f=; case "$s" in /*) f="$s" ;; *) for d in $PATH; do [ -x "$d/$s" ] && { f="$d/$s"; break; }; done ;; esac; [ -n "$f" ] && [ -x "$f" ] && { unset IFS; printf '\\033]${OSC};pid=%s;shell=%s\\007' "$$" "$s"; exec "$s"; }; done; printf '\\033]${OSC};none\\007'; exit 127`,
  ];
}

/** Pure: the command, run as a second exec, that sends the shell with this pid a signal (HUP, or KILL when it ignored that). */
export function signalCommand(posix: string, pid: number, signal: 'HUP' | 'KILL'): string[] {
  return [posix, '-c', `kill -${signal} ${pid} 2>/dev/null; true`];
}

export type MarkerResult =
  | { readonly kind: 'found'; readonly pid: number; readonly shell?: string; readonly rest: Buffer }
  /** The picking wrapper found none of the shells. */
  | { readonly kind: 'none' }
  | { readonly kind: 'wait' }
  | { readonly kind: 'absent'; readonly rest: Buffer };

/** Pure: look for the pid marker at the start of the output read so far. */
export function takePidMarker(head: Buffer): MarkerResult {
  const text = head.toString('latin1');
  const m = MARKER.exec(text);
  if (m?.[3]) return { kind: 'none' };
  if (m) return { kind: 'found', pid: Number(m[1]), ...(m[2] ? { shell: m[2] } : {}), rest: head.subarray(m[0].length) };
  const prefix = `\x1b]${OSC};`;
  const couldBe = text.length < prefix.length ? prefix.startsWith(text) : text.startsWith(prefix) && /^[a-z=0-9;A-Z._+/-]*$/.test(text.slice(prefix.length));
  if (couldBe && head.length < MARKER_MAX_BYTES) return { kind: 'wait' };
  return { kind: 'absent', rest: head };
}

/** Pure: the first candidate the probes found, in candidate order. */
export function pickShell(candidates: readonly string[], found: readonly boolean[]): string | undefined {
  return candidates.find((_, i) => found[i]);
}
