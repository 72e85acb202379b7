/** The settings' part of the contract: VM mode, daemon.json, the UI's preferences, and the reset to factory defaults. */
import { z } from 'zod';
import { call, none, stream, type MethodDef } from '../contract/types.js';
import type { EngineMode } from '../engine/contract.js';
import { DEFAULT_DETACH_KEYS, detachKeysSchema, shellSchema } from '../terminal/contract.js';

/** VM mode's settings, as stored (unset fields take the defaults shown beside them). */
export interface VmSettings {
  readonly cpus?: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  readonly share?: string;
  readonly accel: 'auto' | 'kvm' | 'hvf' | 'whpx' | 'tcg';
}

export interface VmSettingsView {
  readonly vm: VmSettings;
  /** What an unset field means here. */
  readonly defaults: { readonly cpus: number; readonly share: string };
  readonly hostCpus: number;
  readonly hostMemoryMiB: number;
  /** The data disk's current size, when it exists: it cannot shrink below it. */
  readonly diskGiBNow?: number;
}

/** The engine's daemon.json as the Settings page edits it. */
export interface DaemonConfigView {
  /** The file's text, as saved (formatting kept). */
  readonly text: string;
  readonly path: string;
  /** False in external mode: that engine is configured where it runs. */
  readonly appliesNow: boolean;
  readonly mode: EngineMode;
  readonly running: boolean;
}

/** What "reset to factory defaults" deletes, item by item, before it is confirmed. */
export interface ResetPlan {
  readonly items: ReadonlyArray<{
    readonly label: string;
    /** What is in it, in a few words. */
    readonly detail: string;
    readonly path: string;
    /** Its size on disk, when it exists (a lower bound when `more`). */
    readonly bytes?: number;
    readonly more?: boolean;
  }>;
  /** What stays. */
  readonly kept: readonly string[];
}

/** VM mode's settings, each refused with a sentence that says the limit. */
export const vmSettingsSchema = z
  .object({
    cpus: z
      .number({ error: 'CPUs must be a whole number.' })
      .int('CPUs must be a whole number.')
      .min(1, 'The VM needs at least 1 CPU.')
      .max(64, 'The VM can have at most 64 CPUs.')
      .optional(),
    memoryMiB: z
      .number({ error: 'Memory must be a number of MiB.' })
      .int('Memory must be a whole number of MiB.')
      .min(512, 'The VM needs at least 512 MiB of memory.')
      .max(262_144, 'The VM can have at most 262144 MiB of memory.')
      .default(2048),
    diskGiB: z
      .number({ error: 'The disk size must be a number of GiB.' })
      .int('The disk size must be a whole number of GiB.')
      .min(8, 'The data disk must be at least 8 GiB.')
      .max(4096, 'The data disk can be at most 4096 GiB.')
      .default(64),
    share: z
      .string()
      .max(4096)
      .refine((p) => p === '' || p.startsWith('/'), 'The shared folder must be an absolute path (or empty for none).')
      .optional(),
    accel: z.enum(['auto', 'kvm', 'hvf', 'whpx', 'tcg']).default('auto'),
  })
  .strict();
/** Preferences of the UI, kept by the backend so every window (desktop or browser) shows the same. */
export const uiSettingsSchema = z
  .object({
    theme: z.enum(['system', 'light', 'dark']).default('system'),
    terminal: z
      .object({
        fontSize: z
          .number()
          .int('The font size is a whole number of pixels.')
          .min(8, 'The font size is at least 8 px.')
          .max(32, 'The font size is at most 32 px.')
          .default(13),
        scrollback: z
          .number()
          .int('Scrollback is a whole number of lines.')
          .min(100, 'Scrollback is at least 100 lines.')
          .max(100_000, 'Scrollback is at most 100000 lines.')
          .default(5000),
        /** Tried before bash, ash and sh; empty for none. */
        shell: z.union([z.literal(''), shellSchema]).default(''),
        detachKeys: detachKeysSchema.default(DEFAULT_DETACH_KEYS),
      })
      .strict()
      .prefault({}),
    /** Desktop app: what quitting does with the engine. */
    quit: z.enum(['ask', 'stop', 'keep']).default('ask'),
    /** Desktop notifications, per kind; absent (settings from before they existed) means all on. */
    notifications: z
      .object({ builds: z.boolean().default(true), pulls: z.boolean().default(true), crashLoops: z.boolean().default(true) })
      .strict()
      .optional(),
    /** Guided walkthroughs: the steps done of each (by walkthrough id), so progress survives a reload. */
    walkthroughs: z
      .record(z.string().max(32), z.array(z.string().max(32)).max(32))
      .refine((r) => Object.keys(r).length <= 32, 'At most 32 walkthroughs are kept.')
      .optional(),
  })
  .strict();
/** Which desktop notifications the user wants. */
export type NotificationChoices = NonNullable<z.output<typeof uiSettingsSchema>['notifications']>;
export type UiSettings = z.output<typeof uiSettingsSchema>;
/** The preferences, and whether they were ever saved (a window with older, browser-kept ones then hands those over). */
export type UiSettingsView = UiSettings & { readonly stored: boolean };

/** daemon.json as typed (checked by the engine, not here, so the sentence can say where it is wrong). */
export const daemonTextSchema = z.object({ text: z.string().max(256 * 1024, 'daemon.json can be at most 256 KiB.') }).strict();

export const settingsContract = {
  /** VM mode's settings with their defaults here. */
  'settings.vm': call<VmSettingsView>()(none),
  /** Change VM mode's settings; checked here (and against the data disk's size) before anything is written. Used from the VM's next start. */
  'settings.setVm': call<VmSettingsView>()(vmSettingsSchema),
  /** The engine's daemon.json (native and VM modes). */
  'settings.daemon': call<DaemonConfigView>()(none),
  /** Check daemon.json as JSON and with dockerd itself; null when accepted, else what is wrong. Nothing is written. */
  'settings.checkDaemon': call<string | null>()(daemonTextSchema),
  /** Save daemon.json after the checks; with restart, apply it (the previous one is restored if the engine will not start). */
  'settings.setDaemon': call<DaemonConfigView>()(daemonTextSchema.extend({ restart: z.boolean().default(true) })),
  /** Preferences of the UI (theme, terminal, quitting) now, then on every change from any window. */
  'settings.watchUi': stream<UiSettingsView>()(none),
  'settings.setUi': call<UiSettingsView>()(uiSettingsSchema),
  /** What a reset to factory defaults would delete, with sizes. */
  'settings.resetPlan': call<ResetPlan>()(none),
  /** Stop the engine, delete everything the plan lists, and start the engine again with the defaults. */
  'settings.reset': call<ResetPlan>()(z.object({ confirm: z.literal(true) }).strict()),
} as const satisfies Record<string, MethodDef>;
