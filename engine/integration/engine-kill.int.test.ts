/**
 * An engine killed from outside comes back, however often it happens:
 * `kill -9` of dockerd five times in a row, each time after it answered
 * again, and each time the engine's own `/_ping` answers again with a new
 * process and the restart counted. How fast: bench/engine-recovery.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../contract/index.js';
import { layout } from '../engine/paths.js';
import { ping } from '../engine/driver.js';
import { isAlive, readPidfile, sleep } from '../util/fs.js';
import { berth, removeHomes, tempHome } from './harness.js';

const home = tempHome('kill');
const l = layout(home);
const engine = { socketPath: l.engineSocket };
const KILLS = 5;

beforeAll(async () => {
  const up = await berth(home, ['engine', 'up']);
  expect(up.code, up.stderr).toBe(0);
});
afterAll(removeHomes);

/** Until the engine answers `/_ping` (the truth of "back", whatever Berth's state says). */
async function answering(): Promise<void> {
  while (!(await ping(engine, 1000))) await sleep(20);
}

describe('native engine killed again and again', () => {
  it(`answers again after each of ${KILLS} kill -9 in a row`, async () => {
    await answering();
    const recoveries: number[] = [];
    const pids: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      const pid = (await readPidfile(l.enginePidfile))!;
      pids.push(pid);
      const killedAt = performance.now();
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await sleep(5);
      await answering();
      recoveries.push(Math.round(performance.now() - killedAt));
    }
    console.log(`recovery after each kill -9 (ms): ${recoveries.join(', ')}`);
    expect(new Set(pids).size).toBe(KILLS);
    const status = JSON.parse((await berth(home, ['engine', 'status'])).stdout) as EngineStatus;
    expect(status).toMatchObject({ state: 'running', restarts: KILLS });
  });
});
