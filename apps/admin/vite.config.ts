import { fileURLToPath } from 'node:url';
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { compression } from 'vite-plugin-compression2';
import { defineConfig } from 'vitest/config';
import { preloadLazy } from '../../tools/vite/preload-lazy.ts';

const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
const base = '/admin/';

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: each page's chunk brings the components (and their CSS) its templates
    // use, so the sign-in page does not load the whole library (docs/PERFORMANCE.md, Pages).
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
    // The locale files compiled at build: vue-i18n's runtime-only build, no message compiler in the
    // bundle, nothing compiled in the browser (docs/PERFORMANCE.md, Pages). The console uses t() only.
    VueI18nPlugin({
      include: [fileURLToPath(new URL('./src/locales/*.json', import.meta.url))],
      fullInstall: false,
      dropMessageCompiler: true,
    }),
    // What each page starts lazily, asked for early at low priority: the first paint waits for none of
    // it (index.html, the console: the app, which main.ts starts after the first paint, and the sign-in
    // page's route — whoever is signed in loads its few KB for nothing; public.html, a resident's link:
    // its own start and pages).
    preloadLazy({
      base,
      fetchpriority: 'low',
      pages: {
        'index.html': ['/src/app.ts', '/src/views/auth/login/index.vue'],
        'public.html': [
          '/src/views/public/start.ts',
          '/src/views/public/calendar/index.vue',
          '/src/views/public/exemplars/index.vue',
          '/src/views/public/notice/index.vue',
        ],
      },
    }),
    // X.br and X.gz beside every compressible file, for the server to send as they are.
    compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/, threshold: 1024 }),
  ],
  base,
  // Two pages: the console (index.html) and the public pages a resident opens (public.html, which
  // the API sends for their paths; the dev server sends index.html, whose router has them too).
  build: {
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        public: fileURLToPath(new URL('./public.html', import.meta.url)),
      },
    },
  },
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
