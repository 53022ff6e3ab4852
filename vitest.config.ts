import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each file makes its own SQLite files and PostgreSQL databases, so files may run side by side.
    // A cap, not a measure: CLI tests spawn the real command many times on a 2-core machine.
    testTimeout: 180_000,
    // Vitest's default is one worker per core but one; most test time here is spent waiting on
    // child processes, PostgreSQL and the browser, so two files at a time use the machine better.
    maxWorkers: 2,
    // Browser tests load the built web app; this builds it when a source changed.
    globalSetup: ['src/e2e/global-setup.ts'],
    hookTimeout: 60_000,
  },
});
