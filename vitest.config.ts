import { defineConfig } from 'vitest/config';

// Browser specs (tests/browser) run with `npm run test:browser`, not here.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/reproduction/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: { provider: 'v8' },
  },
});
