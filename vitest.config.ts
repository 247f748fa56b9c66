import { defineConfig } from 'vitest/config';

// Browser specs (tests/browser) run with `npm run test:browser`, not here.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/reproduction/**/*.test.ts'],
    pool: 'forks',
    // One fork per core: vitest's default leaves one core idle (on 2 cores the files ran one at a time, 2 min 48 s instead of about half).
    maxWorkers: '100%',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: { provider: 'v8' },
  },
});
