import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`): out of `npm test`'s include. It makes its own PostgreSQL
// cluster, Redis and API processes (the built dist) and takes a few minutes on two cores.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/faults/**/*.fault-spec.ts'],
    environment: 'node',
    testTimeout: 150_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    env: { TZ: 'UTC' },
  },
});
