import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The storage suites open real databases; two workers keep a 2-core machine busy without thrashing.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
