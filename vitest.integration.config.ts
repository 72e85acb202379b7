import { defineConfig } from 'vitest/config';

/** Integration tests: a real dockerd started through Berth's own engine code. One file at a time; a failed test runs a second time. */
export default defineConfig({
  test: {
    include: ['engine/**/*.int.test.ts'],
    environment: 'node',
    fileParallelism: false,
    // A test against real engines, namespaces and timers that fails is run once more before it counts as failed;
    // one that passes only then is named in npm test's summary (scripts/test-all.ts) so it gets fixed.
    retry: 1,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
