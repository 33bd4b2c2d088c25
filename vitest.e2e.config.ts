import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium against the loopback server on a temporary database (`npm run e2e`).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
