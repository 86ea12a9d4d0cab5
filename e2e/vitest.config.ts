import { defineConfig } from 'vitest/config';

// Browser tests: the built API, admin and kiosk on a real database, driven in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // expect.poll waits for a condition; 1 s (the default) is too short for a 2-core CI machine
    // that also re-encodes photos and runs PostgreSQL. Playwright's own waits use 30 s.
    expect: { poll: { timeout: 10_000 } },
    env: { TZ: 'UTC' },
  },
});
