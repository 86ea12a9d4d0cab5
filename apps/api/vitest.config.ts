import { defineConfig } from 'vitest/config';

// Nest's DI needs `design:paramtypes`: Vite 8's Oxc reads experimentalDecorators and
// emitDecoratorMetadata from tsconfig.json and emits it, no SWC plugin needed.
// Two tiers (CONTRIBUTING.md, Tests): `--project unit` (next to the code, no database) and
// `--project int` (a real database; the files share one server, so they run one at a time).
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.spec.ts'] } },
      { extends: true, test: { name: 'int', include: ['src/**/*.int-spec.ts', 'test/**/*.int-spec.ts'], fileParallelism: false } },
    ],
  },
});
