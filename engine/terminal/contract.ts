/** The terminal part of the contract: input schemas of a shell session (what the UI opens it with and pushes up). */
import { z } from 'zod';
import { duplex, type MethodDef } from '../contract/types.js';
import type { TerminalEvent } from './terminal-model.js';
import { MAX_COLS, MAX_INPUT_CHARS, MAX_ROWS, parseDetachKeys, SHELL_PATTERN } from './terminal-model.js';

export * from './terminal-model.js';

export const shellSchema = z.string().min(1).max(256).regex(SHELL_PATTERN, 'A shell is a command name (zsh) or an absolute path (/bin/zsh).');

const containerRef = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Not a container id or name.');
const size = { cols: z.number().int().min(1).max(MAX_COLS).default(80), rows: z.number().int().min(1).max(MAX_ROWS).default(24) };

export const terminalOpenSchema = z
  .object({
    id: containerRef,
    ...size,
    /** Tried before bash, ash and sh. */
    shell: shellSchema.optional(),
  })
  .strict();

export const detachKeysSchema = z
  .string()
  .max(64)
  .superRefine((text, ctx) => {
    const r = parseDetachKeys(text);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  });

/** Attach to a container's main process (`docker attach`), for containers run with -it. */
export const terminalAttachSchema = z.object({ id: containerRef, ...size, detachKeys: detachKeysSchema.optional() }).strict();

/** A shell on this computer with DOCKER_HOST set to Berth's engine. */
export const engineShellSchema = z.object(size).strict();

export const terminalUpSchema = z.discriminatedUnion('t', [
  /** Keystrokes or pasted text, as xterm produces it (UTF-8 text). */
  z.object({ t: z.literal('input'), data: z.string().max(MAX_INPUT_CHARS) }).strict(),
  z.object({ t: z.literal('resize'), cols: z.number().int().min(1).max(MAX_COLS), rows: z.number().int().min(1).max(MAX_ROWS) }).strict(),
  /** Output bytes the terminal has finished drawing; the engine reads more as these come back. */
  z
    .object({
      t: z.literal('ack'),
      bytes: z
        .number()
        .int()
        .min(0)
        .max(1 << 30),
    })
    .strict(),
]);
export type TerminalUp = z.output<typeof terminalUpSchema>;

export const terminalContract = {
  /**
   * An interactive shell in a running container (exec with a TTY): output as
   * base64 batches, keystrokes, resizes and flow-control acks up. Cancelling
   * hangs the shell up.
   */
  'terminal.open': duplex<TerminalEvent>()(terminalOpenSchema, terminalUpSchema),
  /**
   * Attach to the main process of a container run with -it (`docker attach`),
   * with the same stream model. The detach keys end it and leave the process
   * running; so does cancelling.
   */
  'terminal.attach': duplex<TerminalEvent>()(terminalAttachSchema, terminalUpSchema),
  /** The engine shell: the user's shell on this computer, with DOCKER_HOST set to Berth's engine. Cancelling hangs it up. */
  'terminal.engineShell': duplex<TerminalEvent>()(engineShellSchema, terminalUpSchema),
} as const satisfies Record<string, MethodDef>;
