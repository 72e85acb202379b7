import { defineConfig } from '@playwright/test';

/** e2e: Debian's Chromium against the web host of a real backend and engine (see e2e/global-setup.ts). */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  workers: 1,
  // A failed test runs once more before it counts as failed; one that passes only then is reported as flaky and
  // named in npm test's summary (scripts/test-all.ts).
  retries: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'out/test-results/e2e',
  // The visual checks' references (e2e/visual.spec.ts), one folder per spec, named by the test's own names.
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFileName}/{arg}{ext}',
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  reporter: 'list',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
