import { defineConfig } from 'vitest/config';

// Nest's DI needs `design:paramtypes`: Vite 8's Oxc reads experimentalDecorators and
// emitDecoratorMetadata from tsconfig.json and emits it, no SWC plugin needed.
// Integration suites share one database server: run files one at a time.
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.int-spec.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    env: { TZ: 'UTC' },
  },
});
