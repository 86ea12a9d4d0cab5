import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [vue()],
  base: '/admin/',
  server: { port: 5173, proxy: { '/api': api, '/socket.io': { target: api, ws: true } } },
  build: { chunkSizeWarningLimit: 2_000 },
  // A mount with the whole of Element Plus takes seconds on a busy two-core machine: more than the default 5 s per test.
  test: { environment: 'happy-dom', include: ['test/**/*.spec.ts'], testTimeout: 30_000 },
});
