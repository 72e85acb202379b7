import { defineConfig } from 'vitest/config';

/** Unit tests: pure logic, beside the code they test. */
export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts', 'electron/**/*.test.ts', 'e2e/soak/*.test.ts'],
    exclude: ['**/*.int.test.ts', 'node_modules/**'],
    environment: 'node',
    // Seeded property tests run thousands of cases: on a busy 2-core machine one took 8.9 s and failed vitest's
    // default 5 s. A timeout is a hang guard here, never a measure of speed (benchmarks measure speed).
    testTimeout: 60_000,
  },
});
