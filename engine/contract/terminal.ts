/**
 * The terminal part of the contract: what a shell session sends down (bytes,
 * readiness, its end) and what the UI pushes up (keystrokes, size, acks for
 * flow control). Terminal bytes travel as base64 inside JSON frames, since
 * every carrier moves text frames only.
 */
import { z } from 'zod';

/** Shells tried, in this order, after the user's preferred one. */
export const FALLBACK_SHELLS = ['bash', 'ash', 'sh'] as const;

/** A shell the user may prefer: a command name or an absolute path, nothing a shell would expand. */
export const shellSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^\/?[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/, 'A shell is a command name (zsh) or an absolute path (/bin/zsh).');

/** Terminal size limits, in character cells. */
export const MAX_COLS = 1000;
export const MAX_ROWS = 500;

export const terminalOpenSchema = z
  .object({
    id: z.string().min(1).max(128).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Not a container id or name.'),
    cols: z.number().int().min(1).max(MAX_COLS).default(80),
    rows: z.number().int().min(1).max(MAX_ROWS).default(24),
    /** Tried before bash, ash and sh. */
    shell: shellSchema.optional(),
  })
  .strict();

/** Most characters of keyboard input in one push; the UI splits a longer paste. */
export const MAX_INPUT_CHARS = 65_536;

export const terminalUpSchema = z.discriminatedUnion('t', [
  /** Keystrokes or pasted text, as xterm produces it (UTF-8 text). */
  z.object({ t: z.literal('input'), data: z.string().max(MAX_INPUT_CHARS) }).strict(),
  z.object({ t: z.literal('resize'), cols: z.number().int().min(1).max(MAX_COLS), rows: z.number().int().min(1).max(MAX_ROWS) }).strict(),
  /** Output bytes the terminal has finished drawing; the engine reads more as these come back. */
  z.object({ t: z.literal('ack'), bytes: z.number().int().min(0).max(1 << 30) }).strict(),
]);
export type TerminalUp = z.output<typeof terminalUpSchema>;

/** Why a session ended. */
export type TerminalEndReason = 'exited' | 'container-stopped' | 'engine-gone';

export type TerminalEvent =
  /** The shell started: which one, as which user, where. */
  | { readonly t: 'ready'; readonly shell: string; readonly user: string; readonly workdir: string }
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
