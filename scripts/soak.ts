/**
 * `npm run soak [-- --steps N] [--seed S]`: the long soak (see e2e/soak/run.ts)
 * against a Berth of its own, in Debian's Chromium. Without --seed a fresh one
 * is drawn and printed, so any failure can be replayed.
 */
import { chromium } from '@playwright/test';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runSoak, SoakFailure } from '../e2e/soak/run.js';
import { startSoakWorld } from '../e2e/soak/world.js';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '2000' }, seed: { type: 'string' }, quiet: { type: 'boolean', default: false } } });
const steps = Number(values.steps);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(steps) || steps < 1 || !Number.isInteger(seed)) {
  console.error('Usage: npm run soak -- [--steps N] [--seed S] (whole numbers).');
  process.exit(2);
}
console.log(`Soak: ${steps} steps, seed ${seed}.`);
const world = await startSoakWorld();
const browser = await chromium.launch({
  executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let code = 0;
try {
  const page = await browser.newPage();
  const summary = await runSoak(page, world, { seed, steps, outDir: join('out', 'soak'), log: values.quiet ? undefined : (l) => console.log(l) });
  console.log(`\nSoak passed: ${summary.steps} steps in ${summary.seconds} s with no difference outliving ${1000} ms (seed ${seed}).`);
  console.log(`Checks that needed a second look: ${summary.lagging}; longest wait after a step: ${summary.longestWaitMs} ms.`);
  for (const [kind, k] of Object.entries(summary.kinds).sort()) console.log(`  ${kind}: ${k.ran}${k.skipped ? ` (${k.skipped} found nothing to act on)` : ''}`);
} catch (err) {
  console.error(err instanceof SoakFailure ? `\n${err.report}` : err);
  console.error(`The Berth home, with the engine's and the backend's logs, is kept: ${world.home}`);
  code = 1;
} finally {
  await browser.close();
  await world.stop(code !== 0);
}
process.exit(code);
