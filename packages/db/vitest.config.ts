import { defineConfig } from 'vitest/config';

// Two tiers (CONTRIBUTING.md, Tests): `--project unit` (no database) and `--project int` (a real
// database; one file at a time).
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.spec.ts'] } },
      { extends: true, test: { name: 'int', include: ['src/**/*.int-spec.ts'], fileParallelism: false } },
    ],
  },
});
