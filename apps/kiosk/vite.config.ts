import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [vue()],
  base: '/kiosk/',
  server: { port: 5174, proxy: { '/api': api, '/socket.io': { target: api, ws: true } } },
  test: { environment: 'happy-dom', include: ['test/**/*.spec.ts'] },
});
