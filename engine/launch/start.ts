/**
 * `berth start` (what `npm start` runs once `npm run build` has bundled the UI): start the backend and the engine,
 * then open Berth in Electron, or, where Electron cannot run, serve it with the web host and say why in one line.
 * Bundling is a build step (scripts/build.ts), never something the engine does.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot, engineBundle } from '../util/root.js';
import { ensureBackend, startEngine, stopEngineAndBackend } from '../backend/launch.js';
import { startWebHost } from '../web/host.js';
import { findElectron } from './electron-binary.js';
import { parseFlags } from '../util/cli-args.js';

function waitForSignal(): Promise<string> {
  return new Promise((res) => {
    process.once('SIGINT', () => res('SIGINT'));
    process.once('SIGTERM', () => res('SIGTERM'));
  });
}

export async function startApp(home: string, args: string[]): Promise<number> {
  const { port: portText } = parseFlags(args, { port: { type: 'string' } });
  const port = portText === undefined ? undefined : Number(portText);
  const electron = findElectron();
  const electronMain = join(appRoot, 'out', 'electron', 'main.cjs');
  const bundles = [join(appRoot, 'out', 'renderer', 'index.html'), ...('path' in electron ? [electronMain] : [])];
  const missing = bundles.filter((f) => !existsSync(f));
  if (missing.length) {
    console.error(`Berth's UI is not built (${missing.join(' and ')} missing): run \`npm run build\` (\`npm start\` does it first).`);
    return 1;
  }
  const { startedByUs } = await ensureBackend(home);
  console.error('Starting the engine…');
  try {
    const status = await startEngine(home);
    console.error(`Engine running (${status.mode} ${status.version ?? ''}). DOCKER_HOST=${status.dockerHost}`);
  } catch (err) {
    // The UI still opens: it shows the error and offers Start.
    console.error(`The engine did not start: ${(err as Error).message}`);
  }

  if ('path' in electron) {
    const child = spawn(electron.path, [electronMain], {
      stdio: 'inherit',
      // The app's backend runs from the same engine bundle as this CLI, when it does.
      env: { ...process.env, BERTH_HOME: home, ...(engineBundle ? { BERTH_ENGINE_BUNDLE: engineBundle } : {}) },
    });
    const code = await new Promise<number>((res) => child.once('exit', (c) => res(c ?? 0)));
    return code;
  }

  const host = await startWebHost({ home, port });
  console.log(`${electron.reason}, so Berth runs in your browser: open ${host.url}`);
  const signal = await waitForSignal();
  console.error(`\n${signal}: closing Berth…`);
  await host.close();
  if (startedByUs) {
    await stopEngineAndBackend(home);
    console.error("Berth's engine stopped.");
  } else {
    console.error("Berth's engine keeps running (it was started before); stop it with `berth engine down`.");
  }
  return 0;
}
