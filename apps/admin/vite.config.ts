import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { compression } from 'vite-plugin-compression2';
import { defineConfig } from 'vitest/config';

const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: each page's chunk brings the components (and their CSS) its templates
    // use, so the sign-in page does not load the whole library (docs/PERFORMANCE.md, Pages).
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
    // X.br and X.gz beside every compressible file, for the server to send as they are.
    compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/, threshold: 1024 }),
  ],
  base: '/admin/',
  server: { port: 5173, proxy: { '/api': api, '/socket.io': { target: api, ws: true } } },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.spec.ts'],
    // A mount with the whole of Element Plus takes seconds on a busy two-core machine: more than the default 5 s per test.
    testTimeout: 30_000,
    // Element Plus' style entries import .css, which Node cannot load: Vite takes them (and drops the CSS).
    server: { deps: { inline: [/element-plus\/es\/components\/.*\/style\/css/] } },
  },
});
