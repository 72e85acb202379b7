import { defineConfig } from 'vitest/config';

/** Unit tests: pure logic, beside the code they test. */
export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts', 'electron/**/*.test.ts', 'e2e/soak/*.test.ts'],
    exclude: ['**/*.int.test.ts', 'node_modules/**'],
    environment: 'node',
  },
});
