/**
 * Where the Electron binary is, or one sentence on why Berth cannot open its
 * own window here (so `npm start` can fall back to the browser and the
 * Electron e2e spec can skip with the same words).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronLookup = { readonly path: string } | { readonly reason: string };

const NOT_INSTALLED = "Electron's binary is not installed (npm could not download it)";

/** The `electron` package's binary path when it exists and a display is there to show a window on. */
export function findElectron(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): ElectronLookup {
  let path: unknown;
  try {
    // The package's main export is the path of the binary its postinstall downloaded.
    path = createRequire(import.meta.url)('electron');
  } catch {
    return { reason: NOT_INSTALLED };
  }
  if (typeof path !== 'string' || !path || !existsSync(path)) return { reason: NOT_INSTALLED };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { reason: 'There is no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  return { path };
}
