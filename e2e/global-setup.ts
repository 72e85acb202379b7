/**
 * e2e world: a private Berth home with its engine up (through the real CLI),
 * the busybox test image imported, and `berth web` serving the built UI.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importBusybox } from './fixtures/images.js';
import { runBerth } from './fixtures/berth.js';

const root = resolve(import.meta.dirname, '..');

export default async function globalSetup(): Promise<void> {
  const home = mkdtempSync('/tmp/bt-e2e-');
  const up = await runBerth(home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(`engine up failed: ${up.stderr}`);
  const dockerHost = up.stdout.trim().replace(/^DOCKER_HOST=/, '');
  await importBusybox(dockerHost);

  const web = spawn(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli.ts'), 'web'], {
    cwd: root,
    env: { ...process.env, BERTH_HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    web.stdout!.on('data', (c) => {
      out += c;
      const m = /Berth is at (\S+)/.exec(out);
      if (m) res(m[1]!);
    });
    web.once('exit', (code) => rej(new Error(`berth web exited (${code})`)));
  });
  web.stdout!.resume();
  web.unref();
  process.env.BERTH_E2E_HOME = home;
  process.env.BERTH_E2E_URL = url;
  process.env.BERTH_E2E_DOCKER_HOST = dockerHost;
  writeFileSync(join(home, 'e2e-web.pid'), String(web.pid));
}
