/**
 * e2e world: a private Berth home with its engine up (through the real CLI),
 * the busybox test image imported, and `berth web` serving the built UI.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importBusybox } from './fixtures/images.js';
import { runBerth, startBerthWeb } from './fixtures/berth.js';

export default async function globalSetup(): Promise<void> {
  const home = mkdtempSync('/tmp/bt-e2e-');
  const up = await runBerth(home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(`engine up failed: ${up.stderr}`);
  const dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
  await importBusybox(dockerHost);
  const web = await startBerthWeb(home);
  process.env.BERTH_E2E_HOME = home;
  process.env.BERTH_E2E_URL = web.url;
  process.env.BERTH_E2E_DOCKER_HOST = dockerHost;
  writeFileSync(join(home, 'e2e-web.pid'), String(web.pid));
}
