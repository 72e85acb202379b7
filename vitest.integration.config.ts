import { defineConfig } from 'vitest/config';

/** Integration tests: a real dockerd started through Berth's own engine code. One file at a time. */
export default defineConfig({
  test: {
    include: ['engine/**/*.int.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
