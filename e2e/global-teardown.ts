import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runBerth } from './fixtures/berth.js';

export default async function globalTeardown(): Promise<void> {
  const home = process.env.BERTH_E2E_HOME;
  if (!home) return;
  try {
    process.kill(Number(readFileSync(join(home, 'e2e-web.pid'), 'utf8')), 'SIGTERM');
  } catch {
    /* already gone */
  }
  const down = await runBerth(home, ['engine', 'down']);
  if (down.code === 0) rmSync(home, { recursive: true, force: true });
}
