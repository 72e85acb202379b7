/** A Berth of the soak's own: a private home with its engine up (the real CLI), the busybox test image, and `berth web`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { importBusybox } from '../fixtures/images.js';
import { runBerth, startBerthWeb } from '../fixtures/berth.js';

export interface SoakWorld {
  readonly home: string;
  readonly dockerHost: string;
  readonly url: string;
  /** Stop the web host and the engine, and delete the home unless asked to keep it (its logs explain a failure). */
  stop(keepHome?: boolean): Promise<void>;
}

export async function startSoakWorld(): Promise<SoakWorld> {
  const home = mkdtempSync('/tmp/bt-soak-');
  const up = await runBerth(home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(`engine up failed: ${up.stderr}`);
  const dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
  await importBusybox(dockerHost);
  const web = await startBerthWeb(home);
  return {
    home,
    dockerHost,
    url: web.url,
    stop: async (keepHome = false) => {
      try {
        process.kill(web.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const down = await runBerth(home, ['engine', 'down']);
      if (down.code === 0 && !keepHome) rmSync(home, { recursive: true, force: true });
    },
  };
}
