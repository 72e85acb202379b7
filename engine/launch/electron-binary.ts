/** Where the Electron binary is, or one sentence on why Berth cannot open its window here. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export function findElectron(env: NodeJS.ProcessEnv = process.env): { path: string } | { reason: string } {
  let path: unknown;
  try {
    path = createRequire(import.meta.url)('electron');
  } catch {
    return { reason: "Electron's binary is not installed (npm could not download it)" };
  }
  if (typeof path !== 'string' || !existsSync(path)) {
    return { reason: "Electron's binary is not installed (npm could not download it)" };
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { reason: 'There is no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  return { path };
}
