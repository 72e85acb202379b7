/**
 * Recovery from `kill -9`: dockerd killed from outside five times in a row on a running Berth engine, each time
 * timed from the kill to the engine's own `/_ping` answering again — against the same dockerd started by hand on a
 * fresh home (baseline), in the same run. (The functional side — it comes back every time, with a new process and the
 * restart counted — is engine/integration/engine-kill.int.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { runBerth } from '../e2e/fixtures/berth.js';
import { ping } from '../engine/engine/driver.js';
import { layout } from '../engine/engine/paths.js';
import { isAlive, readPidfile, sleep } from '../engine/util/fs.js';
import { handColdStart } from './engine-start.js';
import { median, type BenchResult } from './stats.js';

export async function benchEngineRecovery(kills = 5): Promise<BenchResult[]> {
  const home = mkdtempSync('/tmp/br-');
  const l = layout(home);
  const recoveries: number[] = [];
  const hand: number[] = [];
  const up = await runBerth(home, ['engine', 'up']);
  if (up.code !== 0) throw new Error(up.stderr);
  try {
    for (let i = 0; i < kills; i++) {
      const pid = await readPidfile(l.enginePidfile);
      if (!pid) throw new Error('the engine wrote no pidfile');
      const t0 = performance.now();
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await sleep(5);
      while (!(await ping({ socketPath: l.engineSocket }, 1000))) await sleep(10);
      recoveries.push(performance.now() - t0);
    }
  } finally {
    await runBerth(home, ['engine', 'down']);
    rmSync(home, { recursive: true, force: true });
  }
  for (let i = 0; i < 3; i++) hand.push(await handColdStart());
  return [
    {
      name: `engine back after kill -9 of dockerd (${kills} in a row, ms to /_ping)`,
      unit: 'ms',
      subject: { label: 'Berth’s supervisor: kill → restart → /_ping', samples: recoveries, median: median(recoveries) },
      baseline: { label: 'the same dockerd started by hand on a fresh home', samples: hand, median: median(hand) },
    },
  ];
}
