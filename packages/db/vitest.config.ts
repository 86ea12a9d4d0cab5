import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false, env: { TZ: 'UTC' } },
});
