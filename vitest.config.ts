import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each file makes its own SQLite files and PostgreSQL databases, so files may run side by side.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
