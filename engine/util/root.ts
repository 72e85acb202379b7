/**
 * The app's root folder (where package.json, out/ and vendor/ are). This file
 * sits two levels below it, and so does the Electron bundle (out/electron),
 * which maps import.meta.url to its own file.
 */
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The engine bundle (out/engine/berth.cjs, scripts/bundle/engine.ts) when
 * this process runs from it (`npm start`, `npm run berth`); else undefined
 * (through tsx, or inside the Electron bundle).
 */
export const engineBundle: string | undefined = basename(fileURLToPath(import.meta.url)) === 'berth.cjs' ? fileURLToPath(import.meta.url) : undefined;

/**
 * The packaged app's resources folder (engine programs, VM image, icons):
 * Electron's process.resourcesPath in the app, BERTH_RESOURCES in the
 * backend the app starts (a plain Node executable, which has no
 * resourcesPath); none in a checkout.
 */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return (process as { resourcesPath?: string }).resourcesPath ?? (env.BERTH_RESOURCES || undefined);
}
