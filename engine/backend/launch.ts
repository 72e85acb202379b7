/**
 * Finding, starting and stopping the backend process of a Berth home, for
 * the CLI, the web host and the Electron app.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, promises as fs } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appRoot, engineBundle, resourcesDir } from '../util/root.js';
import type { EngineMode, EngineStatus } from '../contract/index.js';
import { RpcClient } from '../rpc/client.js';
import { socketCarrier } from '../rpc/node-carriers.js';
import { layout } from '../engine/paths.js';
import { prepareHome, NativeDriver } from '../engine/native.js';
import { RootlessDriver } from '../engine/rootless.js';
import { VmDriver } from '../engine/vm/vm-driver.js';
import { isAlive, readJson, readPidfile, sleep, waitForExit } from '../util/fs.js';
import { BERTH_VERSION } from '../version.js';

/** Open a raw connection to the home's control socket; rejects when no backend answers. */
export function openControlSocket(home: string): Promise<Socket> {
  const { controlSocket } = layout(home);
  return new Promise((resolve, reject) => {
    const socket = connect(controlSocket);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Connect to the home's backend; null when none answers. */
export async function connectBackend(home: string): Promise<RpcClient | null> {
  try {
    return new RpcClient(socketCarrier(await openControlSocket(home)));
  } catch {
    return null;
  }
}

/**
 * How the backend is run. The packaged app has the `berth` executable
 * (scripts/build-backend.ts) in its resources: `berth __backend`, told where
 * the resources are. A checkout runs the TypeScript through tsx with this
 * process's Node (Electron's binary in the app run from a checkout, through
 * ELECTRON_RUN_AS_NODE, which only development builds allow).
 * BERTH_BACKEND_BIN names another `berth` executable (the tests use it).
 * A CLI running from the engine bundle (`npm start`, `npm run berth`) starts
 * the backend from the same bundle, with no TypeScript to compile, and so
 * does the Electron app it opens (told the bundle by BERTH_ENGINE_BUNDLE).
 */
export function backendCommand(env: NodeJS.ProcessEnv = process.env): { cmd: string; args: string[]; env: NodeJS.ProcessEnv; cwd?: string } {
  const resources = resourcesDir(env);
  const packaged = env.BERTH_BACKEND_BIN || (resources && join(resources, 'engine', 'bin', process.platform === 'win32' ? 'berth.exe' : 'berth'));
  if (packaged && existsSync(packaged)) {
    // Its working folder is the home (the app root may be inside app.asar, which only Electron can enter).
    return { cmd: packaged, args: ['__backend'], env: resources ? { BERTH_RESOURCES: resources } : {} };
  }
  const bundle = engineBundle ?? (env.BERTH_ENGINE_BUNDLE || undefined);
  if (bundle && existsSync(bundle)) {
    return { cmd: process.execPath, args: [bundle, '__backend'], env: { ELECTRON_RUN_AS_NODE: '1', BERTH_ENGINE_BUNDLE: bundle }, cwd: appRoot };
  }
  const tsx = pathToFileURL(createRequire(join(appRoot, 'package.json')).resolve('tsx')).href;
  return { cmd: process.execPath, args: ['--import', tsx, join(appRoot, 'engine', 'backend', 'main.ts')], env: { ELECTRON_RUN_AS_NODE: '1' }, cwd: appRoot };
}

/**
 * Make sure the home's backend of this Berth version runs; start it detached
 * when none does. A backend of another version (Berth was updated while its
 * engine kept running) is asked to hand over: it exits without stopping the
 * engine, and the one started here adopts it (a native dockerd with its
 * containers as they are; a VM is booted again).
 */
export async function ensureBackend(home: string, version = BERTH_VERSION): Promise<{ socketPath: string; startedByUs: boolean }> {
  const l = layout(home);
  const existing = await connectBackend(home);
  if (existing) {
    const hello = await existing.call('backend.hello', {}).catch(() => undefined);
    if (!hello || hello.version === version) {
      existing.close();
      return { socketPath: l.controlSocket, startedByUs: false };
    }
    // One from before handovers existed does not know the call: it is stopped the old way (its engine with it).
    const handedOver = await existing.call('backend.handover', {}).then(
      () => true,
      () => false,
    );
    existing.close();
    if (!handedOver) process.kill(hello.pid, 'SIGTERM');
    if (!(await waitForExit(hello.pid, 30_000)))
      throw new Error(`Berth's backend ${hello.version} (pid ${hello.pid}) would not make way for ${version}: stop it with \`kill ${hello.pid}\`.`);
  }
  await prepareHome(l);
  const logFd = openSync(l.backendLog, 'a', 0o600);
  const { cmd, args, env, cwd } = backendCommand();
  const child = spawn(cmd, args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, ...env, BERTH_HOME: home },
    cwd: cwd ?? home,
  });
  closeSync(logFd);
  child.unref();
  let exitCode: number | null = null;
  child.once('exit', (code) => (exitCode = code ?? 1));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const client = await connectBackend(home);
    if (client) {
      client.close();
      return { socketPath: l.controlSocket, startedByUs: true };
    }
    if (exitCode !== null) break;
    await sleep(50);
  }
  const tail = (await fs.readFile(l.backendLog, 'utf8').catch(() => '')).trim().split('\n').slice(-1)[0];
  throw new Error(`Berth's backend did not start${tail ? `: ${tail}` : ''} (log: ${l.backendLog}).`);
}

