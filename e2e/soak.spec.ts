/**
 * The soak, short and seeded (the long one is `npm run soak`): random steps of
 * a user's day from the docker CLI and the UI against a Berth of its own; the
 * page must show what the engine says within a second after every step.
 */
import { test } from '@playwright/test';
import { join } from 'node:path';
import { runSoak, SoakFailure } from './soak/run.js';
import { startSoakWorld, type SoakWorld } from './soak/world.js';

const STEPS = Number(process.env.BERTH_SOAK_STEPS ?? 150);
const SEED = Number(process.env.BERTH_SOAK_SEED ?? 20261204);

let world: SoakWorld | undefined;
test.afterAll(async () => {
  await world?.stop();
});

test(`soak: ${STEPS} random steps (seed ${SEED}) and the page always catches up with the engine within a second`, async ({ page }) => {
  test.setTimeout(20 * 60_000);
  world = await startSoakWorld();
  try {
    const summary = await runSoak(page, world, { seed: SEED, steps: STEPS, outDir: join('out', 'test-results', 'soak') });
    console.log(
      `soak: ${summary.steps} steps in ${summary.seconds} s, ${summary.lagging} checks needed a second look, longest wait ${summary.longestWaitMs} ms`,
    );
  } catch (err) {
    if (err instanceof SoakFailure) throw new Error(err.report);
    throw err;
  }
});
