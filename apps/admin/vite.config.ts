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
 * The modules index.html's script imports lazily, with everything they import, asked for early: else
 * the browser would learn of them one round trip later each, on a phone's network. Each group is
 * what one kind of page needs (the console: the app, which main.ts starts after the first paint, and
 * the sign-in page's route; the public pages: their own start and page). What every group needs is
 * in index.html as `modulepreload` and style `preload` links; the rest is listed per group in
 * index.html's `#preloads` (JSON, not a script: the CSP runs none inline) for main.ts to ask for
 * that path's group only — a resident's phone does not load the console's 147 KB. Whoever is signed
 * in loads the sign-in page's few KB for nothing (its button, input and form are the console's too).
 * Stylesheets are preloaded, not applied, and all of it at low priority: the first paint waits for
 * none of them (docs/PERFORMANCE.md, Pages). Derived from apps/kiosk's plugin of the same name.
 */
function preloadLazy(groups: Record<string, string[]>): Plugin {
  return {
    name: 'learnweek:preload-lazy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
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
        // What the entry imports statically is in index.html already.
        const entry = closure(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
        const wanted = Object.entries(groups).map(([group, modules]) => {
          const { files, css } = closure(modules.map(rootOf));
          const links = [...[...files].filter((f) => !entry.files.has(f)).map((f) => ({ rel: 'modulepreload', href: `${base}${f}` })), ...[...css].filter((f) => !entry.css.has(f)).map((f) => ({ rel: 'preload', as: 'style', href: `${base}${f}` }))];
          return [group, links] as const;
        });
        // In every group: in index.html itself.
        const inAll = (href: string) => wanted.every(([, links]) => links.some((l) => l.href === href));
        const common = (wanted[0]?.[1] ?? []).filter((l) => inAll(l.href));
        const perGroup = Object.fromEntries(wanted.map(([group, links]) => [group, links.filter((l) => !inAll(l.href))]));
        // crossorigin as Vite's loader asks for it, so that its <link rel=stylesheet> takes this response
        const tags: HtmlTagDescriptor[] = common.map((attrs) => ({ tag: 'link', attrs: { ...attrs, crossorigin: true, fetchpriority: 'low' }, injectTo: 'head' }));
        return [...tags, { tag: 'script', attrs: { type: 'application/json', id: 'preloads' }, children: JSON.stringify(perGroup), injectTo: 'head' }];
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
    VueI18nPlugin({ include: [fileURLToPath(new URL('./src/locales/*.json', import.meta.url))], fullInstall: false, dropMessageCompiler: true }),
    // main.ts chooses the group by the path.
    preloadLazy({ console: ['/src/app.ts', '/src/views/auth/login/index.vue'], public: ['/src/views/public/start.ts', '/src/views/public/calendar/index.vue', '/src/views/public/exemplars/index.vue'] }),
    // X.br and X.gz beside every compressible file, for the server to send as they are.
    compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/, threshold: 1024 }),
  ],
  base,
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