/** Ask the backend to start the engine; resolves with its status once running, throws with the reason otherwise. */
export async function startEngine(home: string, mode?: EngineMode, host?: string, onStatus?: (s: EngineStatus) => void): Promise<EngineStatus> {
  await ensureBackend(home);
  const client = await connectBackend(home);
  if (!client) throw new Error("Berth's backend stopped answering.");
  const watch = onStatus && client.stream('engine.watch', {}, { next: onStatus });
  try {
    return await client.call('engine.start', { mode, host });
  } finally {
    watch?.cancel();
    client.close();
  }
}

/** The engine's status: from the backend when one runs, else the last one it recorded. */
export async function engineStatus(home: string): Promise<EngineStatus> {
  const client = await connectBackend(home);
  if (client) {
    try {
      return await client.call('engine.status', {});
    } finally {
      client.close();
    }
  }
  const l = layout(home);
  const last = await readJson<EngineStatus>(l.stateFile);
  return {
    mode: last?.mode ?? 'native',
    state: 'stopped',
    lastError: last?.state === 'stopped' ? last.lastError : last ? 'Berth stopped without stopping its engine (its backend was killed).' : undefined,
    restarts: 0,
    home,
  };
}

/** Stop the engine of a running backend, leaving the backend to its other clients; nothing to do when none answers. */
export async function stopEngine(home: string): Promise<void> {
  const client = await connectBackend(home);
  if (!client) return;
  try {
    await client.call('engine.stop', {});
  } finally {
    client.close();
  }
}

/**
 * Stop the engine and the backend and wait until both are gone. With no
 * backend, stop an engine a crashed backend left running and clean up.
 */
export async function stopEngineAndBackend(home: string): Promise<{ wasRunning: boolean }> {
  const l = layout(home);
  const client = await connectBackend(home);
  let wasRunning = false;
  if (client) {
    try {
      wasRunning = (await client.call('engine.status', {})).state !== 'stopped';
      await client.call('engine.stop', {});
      const { pid } = await client.call('backend.hello', {});
      client.close();
      process.kill(pid, 'SIGTERM');
      if (!(await waitForExit(pid, 30_000))) process.kill(pid, 'SIGKILL');
    } catch (err) {
      client.close();
      throw err;
    }
  } else {
    const stalePid = await readPidfile(l.backendPidfile);
    if (stalePid && isAlive(stalePid)) {
      process.kill(stalePid, 'SIGTERM');
      await waitForExit(stalePid, 30_000);
    }
    if (process.platform === 'linux') {
      wasRunning = await (process.getuid?.() === 0 ? new NativeDriver(l) : new RootlessDriver(l)).stopOrphan();
    }
    if (await new VmDriver(l).stopOrphan()) wasRunning = true;
  }
  await fs.rm(l.controlSocket, { force: true });
  await fs.rm(l.backendPidfile, { force: true });
  return { wasRunning };
}
