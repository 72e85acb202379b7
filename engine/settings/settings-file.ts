/** Berth's settings file under the home: read leniently, written atomically. */
import { z } from 'zod';
import { readJson, writeFileAtomic } from '../util/fs.js';
import { recentComposeProjectSchema } from '../compose/contract.js';
import { engineModeSchema, dockerHostSchema, uiSettingsSchema, vmSettingsSchema } from '../contract/index.js';

export const settingsSchema = z.object({
  engine: z
    .object({
      mode: engineModeSchema.default('native'),
      /** External mode: the endpoint to use; unset means DOCKER_HOST, the docker context, then /var/run/docker.sock. */
      host: dockerHostSchema.optional(),
      /** Native mode: bridge gateway with prefix, e.g. 172.29.42.1/24; chosen on first start when unset. */
      subnet: z
        .string()
        .regex(/^\d+\.\d+\.\d+\.\d+\/\d+$/)
        .optional(),
      /** VM mode: the machine's resources, the shared folder, and the accelerator. */
      vm: vmSettingsSchema.prefault({}),
    })
    .prefault({}),
  /** The UI's preferences; absent until a window first saves them. */
  ui: uiSettingsSchema.optional(),
  /** Compose projects opened in the UI, newest first. */
  compose: z.object({ recent: z.array(recentComposeProjectSchema).max(50).default([]) }).prefault({}),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Read settings; a missing file gives defaults, a broken one is an error naming the file. */
export async function readSettings(file: string): Promise<Settings> {
  const raw = await readJson<unknown>(file);
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Berth's settings file ${file} is invalid at ${issue?.path.join('.') || 'top level'}: ${issue?.message}. Fix or delete it.`);
  }
  return parsed.data;
}

async function writeSettings(file: string, settings: Settings): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(settings, null, 2) + '\n');
}

/** Changes to each settings file, one after another (in this process). */
const queues = new Map<string, Promise<unknown>>();

/**
 * Change part of the settings: read, change, write, with no other change to
 * the same file in between, so two parts saved at once (say the theme while
 * the engine remembers its mode) both stay.
 */
export function updateSettings(file: string, change: (s: Settings) => Settings): Promise<Settings> {
  const next = (queues.get(file) ?? Promise.resolve()).then(async () => {
    const updated = change(await readSettings(file));
    await writeSettings(file, updated);
    return updated;
  });
  const settled = next.catch(() => undefined);
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return next;
}
