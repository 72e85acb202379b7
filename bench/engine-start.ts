/**
 * Engine cold start to `/_ping`: Berth (`berth engine up` on a fresh home:
 * backend, bridge, dockerd, readiness) against the same dockerd started by
 * hand with the same flags (baseline), alternating, in the same run.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { runBerth } from '../e2e/fixtures/berth.js';
import { ping } from '../engine/engine/driver.js';
import { layout } from '../engine/engine/paths.js';
import { dockerdArgs } from '../engine/engine/native.js';
import { unmountUnder } from '../engine/engine/mounts.js';
import { killStrays } from '../engine/engine/strays.js';
import { waitForExit } from '../engine/util/fs.js';
import { connectBackend, ensureBackend, stopEngineAndBackend } from '../engine/backend/launch.js';
import { median, type BenchResult } from './stats.js';
import { bundleEngine, ENGINE_BUNDLE } from '../scripts/bundle/engine.js';

/** `berth engine up` as a user runs it: CLI, backend process, engine. */
async function berthColdStart(): Promise<number> {
  const home = mkdtempSync('/tmp/bb-');
  const t0 = performance.now();
  const up = await runBerth(home, ['engine', 'up']);
  const ms = performance.now() - t0;
  if (up.code !== 0) throw new Error(up.stderr);
  await runBerth(home, ['engine', 'down']);
  rmSync(home, { recursive: true, force: true });
  return ms;
}

/** `npm run berth -- engine up`: the CLI and the backend both from the engine bundle, plain Node, no tsx. */
async function bundleColdStart(): Promise<number> {
  const home = mkdtempSync('/tmp/bb-');
  const env = { ...process.env, BERTH_HOME: home };
  const t0 = performance.now();
  execFileSync(process.execPath, [ENGINE_BUNDLE, 'engine', 'up'], { env, stdio: 'ignore' });
  const ms = performance.now() - t0;
  execFileSync(process.execPath, [ENGINE_BUNDLE, 'engine', 'down'], { env, stdio: 'ignore' });
  rmSync(home, { recursive: true, force: true });
  return ms;
}

/** The supervisor alone: `engine.start` on a running backend of a fresh home. */
async function supervisorColdStart(): Promise<number> {
  const home = mkdtempSync('/tmp/bs-');
  await ensureBackend(home);
  const client = await connectBackend(home);
  const t0 = performance.now();
  await client!.call('engine.start', {});
  const ms = performance.now() - t0;
  client!.close();
  await stopEngineAndBackend(home);
  rmSync(home, { recursive: true, force: true });
  return ms;
}

/** The same dockerd started by hand on a fresh home: bridge, spawn, `/_ping`. */
export async function handColdStart(): Promise<number> {
  const home = mkdtempSync('/tmp/bh-');
  const l = layout(home);
  for (const d of [l.runDir, l.dataRoot, l.execRoot]) mkdirSync(d, { recursive: true });
  writeFileSync(l.daemonConfig, '{}\n');
  const bridge = 'bench-hand0';
  const t0 = performance.now();
  execFileSync('ip', ['link', 'add', bridge, 'type', 'bridge']);
  execFileSync('ip', ['addr', 'add', '172.28.254.1/24', 'dev', bridge]);
  execFileSync('ip', ['link', 'set', bridge, 'up']);
  const child = spawn('dockerd', dockerdArgs(l, bridge), { stdio: 'ignore', detached: true });
  while (!(await ping({ socketPath: l.engineSocket }, 1000))) await new Promise((r) => setTimeout(r, 10));
  const ms = performance.now() - t0;
  child.kill('SIGTERM');
  await waitForExit(child.pid!, 20_000);
  await killStrays(l.execRoot + '/');
  await unmountUnder([l.dataRoot, l.execRoot]);
  execFileSync('ip', ['link', 'del', bridge]);
  rmSync(home, { recursive: true, force: true });
  return ms;
}

export async function benchEngineStart(rounds = 5): Promise<BenchResult[]> {
  const berth: number[] = [];
  const supervisor: number[] = [];
  const hand: number[] = [];
  const bundled: number[] = [];
  await bundleEngine();
  for (let i = 0; i < rounds; i++) {
    hand.push(await handColdStart());
    bundled.push(await bundleColdStart());
    berth.push(await berthColdStart());
    supervisor.push(await supervisorColdStart());
  }
  const baseline = { label: 'same dockerd by hand (bridge + spawn + /_ping)', samples: hand, median: median(hand) };
  return [
    {
      name: 'engine cold start to /_ping, as the user sees it',
      unit: 'ms',
      subject: {
        label: '`berth engine up` on a fresh home through tsx (CLI + backend process + engine), as the tests run it',
        samples: berth,
        median: median(berth),
      },
      baseline,
    },
    {
      name: 'engine cold start to /_ping, from the engine bundle (`npm run berth`, `npm start`)',
      unit: 'ms',
      subject: { label: '`berth engine up` on a fresh home, CLI and backend as built JavaScript', samples: bundled, median: median(bundled) },
      baseline,
    },
    {
      name: 'engine cold start to /_ping, supervisor only',
      unit: 'ms',
      subject: { label: 'engine.start on a running backend, fresh home', samples: supervisor, median: median(supervisor) },
      baseline,
    },
  ];
}
