import { defineConfig } from 'vitest/config';

// The fuzz suite (`npm run test:fuzz`): kept out of `npm test`'s include so the normal suite stays
// fast; one file, a few minutes at most on two cores.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/fuzz/**/*.fuzz.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    env: { TZ: 'UTC' },
  },
});
