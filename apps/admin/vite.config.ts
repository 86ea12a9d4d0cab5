import { fileURLToPath } from 'node:url';
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import type { HtmlTagDescriptor, Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { defineConfig } from 'vitest/config';

const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
const base = '/admin/';

/**
 * The modules an HTML page's entry imports lazily, with everything they import, asked for early:
 * else the browser would learn of them one round trip later each, on a phone's network. Each page
 * lists what it starts (index.html, the console: the app, which main.ts starts after the first
 * paint, and the sign-in page's route; public.html, a resident's link: its own start and pages);
 * they are linked in that page as `modulepreload` and style `preload`, at low priority: the first
 * paint waits for none of them (docs/PERFORMANCE.md, Pages). Whoever is signed in loads the sign-in
 * page's few KB for nothing (its button, input and form are the console's too). Derived from
 * apps/kiosk's plugin of the same name.
 */
function preloadLazy(pages: Record<string, string[]>): Plugin {
  return {
    name: 'learnweek:preload-lazy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk: entry, path: page }) {
        const lazy = pages[page.replace(/^\//, '')];
        if (!lazy) throw new Error(`preloadLazy: no list for ${page}`);
        const chunks = Object.values(bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const byName = new Map(chunks.map((c) => [c.fileName, c]));
        /** Chunks with every chunk they import, and their stylesheets. */
        const closure = (from: string[]) => {
          const files = new Set<string>();
          const css = new Set<string>();
          const visit = (fileName: string) => {
            const chunk = byName.get(fileName);
            if (!chunk || files.has(fileName)) return;
            files.add(fileName);
            chunk.viteMetadata?.importedCss.forEach((f) => css.add(f));
            chunk.imports.forEach(visit);
          };
          from.forEach(visit);
          return { files, css };
        };
        const rootOf = (m: string) => {
          const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(m));
          if (!chunk) throw new Error(`preloadLazy: no chunk for ${m}`);
          return chunk.fileName;
        };
        // What the entry imports statically Vite links already.
        const linked = closure(entry ? [entry.fileName] : []);
        const { files, css } = closure(lazy.map(rootOf));
        // crossorigin as Vite's loader asks for it, so that its <link rel=stylesheet> takes this response
        const attrs = { crossorigin: true, fetchpriority: 'low' };
        return [
          ...[...files]
            .filter((f) => !linked.files.has(f))
            .map((f): HtmlTagDescriptor => ({
              tag: 'link',
              attrs: { rel: 'modulepreload', href: `${base}${f}`, ...attrs },
              injectTo: 'head',
            })),
          ...[...css]
            .filter((f) => !linked.css.has(f))
            .map((f): HtmlTagDescriptor => ({
              tag: 'link',
              attrs: { rel: 'preload', as: 'style', href: `${base}${f}`, ...attrs },
              injectTo: 'head',
            })),
        ];
      },
    },
  };
}

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
    preloadLazy({
      'index.html': ['/src/app.ts', '/src/views/auth/login/index.vue'],
      'public.html': ['/src/views/public/start.ts', '/src/views/public/calendar/index.vue', '/src/views/public/exemplars/index.vue'],
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
