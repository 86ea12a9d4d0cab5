import vue from '@vitejs/plugin-vue';
import type { HtmlTagDescriptor, Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
const base = '/kiosk/';

/**
 * Modules main.ts imports lazily (the phone check-in page's view), with every chunk they import,
 * asked for by index.html beside the entry: else the browser learns of them only once the entry
 * has run, one round trip later on a phone's network (docs/PERFORMANCE.md, Pages). The wall loads
 * the view's few KB for nothing; the shared chunks (the contracts, zod) it needs too. Stylesheets
 * are preloaded, not applied. (The same plugin as apps/admin's.)
 */
function preloadLazy(modules: string[], fetchpriority: 'high' | 'low' | 'auto' = 'auto'): Plugin {
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
        const roots = modules.map((m) => {
          const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(m));
          if (!chunk) throw new Error(`preloadLazy: no chunk for ${m}`);
          return chunk.fileName;
        });
        // What the entry imports statically is in index.html already.
        const entry = closure(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
        const wanted = closure(roots);
        const link = (attrs: HtmlTagDescriptor['attrs']): HtmlTagDescriptor => ({ tag: 'link', attrs, injectTo: 'head' });
        return [
          ...[...wanted.files]
            .filter((f) => !entry.files.has(f))
            .map((f) => link({ rel: 'modulepreload', crossorigin: true, fetchpriority, href: `${base}${f}` })),
          // crossorigin as Vite's loader asks for it, so that its <link rel=stylesheet> takes this response
          ...[...wanted.css]
            .filter((f) => !entry.css.has(f))
            .map((f) => link({ rel: 'preload', as: 'style', crossorigin: true, fetchpriority, href: `${base}${f}` })),
        ];
      },
    },
  };
}

export default defineConfig({
  plugins: [
    vue(),
    // The check-in desk is installable and opens without the network: a service worker (Workbox,
    // generated at build) keeps the app's files and answers every /kiosk/checkin/… navigation with
    // the cached page. It is registered for the check-in pages only (main.ts); the wall is not
    // served from it. The API is never cached by it: the desk keeps its own data in IndexedDB.
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      filename: 'sw.js',
      scope: '/kiosk/checkin/',
      // the icons and the manifest are in globPatterns already
      includeManifestIcons: false,
      manifest: {
        id: '/kiosk/checkin/',
        name: '全民终身学习推进周 · 签到服务台',
        short_name: '签到服务台',
        description: '启动仪式的签到服务台：扫码、查找预报名名单、现场登记，断网时暂存，联网后同步',
        lang: 'zh-CN',
        start_url: '/kiosk/checkin/',
        scope: '/kiosk/checkin/',
        display: 'standalone',
        background_color: '#f3f6fc',
        theme_color: '#1d3a8a',
        icons: [
          { src: 'desk-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'desk-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'desk-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,webmanifest}'],
        navigateFallback: '/kiosk/index.html',
        navigateFallbackAllowlist: [/^\/kiosk\/checkin\//],
        inlineWorkboxRuntime: true,
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
      },
    }),
    preloadLazy(['/src/checkin/PhoneCheckinView.vue']),
    // X.br and X.gz beside every compressible file, for the server to send as they are; the service
    // worker precaches the files themselves (globPatterns above), never these.
    compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/, threshold: 1024 }),
  ],
  base,
  server: { port: 5174, proxy: { '/api': api, '/socket.io': { target: api, ws: true } } },
  test: { environment: 'happy-dom', include: ['test/**/*.spec.ts'] },
});
