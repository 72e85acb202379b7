/**
 * The backend process: owns the supervisor and the services of one Berth
 * home and serves them on a private unix control socket. The CLI, the web
 * host and the Electron app are its clients. Started detached by launch.ts.
 */
import { createServer, type Server } from 'node:net';
import { promises as fs } from 'node:fs';
import { defaultHome, layout } from '../engine/paths.js';
import { isOurDockerd, prepareHome } from '../engine/native.js';
import { isOurQemu, vmLayout } from '../engine/vm/vm-driver.js';
import { readSettings } from '../settings/index.js';
import { socketCarrier } from '../rpc/node-carriers.js';
import { isAlive, readPidfile, writeFileAtomic } from '../util/fs.js';
import { createBackend } from './backend.js';

async function main(): Promise<void> {
  const l = layout(defaultHome());
  await prepareHome(l);
  const other = await readPidfile(l.backendPidfile);
  if (other && other !== process.pid && isAlive(other)) {
    console.error(`Another Berth backend (pid ${other}) already serves ${l.home}.`);
    process.exit(3);
  }
  await writeFileAtomic(l.backendPidfile, `${process.pid}\n`);

  let server: Server | undefined;
  let quitting = false;
  /** Leave: stopping the engine (a signal), or not (a handover to a newer backend, which adopts it). */
  const leave = async (why: string, stopEngine: boolean) => {
    if (quitting) return;
    quitting = true;
    console.log(`Berth backend: ${why}, ${stopEngine ? 'stopping the engine' : 'leaving the engine running'}`);
    server?.close();
    if (stopEngine) {
      try {
        await supervisor.stop();
      } catch (err) {
        console.error(`Berth backend: stopping the engine failed: ${(err as Error).message}`);
      }
    }
    await fs.rm(l.controlSocket, { force: true });
    if ((await readPidfile(l.backendPidfile)) === process.pid) await fs.rm(l.backendPidfile, { force: true });
    process.exit(0);
  };
  const { router, supervisor } = await createBackend(l, () => void leave('a newer Berth takes over', false));
  // An engine of ours that a killed backend left running is taken over at once, so every client sees it running.
  // (A VM is booted again: its console and channel were the dead backend's.)
  const mode = (await readSettings(l.settingsFile)).engine.mode;
  const orphan = await readPidfile(mode === 'vm' ? vmLayout(l).pidfile : l.enginePidfile);
  const ours = orphan && isAlive(orphan) && (mode === 'vm' ? await isOurQemu(orphan, vmLayout(l)) : mode === 'native' && (await isOurDockerd(orphan, l)));
  if (ours) void supervisor.start().catch(() => undefined);

  supervisor.subscribe((s) => {
    void writeFileAtomic(l.stateFile, JSON.stringify(s) + '\n').catch(() => undefined);
  });
  await writeFileAtomic(l.stateFile, JSON.stringify(supervisor.status()) + '\n');

  await fs.rm(l.controlSocket, { force: true });
  server = createServer((socket) => router.serve(socketCarrier(socket)));
  const oldMask = process.umask(0o177);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(l.controlSocket, () => resolve());
  });
  process.umask(oldMask);
  await fs.chmod(l.controlSocket, 0o600);
  console.log(`Berth backend ${process.pid} serving ${l.controlSocket}`);

  process.on('SIGTERM', () => void leave('SIGTERM', true));
  process.on('SIGINT', () => void leave('SIGINT', true));
  process.on('SIGHUP', () => undefined);
}

main().catch((err: Error) => {
  console.error(`Berth backend could not start: ${err.message}`);
  process.exit(1);
});
